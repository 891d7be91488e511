// The policy pack config is checked as the Pulumi engine checks it (pkg/resource/analyzer/
// config.go) before any policy runs. Before, "Mandatory" or "mandtory" silently downgraded every
// violation to the pack's default (advisory) and the PR gate passed.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/main";
import { memoryIo, project } from "./support";
import { parsePolicyPackConfig, PolicyPackConfigError } from "../../plan/policyPackConfig";
import { policies } from "../../policypack/policies";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const wide = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "ec2-instance-connect:SendSerialConsoleSSHPublicKey", Resource: "*" }],
});

function problems(config: unknown): string[] {
  try {
    parsePolicyPackConfig(JSON.stringify(config), policies);
    return [];
  } catch (e) {
    assert.ok(e instanceof PolicyPackConfigError);
    return e.problems;
  }
}

describe("policy pack config, checked as the engine checks it", () => {
  for (const file of fs.readdirSync(path.join(ROOT, "policypack", "config"))) {
    it(`the example ${file} passes`, () => {
      assert.deepEqual(problems(JSON.parse(fs.readFileSync(path.join(ROOT, "policypack", "config", file), "utf8"))), []);
    });
  }

  it("a misspelt enforcement level exits 2 instead of downgrading the violation", async () => {
    for (const level of ["Mandatory", "mandtory"]) {
      const dir = project({ "pack.json": JSON.stringify({ "require-serial-console-instance-scope": { enforcementLevel: level } }) });
      const io = memoryIo(dir, wide);
      const code = await main(["check-policy", "-", "--policy-config", "pack.json"], io);
      assert.equal(io.out, "");
      assert.equal(
        io.err,
        `ec2-access: pack.json: require-serial-console-instance-scope.enforcementLevel: got "${level}"; expected an enforcement level: advisory | mandatory | remediate | disabled; did you mean \`mandatory\`?\n`,
      );
      assert.equal(code, 2);
    }
  });

  it("accepts the engine's shorthand and every level it knows", () => {
    for (const level of ["advisory", "mandatory", "remediate", "disabled"]) {
      assert.deepEqual(
        problems({
          all: level,
          "require-serial-console-instance-scope": level,
          "restrict-session-termination": { enforcementLevel: level },
        }),
        [],
      );
    }
    assert.deepEqual(parsePolicyPackConfig("  \n", policies), undefined, "empty text is no config, as in the engine");
    assert.deepEqual(parsePolicyPackConfig("null", policies), undefined, "so is null (Go reads it into a nil map)");
    assert.throws(() => parsePolicyPackConfig('["mandatory"]', policies), /got \["mandatory"\]; expected a JSON object of policy names/);
  });

  it("names the policy and the key of every problem at once", () => {
    assert.deepEqual(
      problems({
        all: "Advisory",
        "require-serial-console-instance-scop": "mandatory",
        "restrict-session-termination": 5,
        "require-serial-console-instance-scope": { allowAllInstancesInStack: ["dev"] },
        "restrict-instance-connect-tunnel": { allowedPorts: ["22"] },
        environments: ["org/policy"],
      }),
      [
        'all: got "Advisory"; expected an enforcement level: advisory | mandatory | remediate | disabled; did you mean `advisory`?',
        'require-serial-console-instance-scop: unknown policy; expected "all" or a policy of this pack; did you mean `require-serial-console-instance-scope`?',
        "restrict-session-termination: got 5; expected an enforcement level (advisory | mandatory | remediate | disabled) or an object of settings",
        "require-serial-console-instance-scope.allowAllInstancesInStack: unknown setting; expected one of enforcementLevel, allowAllInstancesInStacks, exemptions; did you mean `allowAllInstancesInStacks`?",
        "environments: imports org/policy, which cannot be opened offline; expected the policies' settings written in this file",
        `restrict-instance-connect-tunnel.allowedPorts[0]: got "22"; expected a value that satisfies the policy's configSchema (must be number)`,
      ],
    );
  });

  it("ESC environments in a pack config must be names, and cannot be opened offline (found by the fuzz test)", () => {
    assert.deepEqual(problems({ environments: [{ toString: {} }, "org/env"] }), [
      'environments[0]: got {"toString":{}}; expected an ESC environment name',
    ]);
    assert.deepEqual(problems({ environments: "org/env" }), ['environments: got "org/env"; expected a list of ESC environment names']);
  });

  it('"all" as an object sets every level, as in the engine (it was ignored before)', async () => {
    const dir = project({ "pack.json": JSON.stringify({ all: { enforcementLevel: "disabled" } }) });
    const io = memoryIo(dir, wide);
    assert.equal(await main(["check-policy", "-", "--policy-config", "pack.json"], io), 0);
    assert.match(io.out, /^no violations$/m);
  });

  it("the plan reports the stack's problems and the pack config's together", async () => {
    const dir = project({
      "Pulumi.s.yaml": "config:\n  aws:region: mars-1\n  ec2-access:environment: dev\n",
      "pack.json": '{"all": "Mandatory"}',
    });
    const io = memoryIo(dir);
    assert.equal(await main(["plan", "--stack", "s", "--policy-config", "pack.json"], io), 2);
    assert.equal(io.out, "");
    assert.match(io.err, /aws:region: got "mars-1"; expected an AWS Region code/);
    assert.match(io.err, /pack\.json: all: got "Mandatory"; expected an enforcement level/);
  });

  it("the plan refuses a bad pack config before any policy runs", async () => {
    const io = memoryIo(ROOT);
    const dir = project({ "pack.json": '{"all": "mandtory"}' });
    const code = await main(["plan", "--stack", "dev", "--policy-config", path.join(dir, "pack.json")], io);
    assert.equal(code, 2);
    assert.equal(io.out, "");
    assert.match(io.err, /pack\.json: all: got "mandtory"; expected an enforcement level/);
  });
});
