// organization.serialConsoleDeclarativePolicy: the EC2 declarative policy that sets the serial
// console's account access, compared with the contents the AWS Organizations User Guide defines,
// its configuration errors, and the offline plan of a management-account stack that uses it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { declarativePolicyConflicts, serialConsoleDeclarativePolicy } from "../../documents/declarativePolicy";
import { ConfigError, loadStackConfig } from "../../config/load";
import { readStackFile } from "../../config/stackFile";
import { runPlan } from "../../plan/run";

/**
 * AWS Organizations User Guide, "Declarative policy syntax and examples", Serial Console Access,
 * "Policy contents" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html),
 * as the page prints it; transcribed from the page's text as the code index holds it.
 */
const AWS_SERIAL_CONSOLE_DECLARATIVE_POLICY = `{
  "ec2_attributes": {
    "serial_console_access": {
      "status": {
        "@@assign": "enabled"
      }
    }
  }
}`;

const ROOT = path.resolve(__dirname, "..", "..", "..");

describe("organization: serial console declarative policy", () => {
  it("has the contents AWS's page gives, for either status", () => {
    assert.deepEqual(serialConsoleDeclarativePolicy("enabled"), JSON.parse(AWS_SERIAL_CONSOLE_DECLARATIVE_POLICY));
    assert.deepEqual(
      serialConsoleDeclarativePolicy("disabled"),
      JSON.parse(AWS_SERIAL_CONSOLE_DECLARATIVE_POLICY.replace('"enabled"', '"disabled"')),
    );
  });

  const load = (policy: unknown) =>
    loadStackConfig(
      {
        "aws:region": "us-east-1",
        "ec2-access:environment": "org",
        "ec2-access:organization": JSON.stringify({ serialConsoleDeclarativePolicy: policy }),
      },
      "org",
    );

  it("reads status and targets, with a default name", () => {
    assert.deepEqual(load({ status: "disabled", targetIds: ["ou-abcd-33333333"] }).organization?.serialConsoleDeclarativePolicy, {
      status: "disabled",
      name: "serial-console-access",
      targetIds: ["ou-abcd-33333333"],
    });
  });

  it("names the key, the value and what is expected", () => {
    const problems = (policy: unknown) => {
      try {
        load(policy);
        return [];
      } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
      }
    };
    assert.deepEqual(problems({ status: "off", targetIds: ["ou-abcd-33333333"] }), [
      'ec2-access:organization.serialConsoleDeclarativePolicy.status: got "off"; expected enabled or disabled (the serial_console_access status the policy assigns)',
    ]);
    assert.deepEqual(problems({ status: "disabled", targetIds: [] }), [
      "ec2-access:organization.serialConsoleDeclarativePolicy.targetIds: got []; expected at least one target",
    ]);
  });

  it("the plan registers a DECLARATIVE_POLICY_EC2 with exactly these contents, attached to each target", async function () {
    this.timeout(120_000);
    const file = readStackFile(path.join(ROOT, "Pulumi.org.yaml"));
    const organization = {
      ...(file.raw["ec2-access:organization"] as object),
      serialConsoleDeclarativePolicy: { status: "disabled", targetIds: ["ou-abcd-33333333", "222233334444"] },
    };
    const policyConfigFile = path.join(ROOT, "policypack", "config", "org.json");
    const policyConfig = fs.existsSync(policyConfigFile) ? JSON.parse(fs.readFileSync(policyConfigFile, "utf8")) : undefined;
    const { plan } = await runPlan({ stack: "org", policyConfig, config: { ...file.raw, "ec2-access:organization": organization } });
    const policy = plan.resources.find((r) => r.type === "aws:organizations/policy:Policy" && r.inputs.type === "DECLARATIVE_POLICY_EC2");
    assert.ok(policy, "a declarative policy is registered");
    assert.deepEqual(JSON.parse(policy.inputs.content as string), serialConsoleDeclarativePolicy("disabled"));
    assert.equal(policy.inputs.name, "serial-console-access");
    const attached = plan.resources
      .filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment" && r.name.startsWith(`${policy.name}-`))
      .map((r) => r.inputs.targetId);
    assert.deepEqual(attached.sort(), ["222233334444", "ou-abcd-33333333"]);
    assert.deepEqual(
      plan.violations.filter((v) => v.enforcementLevel === "mandatory"),
      [],
    );
  });
});

describe("organization: stacks under the serial console declarative policy", () => {
  const org = { stack: "org", accountId: "999900001111", declarativeTargetIds: ["ou-abcd-33333333", "111122223333"] };

  it("a member stack that still sets the account's access is refused, naming both stacks", () => {
    assert.deepEqual(declarativePolicyConflicts([org, { stack: "dev", accountId: "111122223333", accountAccess: "enabled" }]), [
      'Pulumi.dev.yaml: ec2-access:serialConsole.accountAccess: got "enabled"; expected unmanaged: account 111122223333 is a target of the serial console declarative policy of stack org, under which EC2 refuses to change the setting',
    ]);
  });

  it("unmanaged, other accounts, and OU targets (membership unknown offline) pass", () => {
    assert.deepEqual(
      declarativePolicyConflicts([
        org,
        { stack: "dev", accountId: "111122223333", accountAccess: "unmanaged" },
        { stack: "prod", accountId: "777788889999", accountAccess: "disabled" },
        { stack: "dev2", accountId: "111122223333" },
      ]),
      [],
    );
  });
});
