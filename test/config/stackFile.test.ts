// Reading Pulumi.<stack>.yaml offline: the same flat map allConfig() gives, secrets replaced.
import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadStackConfig } from "../../config/load";
import { flattenConfig, readStackFile, SECRET_PLACEHOLDER } from "../../config/stackFile";

const dir = mkdtempSync(join(tmpdir(), "stack-file-"));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const PROD = `config:
  aws:region: us-east-1
  ec2-access:environment: prod
  ec2-access:accountId: "111122223333"
  ec2-access:maxManagedPoliciesPerPrincipal: 12
  ec2-access:serialConsole:
    accountAccess: enabled
    osPassword:
      user: root
      password:
        secure: v1:VZAhuroR69FkEPTk:isKafsoZVMWA9pQayGzbWNynww==
      instanceIds: [i-0598c7d356eba48d7]
  ec2-access:token:
    secure: v1:abc
`;

describe("stack file", () => {
  it("flattens a stack file as allConfig() would, with secrets replaced at any depth", () => {
    const { config, secretKeys, raw } = readStackFile(write("Pulumi.prod.yaml", PROD));
    assert.equal(config["aws:region"], "us-east-1");
    assert.equal(config["ec2-access:accountId"], "111122223333");
    assert.equal(config["ec2-access:maxManagedPoliciesPerPrincipal"], "12");
    assert.deepEqual(JSON.parse(config["ec2-access:serialConsole"]).osPassword.password, SECRET_PLACEHOLDER);
    assert.equal(config["ec2-access:token"], SECRET_PLACEHOLDER);
    assert.deepEqual(secretKeys, ["ec2-access:serialConsole", "ec2-access:token"]);
    assert.deepEqual((raw["ec2-access:serialConsole"] as { osPassword: { password: unknown } }).osPassword.password, {
      secure: "v1:VZAhuroR69FkEPTk:isKafsoZVMWA9pQayGzbWNynww==",
    });
  });

  it("gives a placeholder that passes validation, so the offline plan can run", () => {
    const { config } = readStackFile(write("Pulumi.ok.yaml", PROD.replace(/ {2}ec2-access:token:\n.*\n/, "")));
    assert.equal(loadStackConfig(config, "prod").serialConsole?.osPassword?.password, SECRET_PLACEHOLDER);
  });

  it("puts unqualified keys in the project's namespace, as the Pulumi CLI does", () => {
    assert.deepEqual(flattenConfig({ environment: "dev", regions: ["us-east-1"], "aws:region": "us-east-1" }), {
      config: { "ec2-access:environment": "dev", "ec2-access:regions": '["us-east-1"]', "aws:region": "us-east-1" },
      secretKeys: [],
    });
  });

  it("turns a YAML syntax error into a ConfigError naming the file and line", () => {
    const path = write("Pulumi.bad.yaml", "config:\n  aws:region: us-east-1\n  ec2-access:regions: [us-east-1\n");
    assert.throws(
      () => readStackFile(path),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems.length, 1);
        assert.match(
          e.problems[0],
          new RegExp(`^${path.replace(/[.\\]/g, "\\$&")}:4:1: got invalid YAML \\(.+\\); expected a Pulumi stack file$`),
        );
        return true;
      },
    );
  });

  it("reports a duplicate key with its line", () => {
    const path = write("Pulumi.dup.yaml", "config:\n  aws:region: us-east-1\n  aws:region: eu-west-1\n");
    assert.throws(
      () => readStackFile(path),
      (e: unknown) => e instanceof ConfigError && e.problems[0].startsWith(`${path}:3:3: got invalid YAML (Map keys must be unique`),
    );
  });

  it("refuses a missing file and a config that is not a map", () => {
    assert.throws(
      () => readStackFile(join(dir, "nope.yaml")),
      (e: unknown) =>
        e instanceof ConfigError && e.problems[0] === `${join(dir, "nope.yaml")}: got ENOENT; expected a readable Pulumi stack file`,
    );
    const path = write("Pulumi.list.yaml", "config: [a, b]\n");
    assert.throws(
      () => readStackFile(path),
      (e: unknown) =>
        e instanceof ConfigError && e.problems[0] === `${path}: got a config: that is not a map; expected a map with a config: map of keys`,
    );
  });

  it("reads a stack file without config as an empty configuration", () => {
    assert.deepEqual(readStackFile(write("Pulumi.empty.yaml", "secretsprovider: passphrase\n")).config, {});
  });
});
