// The OS password script as bash runs it on an instance without the AWS CLI: it must stop
// before touching the password and say why, not fail with "aws: command not found".
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { osPasswordScript } from "../../documents/osPassword";

describe("serial console OS password script", () => {
  const script = osPasswordScript({
    user: "root",
    parameterName: "/ec2-access/dev/serial-console/os-password/root",
    region: "us-east-1",
  }).join("\n");

  it("stops with a message that says why when the AWS CLI is missing", () => {
    // A PATH holding only `id`: no aws, no chpasswd, so nothing can be changed whatever happens.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-bin-"));
    fs.symlinkSync("/usr/bin/id", path.join(bin, "id"));
    const run = spawnSync("/usr/bin/bash", ["--norc", "--noprofile", "-c", script], {
      env: { PATH: bin },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      "the AWS CLI (aws) is not installed on this instance: it reads the password from SSM parameter /ec2-access/dev/serial-console/os-password/root; install AWS CLI v2 and run the association again\n",
    );
  });
});
