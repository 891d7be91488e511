// The serial console and organisation components, run through the offline plan: the real
// program on Pulumi's mock runtime, with the policy pack run on what it registered.
import assert from "node:assert/strict";
import type { Registration } from "../../plan/capture";
import type { PlanRun } from "../../plan/run";
import { runPlan } from "../../plan/run";
import { serialConsoleGrantDocument } from "../../documents/serialConsole";
import { serialConsoleScpDocument } from "../../documents/serviceControlPolicy";
import { osPasswordCommandDocument } from "../../documents/osPassword";
import { SECRET_PLACEHOLDER } from "../../config/stackFile";

const ACCOUNT = "111122223333";
const IAM_POLICY = "aws:iam/policy:Policy";
/** What the offline plan hands the program for a `{ secure: ... }` value: it must show nowhere. */
const PASSWORD = SECRET_PLACEHOLDER;

/** Every key of the serial console section, and the organisation section. */
function fullConfig(): Record<string, unknown> {
  return {
    "aws:region": "us-east-1",
    "ec2-access:environment": "prod",
    "ec2-access:accountId": ACCOUNT,
    "ec2-access:regions": ["us-east-1", "eu-west-1"],
    "ec2-access:serialConsole": {
      accountAccess: "enabled",
      admins: { roles: ["platform-admin"] },
      denyInstanceIds: ["i-0abcdef1234567890"],
      grants: [
        { name: "oncall", principals: { groups: ["oncall"] }, instanceIds: ["i-0598c7d356eba48d7"] },
        { name: "abac", principals: { users: ["alice"] }, principalTagKey: "SerialConsole" },
        { name: "web", principals: { roles: ["web-ops"] }, tags: { Team: ["web", "api"] } },
        { name: "all", principals: { groups: ["sre"] }, allInstances: true },
      ],
      osPassword: { user: "root", password: { secure: "v1:c2VjcmV0:c2VjcmV0" }, tags: { SerialConsole: "enabled" } },
    },
    "ec2-access:organization": {
      serialConsoleScp: { targetIds: ["ou-abcd-11111111", "222233334444"], exceptAccountIds: [ACCOUNT] },
    },
  };
}

/** The offline plan of a stack with this config: its JSON and every registration behind it. */
async function plan(config: Record<string, unknown>): Promise<PlanRun> {
  return runPlan({ stack: "prod", config });
}

async function register(config: Record<string, unknown>): Promise<Registration[]> {
  return (await plan(config)).registrations;
}

const nameOf = (regs: Registration[], urn: string | null) => (urn === null ? null : (regs.find((r) => r.urn === urn)?.name ?? "?"));
const layout = (regs: Registration[]) => regs.map((r) => `${r.type} ${r.name} < ${nameOf(regs, r.parent)}`).sort();
const byName = (regs: Registration[], name: string, type?: string) => {
  const r = regs.find((x) => x.name === name && (type === undefined || x.type === type));
  assert.ok(r, `no resource named ${name}`);
  return r;
};

describe("SerialConsoleAccess and OrganizationGuardrails through the offline plan", function () {
  let run: PlanRun;
  let regs: Registration[];
  before(async () => {
    run = await plan(fullConfig());
    regs = run.registrations;
  });

  it("shows the password nowhere in the plan", () => {
    assert.ok(!JSON.stringify(run.plan).includes(PASSWORD));
    const parameters = run.plan.resources.filter((r) => r.type === "aws:ssm/parameter:Parameter");
    assert.deepEqual(
      parameters.map((r) => r.inputs.value),
      ["[secret]", "[secret]"],
    );
  });

  it("reports the access rows and the principals with their documents", () => {
    assert.deepEqual(
      run.plan.access.filter((a) => a.pattern === "serial-console").map((a) => a.grant),
      ["abac", "all", "oncall", "web"],
    );
    const admin = run.plan.principals.find((p) => p.type === "role" && p.name === "platform-admin");
    assert.deepEqual(
      admin?.policies.map((p) => p.name),
      ["ec2-access-prod-serial-console-admins"],
    );
  });

  it("passes the policy pack for every scoped grant and the admin policy", () => {
    const scoped = ["admins", "oncall", "abac", "web"].map((g) => `::serial-console-${g}`);
    const flagged = run.plan.violations.filter((v) => scoped.some((suffix) => (v.urn ?? "").endsWith(suffix)));
    assert.deepEqual(flagged, []);
  });

  it("registers exactly the expected resources, each under its component", () => {
    const policy = (grant: string, attachments: string[]) => [
      `ec2-access:iam:GrantPolicy serial-console-${grant} < serial-console`,
      `aws:iam/policy:Policy serial-console-${grant} < serial-console-${grant}`,
      ...attachments.map((a) => `${a} < serial-console-${grant}`),
    ];
    const perRegion = (region: string) => [
      `aws:ec2/serialConsoleAccess:SerialConsoleAccess serial-console-account-${region} < serial-console`,
      `aws:kms/key:Key serial-console-os-password-key-${region} < serial-console-os-password`,
      `aws:ssm/parameter:Parameter serial-console-os-password-parameter-${region} < serial-console-os-password`,
      `aws:ssm/document:Document serial-console-os-password-document-${region} < serial-console-os-password`,
      `aws:ssm/association:Association serial-console-os-password-association-${region} < serial-console-os-password`,
    ];
    const expected = [
      "pulumi:pulumi:Stack ec2-access-prod < null",
      "ec2-access:access:SerialConsoleAccess serial-console < ec2-access-prod",
      ...perRegion("us-east-1"),
      ...perRegion("eu-west-1"),
      ...policy("admins", ["aws:iam/rolePolicyAttachment:RolePolicyAttachment serial-console-admins-role-platform-admin"]),
      ...policy("oncall", ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment serial-console-oncall-group-oncall"]),
      ...policy("abac", ["aws:iam/userPolicyAttachment:UserPolicyAttachment serial-console-abac-user-alice"]),
      ...policy("web", ["aws:iam/rolePolicyAttachment:RolePolicyAttachment serial-console-web-role-web-ops"]),
      ...policy("all", ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment serial-console-all-group-sre"]),
      "ec2-access:access:SerialConsoleOsPassword serial-console-os-password < serial-console",
      // The instances' read policy: no instance role in this stack, so only exported.
      "aws:iam/policy:Policy serial-console-os-password-read < serial-console-os-password",
      "ec2-access:organization:OrganizationGuardrails organization < ec2-access-prod",
      "aws:organizations/policy:Policy organization-serial-console < organization",
      "aws:organizations/policyAttachment:PolicyAttachment organization-serial-console-ou-abcd-11111111 < organization",
      "aws:organizations/policyAttachment:PolicyAttachment organization-serial-console-222233334444 < organization",
    ].sort();
    assert.deepEqual(layout(regs), expected);
  });

  it("enables the account setting in every Region of the stack", () => {
    for (const region of ["us-east-1", "eu-west-1"]) {
      const r = byName(regs, `serial-console-account-${region}`);
      assert.deepEqual([r.inputs.region, r.inputs.enabled], [region, true]);
    }
  });

  it("attaches each grant's own document, complete with account, Regions and the section's deny", () => {
    const oncall = byName(regs, "serial-console-oncall", IAM_POLICY).inputs;
    assert.equal(oncall.name, "ec2-access-prod-serial-console-oncall");
    assert.deepEqual(
      JSON.parse(String(oncall.policy)),
      serialConsoleGrantDocument({
        scope: { partition: "aws", accountId: ACCOUNT },
        regions: ["us-east-1", "eu-west-1"],
        target: { kind: "instanceIds", instanceIds: ["i-0598c7d356eba48d7"] },
        denyInstanceIds: ["i-0abcdef1234567890"],
      }),
    );
    const admins = JSON.parse(String(byName(regs, "serial-console-admins", IAM_POLICY).inputs.policy));
    assert.deepEqual(admins.Statement[0].Action, [
      "ec2:GetSerialConsoleAccessStatus",
      "ec2:EnableSerialConsoleAccess",
      "ec2:DisableSerialConsoleAccess",
    ]);
  });

  it("publishes one access row per principal, with the denied instances", () => {
    const component = byName(regs, "serial-console");
    const access = component.outputs.access as {
      grant: string;
      principal: unknown;
      target: unknown;
      deniedInstanceIds: string[];
      osUsers: string[];
    }[];
    assert.deepEqual(
      access.map((a) => [a.grant, a.principal, a.target]),
      [
        ["oncall", { type: "group", name: "oncall" }, { instanceIds: ["i-0598c7d356eba48d7"] }],
        ["abac", { type: "user", name: "alice" }, { principalTagKey: "SerialConsole" }],
        ["web", { type: "role", name: "web-ops" }, { tags: { Team: ["web", "api"] } }],
        ["all", { type: "group", name: "sre" }, { allInstances: true }],
      ],
    );
    for (const a of access) assert.deepEqual([a.osUsers, a.deniedInstanceIds], [[], ["i-0abcdef1234567890"]]);
    const arns = component.outputs.grantPolicyArns as Record<string, string[]>;
    assert.deepEqual(arns.oncall, [`arn:aws:iam::${ACCOUNT}:policy/ec2-access/ec2-access-prod-serial-console-oncall`]);
    assert.deepEqual(Object.keys(arns).sort(), ["abac", "all", "oncall", "web"]);
  });

  it("keeps the password a secret: only in the SecureString parameter's value, never in plaintext", () => {
    for (const region of ["us-east-1", "eu-west-1"]) {
      const p = byName(regs, `serial-console-os-password-parameter-${region}`);
      assert.equal(p.inputs.type, "SecureString");
      assert.ok(p.secretKeys.includes("value"), "the parameter value is marked secret");
      assert.match(String(p.inputs.keyId), new RegExp(`^arn:aws:kms:${region}:${ACCOUNT}:key/`));
    }
    for (const r of regs) {
      const visible = (o: Record<string, unknown>) =>
        JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => !r.secretKeys.includes(k))));
      assert.ok(!visible(r.inputs).includes(PASSWORD), `${r.name} inputs`);
      assert.ok(!visible(r.outputs).includes(PASSWORD), `${r.name} outputs`);
    }
  });

  it("runs the command document once on the tagged instances, reading the parameter on the instance", () => {
    const doc = byName(regs, "serial-console-os-password-document-eu-west-1").inputs;
    assert.equal(doc.documentType, "Command");
    const command = { user: "root", parameterName: "/ec2-access/prod/serial-console/os-password/root", region: "eu-west-1" };
    assert.deepEqual(JSON.parse(String(doc.content)), osPasswordCommandDocument(command));
    const association = byName(regs, "serial-console-os-password-association-eu-west-1").inputs;
    assert.deepEqual(association.targets, [{ key: "tag:SerialConsole", values: ["enabled"] }]);
    assert.equal(association.name, "ec2-access-prod-serial-console-os-password-root");
    assert.equal(association.scheduleExpression, undefined, "no schedule: once per instance");
  });

  it("exports the instances' read policy for exactly the parameters and keys it created", () => {
    const out = byName(regs, "serial-console-os-password").outputs;
    const policy = JSON.parse(String(out.instancePolicy));
    assert.deepEqual(policy.Statement[0].Resource, [
      `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/ec2-access/prod/serial-console/os-password/root`,
      `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/ec2-access/prod/serial-console/os-password/root`,
    ]);
    assert.deepEqual(policy.Statement[1].Resource, [
      String(byName(regs, "serial-console-os-password-key-us-east-1").outputs.arn),
      String(byName(regs, "serial-console-os-password-key-eu-west-1").outputs.arn),
    ]);
  });

  it("without an instance role of its own, exports the read policy's ARN for the instances' role", () => {
    const read = byName(regs, "serial-console-os-password-read", IAM_POLICY);
    assert.deepEqual(
      JSON.parse(String(read.inputs.policy)),
      JSON.parse(String(byName(regs, "serial-console-os-password").outputs.instancePolicy)),
    );
    assert.equal(read.inputs.path, "/ec2-access/");
    assert.equal(
      run.stackOutputs?.serialConsoleOsPasswordReadPolicyArn,
      `arn:aws:iam::${ACCOUNT}:policy/ec2-access/ec2-access-prod-serial-console-os-password-read`,
    );
    assert.equal(
      regs.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.inputs.policyArn === read.outputs.arn).length,
      0,
    );
  });

  it("keeps AWS's default key policy on the password key, written out: the account delegates to IAM", () => {
    for (const region of ["us-east-1", "eu-west-1"]) {
      assert.deepEqual(JSON.parse(String(byName(regs, `serial-console-os-password-key-${region}`).inputs.policy)), {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountIamPolicies",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: "kms:*",
            Resource: "*",
          },
        ],
      });
    }
  });

  it("attaches the SCP built by the builder to each target", () => {
    const scp = byName(regs, "organization-serial-console", "aws:organizations/policy:Policy").inputs;
    assert.equal(scp.type, "SERVICE_CONTROL_POLICY");
    assert.deepEqual(JSON.parse(String(scp.content)), serialConsoleScpDocument([ACCOUNT]));
    assert.equal(byName(regs, "organization-serial-console-222233334444").inputs.targetId, "222233334444");
  });
});

describe("SerialConsoleAccess: configuration changes", () => {
  it("removing one grant removes only that grant's resources", async () => {
    const before = await register(fullConfig());
    const smaller = fullConfig();
    const section = smaller["ec2-access:serialConsole"] as { grants: { name: string }[] };
    section.grants = section.grants.filter((g) => g.name !== "abac");
    const after = await register(smaller);
    const gone = before.map((r) => r.urn).filter((u) => !after.some((a) => a.urn === u));
    assert.deepEqual(gone.map((u) => u.split("::").pop()).sort(), [
      "serial-console-abac",
      "serial-console-abac",
      "serial-console-abac-user-alice",
    ]);
    assert.equal(after.length, before.length - 3);
  });

  it("unmanaged account access registers no account setting", async () => {
    const config = fullConfig();
    (config["ec2-access:serialConsole"] as Record<string, unknown>).accountAccess = "unmanaged";
    const regs = await register(config);
    assert.equal(regs.filter((r) => r.type === "aws:ec2/serialConsoleAccess:SerialConsoleAccess").length, 0);
  });

  // Both are refused by configuration validation, before any resource is registered.
  it("refuses a grant named like the admin policy", async () => {
    const config = fullConfig();
    (config["ec2-access:serialConsole"] as { grants: { name: string }[] }).grants[0].name = "admins";
    await assert.rejects(
      register(config),
      /ConfigError[^]*ec2-access:serialConsole\.grants\[0\]\.name: got "admins"; expected another name: "admins" is the admin policy's/,
    );
  });

  it("fails clearly when the SCP would exceed 5,120 characters", async () => {
    const config = fullConfig();
    const many = Array.from({ length: 400 }, (_, i) => String(100000000000 + i));
    (config["ec2-access:organization"] as { serialConsoleScp: { exceptAccountIds: string[] } }).serialConsoleScp.exceptAccountIds = many;
    await assert.rejects(
      register(config),
      /ConfigError[^]*ec2-access:organization\.serialConsoleScp\.exceptAccountIds: got 400 accounts; expected few enough for the SCP to stay within 5120 characters/,
    );
  });
});
