import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import {
  requireSerialConsoleInstanceScope as scope,
  restrictSerialConsoleAccountSetting as setting,
  restrictSerialConsoleAdminActions as admin,
} from "../../../policypack/rules/serialConsole";
import { assertMetadata, runRule, serialConsoleEn, serialConsoleJa, unknown, UnknownValueError } from "../support";

const policy =
  (doc: unknown, options = {}) =>
  (rule: Parameters<typeof runRule>[0]) =>
    runRule(rule, aws.iam.Policy, { policy: typeof doc === "string" ? doc : JSON.stringify(doc) }, options);

const SEND = "ec2-instance-connect:SendSerialConsoleSSHPublicKey";
const INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7";

describe("require-serial-console-instance-scope", () => {
  it("has its metadata", () => {
    assertMetadata(scope, {
      name: "require-serial-console-instance-scope",
      severity: "high",
      enforcementLevel: "mandatory",
      configKeys: ["allowAllInstancesInStacks"],
    });
  });

  for (const [page, docs] of [
    ["EN", serialConsoleEn],
    ["JA", serialConsoleJa],
  ] as const) {
    for (const key of ["manageAccountAccess", "allowSpecificInstance", "allowByTag"] as const) {
      it(`passes the ${page} page's recommended document ${key}`, async () => {
        assert.deepEqual(await policy(docs[key])(scope), []);
      });
    }
    it(`reports the ${page} page's "allow all, deny one" example (it reaches every other instance)`, async () => {
      assert.deepEqual(await policy(docs.allowAllDenyOne)(scope), [
        `Statement[0] (Sid "AllowSerialConsoleAccess") allows ${SEND} on "*" with no instance scope: anyone with this policy can connect to every instance's serial console. ` +
          "Fix: list instance ARNs (arn:aws:ec2:<region>:<account>:instance/<id>) or add a condition on aws:ResourceTag/<key>.",
      ]);
    });
    it(`accepts the ${page} "allow all, deny one" example in a stack that allowAllInstancesInStacks lists`, async () => {
      assert.deepEqual(
        await policy(docs.allowAllDenyOne, { stack: "sandbox", config: { allowAllInstancesInStacks: ["ec2-access/sand*"] } })(scope),
        [],
      );
    });
  }

  const variants: [string, unknown, string][] = [
    [
      "instance/* without a tag condition",
      { Statement: { Effect: "Allow", Action: SEND, Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*" } },
      `Statement[0] allows ${SEND} on "arn:aws:ec2:us-east-1:111122223333:instance/*" with no instance scope`,
    ],
    [
      "ec2-instance-connect:* on *",
      { Statement: [{ Sid: "All", Effect: "Allow", Action: "ec2-instance-connect:*", Resource: "*" }] },
      `Statement[0] (Sid "All") allows ${SEND} (through "ec2-instance-connect:*") on "*" with no instance scope`,
    ],
    [
      "* on *",
      { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      `Statement[0] allows ${SEND} (through "*") on "*" with no instance scope`,
    ],
    [
      "the action in another letter case",
      { Statement: [{ Effect: "Allow", Action: ["EC2-Instance-Connect:sendserialconsolesshpublickey"], Resource: ["*"] }] },
      `Statement[0] allows ${SEND} (through "EC2-Instance-Connect:sendserialconsolesshpublickey") on "*" with no instance scope`,
    ],
    [
      "NotAction",
      { Statement: [{ Effect: "Allow", NotAction: "s3:*", Resource: "*" }] },
      `Statement[0] allows ${SEND} (through NotAction ["s3:*"]) on "*" with no instance scope`,
    ],
    [
      "NotResource",
      { Statement: [{ Effect: "Allow", Action: SEND, NotResource: INSTANCE }] },
      `Statement[0] allows ${SEND} NotResource ["${INSTANCE}"] with no instance scope`,
    ],
    [
      "a negated tag condition",
      { Statement: [{ Effect: "Allow", Action: SEND, Resource: "*", Condition: { StringNotEquals: { "aws:ResourceTag/Env": "prod" } } }] },
      `Statement[0] allows ${SEND} on "*" with no instance scope`,
    ],
    [
      "an IfExists tag condition",
      {
        Statement: [
          { Effect: "Allow", Action: SEND, Resource: "*", Condition: { StringEqualsIfExists: { "aws:ResourceTag/Env": "dev" } } },
        ],
      },
      `Statement[0] allows ${SEND} on "*" with no instance scope`,
    ],
    [
      "a condition that is not about the instance",
      { Statement: [{ Effect: "Allow", Action: SEND, Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }] },
      `Statement[0] allows ${SEND} on "*" with no instance scope`,
    ],
    [
      "a tag condition matching any value",
      { Statement: [{ Effect: "Allow", Action: SEND, Resource: "*", Condition: { StringLike: { "aws:ResourceTag/Env": "*" } } }] },
      `Statement[0] allows ${SEND} on "*" with no instance scope`,
    ],
    [
      "a wildcard instance ID",
      { Statement: [{ Effect: "Allow", Action: SEND, Resource: "arn:aws:ec2:*:*:instance/i-05*" }] },
      `Statement[0] allows ${SEND} on "arn:aws:ec2:*:*:instance/i-05*" with no instance scope`,
    ],
  ];
  for (const [what, doc, start] of variants) {
    it(`reports ${what}`, async () => {
      const v = await policy(doc)(scope);
      assert.equal(v.length, 1, JSON.stringify(v));
      assert.ok(v[0].startsWith(start), v[0]);
    });
  }

  it("passes ec2:ResourceTag and ForAnyValue:StringLike tag conditions, and instance ARNs in any partition and region", async () => {
    for (const st of [
      { Effect: "Allow", Action: SEND, Resource: "*", Condition: { StringEquals: { "ec2:ResourceTag/Team": "sre" } } },
      { Effect: "Allow", Action: SEND, Resource: "*", Condition: { "ForAnyValue:StringLike": { "aws:ResourceTag/Team": ["sre-*"] } } },
      { Effect: "Allow", Action: SEND, Resource: ["arn:aws-cn:ec2:cn-north-1:111122223333:instance/i-1", "arn:aws:ec2:*:*:instance/i-2"] },
      { Effect: "Deny", Action: SEND, Resource: "*" },
    ])
      assert.deepEqual(await policy({ Statement: [st] })(scope), [], JSON.stringify(st));
  });

  it("reads JSON text and objects alike, inline role policies, and AWS managed policies attached", async () => {
    const doc = serialConsoleEn.allowAllDenyOne;
    assert.equal((await runRule(scope, aws.iam.Policy, { policy: doc })).length, 1);
    assert.equal((await runRule(scope, aws.iam.RolePolicy, { role: "r", policy: JSON.stringify(doc) })).length, 1);
    const inline = await runRule(scope, aws.iam.Role, {
      assumeRolePolicy: "{}",
      inlinePolicies: [{ name: "oncall", policy: JSON.stringify(doc) }],
    });
    assert.ok(inline[0].startsWith('inline policy "oncall": Statement[0]'), inline[0]);
    const admins = await runRule(scope, aws.iam.RolePolicyAttachment, {
      role: "r",
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    assert.ok(admins[0].startsWith("AWS managed policy AdministratorAccess: Statement[0] allows"), admins[0]);
    assert.deepEqual(
      await runRule(scope, aws.iam.RolePolicyAttachment, { role: "r", policyArn: "arn:aws:iam::111122223333:policy/AdministratorAccess" }),
      [],
    );
  });

  it("does not judge SCPs (their Allow grants nothing)", async () => {
    assert.deepEqual(await runRule(scope, aws.organizations.Policy, { content: JSON.stringify(serialConsoleEn.allowAllDenyOne) }), []);
  });

  it("lets the engine's UnknownValueError through during preview, and never throws otherwise", async () => {
    await assert.rejects(runRule(scope, aws.iam.Policy, { policy: unknown.string }), (e: unknown) => e instanceof UnknownValueError);
    for (const bad of ["{", "null", "[]", '{"Statement": 3}', '{"Statement": [null, {"Effect": 1}]}'])
      assert.deepEqual(await runRule(scope, aws.iam.Policy, { policy: bad }), [], bad);
    assert.deepEqual(await runRule(scope, aws.iam.Policy, {}), []);
  });
});

describe("restrict-serial-console-account-setting", () => {
  it("has its metadata", () => {
    assertMetadata(setting, {
      name: "restrict-serial-console-account-setting",
      severity: "high",
      enforcementLevel: "mandatory",
      configKeys: ["allowedStacks"],
    });
  });
  it("allows enabling in a stack the config lists, and disabling anywhere", async () => {
    assert.deepEqual(
      await runRule(
        setting,
        aws.ec2.SerialConsoleAccess,
        { enabled: true },
        { stack: "dev", config: { allowedStacks: ["ec2-access/dev", "ec2-access/staging"] } },
      ),
      [],
    );
    assert.deepEqual(
      await runRule(
        setting,
        aws.ec2.SerialConsoleAccess,
        { enabled: true },
        { stack: "staging", config: { allowedStacks: ["*/staging"] } },
      ),
      [],
    );
    assert.deepEqual(await runRule(setting, aws.ec2.SerialConsoleAccess, { enabled: false }, { stack: "prod" }), []);
  });
  it("reports enabling (explicitly or by the provider default) in any other stack", async () => {
    const expected =
      'aws.ec2.SerialConsoleAccess "sc" enables EC2 Serial Console access for the account in us-east-1 in stack "ec2-access/prod", which allowedStacks does not list ("ec2-access/dev"): ' +
      "every instance's serial console becomes reachable to whoever holds ec2-instance-connect:SendSerialConsoleSSHPublicKey. " +
      'Fix: set enabled: false, or add "ec2-access/prod" to allowedStacks.';
    assert.deepEqual(
      await runRule(
        setting,
        aws.ec2.SerialConsoleAccess,
        { enabled: true, region: "us-east-1" },
        { name: "sc", stack: "prod", config: { allowedStacks: ["ec2-access/dev"] } },
      ),
      [expected],
    );
    // Another project's dev stack is not ec2-access/dev.
    const otherProject = await runRule(
      setting,
      aws.ec2.SerialConsoleAccess,
      { enabled: true },
      { stack: "dev", project: "payments", config: { allowedStacks: ["ec2-access/dev"] } },
    );
    assert.equal(otherProject.length, 1);
    const byDefault = await runRule(setting, aws.ec2.SerialConsoleAccess, {}, { name: "sc", stack: "dev" });
    assert.equal(byDefault.length, 1);
    assert.match(byDefault[0], /in stack "ec2-access\/dev", which allowedStacks does not list \(none\)/);
  });
  it("ignores other resource types", async () => {
    assert.deepEqual(await runRule(setting, aws.iam.Policy, { policy: "{}" }), []);
  });

  // AWS Control Tower's CT.EC2.PV.9 artifact (declarative policy syntax from the Organizations
  // guide, "Serial Console Access"): status "disabled"; the same document with "enabled" switches
  // the serial console on in every account it is attached to.
  const declarative = (status: string) =>
    JSON.stringify({
      ec2_attributes: { serial_console_access: { status: { "@@assign": status, "@@operators_allowed_for_child_policies": ["@@all"] } } },
    });
  it("reports a DECLARATIVE_POLICY_EC2 that enables the serial console, outside the allowed stacks", async () => {
    const out = await runRule(
      setting,
      aws.organizations.Policy,
      { name: "ec2-baseline", type: "DECLARATIVE_POLICY_EC2", content: declarative("enabled") },
      { stack: "org" },
    );
    assert.deepEqual(out, [
      'Declarative policy "ec2-baseline" (DECLARATIVE_POLICY_EC2) assigns "enabled" to ec2_attributes.serial_console_access.status in stack "ec2-access/org", ' +
        "which allowedStacks does not list (none): every account it is attached to gets EC2 Serial Console access switched on, and their administrators cannot switch it off. " +
        'Fix: assign "disabled" (AWS Control Tower\'s CT.EC2.PV.9), or add "ec2-access/org" to allowedStacks.',
    ]);
    const allowed = { allowedStacks: ["ec2-access/org"] };
    assert.deepEqual(
      await runRule(
        setting,
        aws.organizations.Policy,
        { type: "DECLARATIVE_POLICY_EC2", content: declarative("enabled") },
        { stack: "org", config: allowed },
      ),
      [],
    );
  });
  it("accepts a declarative policy that disables the serial console or does not set it, and other policy types", async () => {
    assert.deepEqual(
      await runRule(
        setting,
        aws.organizations.Policy,
        { type: "DECLARATIVE_POLICY_EC2", content: declarative("disabled") },
        { stack: "org" },
      ),
      [],
    );
    const other = JSON.stringify({ ec2_attributes: { image_block_public_access: { state: { "@@assign": "block_new_sharing" } } } });
    assert.deepEqual(
      await runRule(setting, aws.organizations.Policy, { type: "DECLARATIVE_POLICY_EC2", content: other }, { stack: "org" }),
      [],
    );
    assert.deepEqual(
      await runRule(setting, aws.organizations.Policy, { type: "DECLARATIVE_POLICY_EC2", content: "{not json" }, { stack: "org" }),
      [],
    );
    assert.deepEqual(
      await runRule(
        setting,
        aws.organizations.Policy,
        { type: "SERVICE_CONTROL_POLICY", content: declarative("enabled") },
        { stack: "org" },
      ),
      [],
    );
  });
});

describe("restrict-serial-console-admin-actions", () => {
  it("has its metadata", () => {
    assertMetadata(admin, {
      name: "restrict-serial-console-admin-actions",
      severity: "high",
      enforcementLevel: "mandatory",
      configKeys: ["adminPolicyNames"],
    });
  });
  for (const [page, docs] of [
    ["EN", serialConsoleEn],
    ["JA", serialConsoleJa],
  ] as const) {
    it(`passes the ${page} page's admin document under an admin policy name, and its access documents anywhere`, async () => {
      assert.deepEqual(
        await runRule(admin, aws.iam.Policy, {
          name: "ec2-access-prod-serial-console-admins",
          policy: JSON.stringify(docs.manageAccountAccess),
        }),
        [],
      );
      for (const key of ["allowSpecificInstance", "allowByTag", "allowAllDenyOne"] as const)
        assert.deepEqual(await runRule(admin, aws.iam.Policy, { name: "oncall", policy: JSON.stringify(docs[key]) }), []);
    });
    it(`reports the ${page} admin document under another name`, async () => {
      assert.deepEqual(await runRule(admin, aws.iam.Policy, { name: "oncall", policy: JSON.stringify(docs.manageAccountAccess) }), [
        'Statement[0] allows ec2:EnableSerialConsoleAccess and ec2:DisableSerialConsoleAccess in policy "oncall", which adminPolicyNames ("*serial-console-admin*") does not name: ' +
          "whoever holds it can switch serial console access for the whole account. Fix: grant these actions only in a serial console admin policy, or add the policy's name to adminPolicyNames.",
      ]);
    });
  }
  it("uses the resource name when the policy has no name, honours configured names, and reads wildcards", async () => {
    const doc = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "ec2:*SerialConsole*", Resource: "*" }] });
    const v = await runRule(admin, aws.iam.Policy, { policy: doc }, { name: "platform" });
    assert.equal(v.length, 1);
    assert.match(
      v[0],
      /allows ec2:EnableSerialConsoleAccess \(through "ec2:\*SerialConsole\*"\) and ec2:DisableSerialConsoleAccess \(through "ec2:\*SerialConsole\*"\) in policy "platform"/,
    );
    assert.deepEqual(
      await runRule(admin, aws.iam.Policy, { policy: doc }, { name: "platform", config: { adminPolicyNames: ["platform"] } }),
      [],
    );
  });
  it("reports AdministratorAccess attached through a policy attachment", async () => {
    const v = await runRule(admin, aws.iam.PolicyAttachment, { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess", roles: ["r"] });
    assert.equal(v.length, 1);
    assert.match(v[0], /^AWS managed policy AdministratorAccess: Statement\[0\] allows ec2:EnableSerialConsoleAccess \(through "\*"\)/);
  });
});
