// A newcomer's CLI (issue 14): help on every command, the version, and a suggestion for a
// mistyped flag or command; bad usage stays exit 2 with the usage.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/main";
import { COMMANDS } from "../../cli/usage";
import { didYouMean, editDistance } from "../../cli/suggest";
import { ROOT, memoryIo } from "./support";

describe("CLI: help, version, did-you-mean", () => {
  for (const command of Object.keys(COMMANDS)) {
    it(`${command} --help, -h and help ${command} print the command's help, exit 0`, async () => {
      for (const argv of [
        [command, "--help"],
        [command, "-h"],
        ["help", command],
        [command, "--format", "nope", "--help"],
      ]) {
        const io = memoryIo();
        assert.equal(await main(argv, io), 0, argv.join(" "));
        assert.ok(io.out.startsWith(`ec2-access ${command}: `), io.out);
        assert.ok(io.out.includes("--format"), argv.join(" "));
        assert.equal(io.err, "");
      }
    });
  }

  it("--version prints the package's version", async () => {
    const io = memoryIo();
    assert.equal(await main(["--version"], io), 0);
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal(io.out, `ec2-access ${version}\n`);
  });

  it("a mistyped flag names the flag it probably meant, exit 2", async () => {
    const io = memoryIo();
    assert.equal(await main(["plan", "--stak", "dev"], io), 2);
    assert.match(io.err, /^ec2-access: unknown option --stak; did you mean --stack\?\n/);
    const io2 = memoryIo();
    assert.equal(await main(["diff", "--base-dri", "a", "--head-dir", "b"], io2), 2);
    assert.match(io2.err, /^ec2-access: unknown option --base-dri; did you mean --base-dir\?\n/);
  });

  it("a flag like no other lists the command's flags", async () => {
    const io = memoryIo();
    assert.equal(await main(["check-policy", "--zzzzzz", "x.json"], io), 2);
    assert.match(io.err, /^ec2-access: unknown option --zzzzzz; the options are --kind, --policy-config, --format, --help\n/);
  });

  it("a mistyped command names the command it probably meant, exit 2", async () => {
    for (const [typo, meant] of [
      ["pln", "plan"],
      ["check-polcy", "check-policy"],
      ["dif", "diff"],
      ["check-stak", "check-stack"],
    ]) {
      const io = memoryIo();
      assert.equal(await main([typo], io), 2);
      assert.ok(io.err.startsWith(`ec2-access: unknown command "${typo}"; did you mean ${meant}?\n`), io.err);
    }
    const io = memoryIo();
    assert.equal(await main(["help", "pln"], io), 2);
    assert.ok(io.err.startsWith('ec2-access: unknown command "pln"; did you mean plan?\n'));
  });

  it("edit distance and its threshold", () => {
    assert.equal(editDistance("stak", "stack"), 1);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(didYouMean("--polcy-config", ["--policy-config", "--format"]), "--policy-config");
    assert.equal(didYouMean("--xyz", ["--stack", "--format"]), undefined);
    // A unique prefix counts as a typo.
    assert.equal(didYouMean("check-p", ["check-policy", "check-stack"]), "check-policy");
  });
});
