import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import {
  disallowAllowNotAction as notAction,
  disallowUnknownAccessActions as unknownActions,
  disallowUnsupportedConditionKeys as unsupportedKeys,
  requireReadablePolicyDocument as readable,
} from "../../../policypack/rules/hygiene";
import {
  assertMetadata,
  instanceConnect,
  runRule,
  serialConsoleEn,
  serialConsoleJa,
  sessionManagerQuickstart,
  unknown,
  UnknownValueError,
} from "../support";

const run = (rule: Parameters<typeof runRule>[0], doc: unknown, options = {}) =>
  runRule(rule, aws.iam.Policy, { policy: JSON.stringify(doc) }, options);
const seeds = {
  ...prefixed("serialConsoleEn", serialConsoleEn),
  ...prefixed("serialConsoleJa", serialConsoleJa),
  ...prefixed("instanceConnect", instanceConnect),
  ...prefixed("sessionManager", sessionManagerQuickstart),
};
function prefixed(prefix: string, docs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(docs).map(([k, v]) => [`${prefix}.${k}`, v]));
}

for (const [rule, level, severity] of [
  [unknownActions, "mandatory", "medium"],
  [unsupportedKeys, "mandatory", "medium"],
  [notAction, "mandatory", "high"],
  [readable, "mandatory", "medium"],
] as const) {
  describe(rule.name, () => {
    it("has its metadata", () => {
      assertMetadata(rule, { name: rule.name, severity, enforcementLevel: level, configKeys: [] });
    });
    for (const [name, doc] of Object.entries(seeds)) {
      it(`passes the seed document ${name}`, async () => {
        assert.deepEqual(await run(rule, doc), []);
      });
    }
  });
}

describe("disallow-unknown-access-actions", () => {
  it("reports a misspelt action with a suggestion, in Allow and Deny, Action and NotAction", async () => {
    assert.deepEqual(
      await run(unknownActions, {
        Statement: [{ Sid: "Typo", Effect: "Allow", Action: ["ssm:StartSesion", "s3:GetObject"], Resource: "*" }],
      }),
      [
        'Statement[0] (Sid "Typo") names "ssm:StartSesion" in Action, which matches no action AWS defines: IAM ignores it. Fix: did you mean "ssm:StartSession"?',
      ],
    );
    assert.deepEqual(
      await run(unknownActions, { Statement: { Effect: "Deny", NotAction: "ec2-instance-connect:Send*Keys", Resource: "*" } }),
      [
        'Statement[0] names "ec2-instance-connect:Send*Keys" in NotAction, which matches no action AWS defines: the Deny never applies to it. Fix: correct or remove it.',
      ],
    );
  });
  it("accepts wildcards that match, any letter case, and other services", async () => {
    assert.deepEqual(
      await run(unknownActions, {
        Statement: [
          { Effect: "Allow", Action: ["ssm:Start*", "EC2-INSTANCE-CONNECT:*", "*", "ssmmessages:Open*", "foo:Bar"], Resource: "*" },
        ],
      }),
      [],
    );
  });
  it("reads SCPs too", async () => {
    const v = await runRule(unknownActions, aws.organizations.Policy, {
      type: "SERVICE_CONTROL_POLICY",
      content: JSON.stringify({ Statement: { Effect: "Deny", Action: "ec2:EnableSerialConsole", Resource: "*" } }),
    });
    assert.equal(v.length, 1);
    assert.match(v[0], /did you mean "ec2:EnableSerialConsoleAccess"\?/);
  });
});

describe("disallow-unsupported-condition-keys", () => {
  it("reports ec2:osuser on ssm:StartSession", async () => {
    assert.deepEqual(
      await run(unsupportedKeys, {
        Statement: [
          { Effect: "Allow", Action: "ssm:StartSession", Resource: "*", Condition: { StringEquals: { "ec2:osuser": "ec2-user" } } },
        ],
      }),
      [
        'Statement[0] conditions "ssm:StartSession" on ec2:osuser (StringEquals), which that action does not support: IAM never sets the key for it, so the condition never matches (or, negated, never constrains). ' +
          "Fix: move ec2:osuser to a statement of actions that support it, or use a key these actions support.",
      ],
    );
  });
  it("reports ssm:resourceTag on SendSSHPublicKey, and a key shared with an action that lacks it", async () => {
    const v = await run(unsupportedKeys, {
      Statement: [
        {
          Effect: "Allow",
          Action: ["ec2-instance-connect:SendSSHPublicKey", "ec2:DescribeInstances"],
          Resource: "*",
          Condition: { StringEquals: { "ssm:resourceTag/Team": "a", "ec2:osuser": "ec2-user" } },
        },
      ],
    });
    assert.equal(v.length, 2);
    assert.match(
      v[0],
      /^Statement\[0\] conditions "ec2-instance-connect:SendSSHPublicKey", "ec2:DescribeInstances" on ssm:resourceTag\/Team/,
    );
    assert.match(v[1], /^Statement\[0\] conditions "ec2:DescribeInstances" on ec2:osuser/);
  });
  it("accepts global keys, supported keys, IfExists conditions and the tunnel keys AWS documents for OpenTunnel", async () => {
    assert.deepEqual(
      await run(unsupportedKeys, {
        Statement: [
          {
            Effect: "Allow",
            Action: "ssm:StartSession",
            Resource: "*",
            Condition: { StringLike: { "ssm:resourceTag/Team": "a" }, Bool: { "aws:MultiFactorAuthPresent": "true" } },
          },
          {
            Effect: "Allow",
            Action: "ec2-instance-connect:SendSSHPublicKey",
            Resource: "*",
            Condition: { StringEquals: { "ec2:osuser": "ec2-user", "ec2:ResourceTag/Team": "a" } },
          },
          {
            Effect: "Allow",
            Action: "ec2-instance-connect:OpenTunnel",
            Resource: "*",
            Condition: {
              NumericEquals: { "ec2-instance-connect:remotePort": "22" },
              NumericLessThanEquals: { "ec2-instance-connect:maxTunnelDuration": "3600" },
            },
          },
          {
            Effect: "Allow",
            Action: ["ssm:StartSession", "ssm:SendCommand"],
            Resource: "*",
            Condition: { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
          },
        ],
      }),
      [],
    );
  });
});

describe("disallow-allow-not-action", () => {
  it("reports an Allow with NotAction that reaches the access actions", async () => {
    assert.deepEqual(
      await run(notAction, { Statement: [{ Sid: "AllButIam", Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }] }),
      [
        'Statement[0] (Sid "AllButIam") is an Allow with NotAction ["iam:*","organizations:*"], which allows "ec2-instance-connect:SendSerialConsoleSSHPublicKey", "ec2-instance-connect:SendSSHPublicKey", ' +
          '"ec2-instance-connect:OpenTunnel", "ssm:StartSession", "ssm:SendCommand", "ssm-guiconnect:StartConnection", "ec2:EnableSerialConsoleAccess", "ec2:DisableSerialConsoleAccess": ' +
          "NotAction allows every action it does not list, including ones AWS adds later. Fix: list the actions to allow in Action.",
      ],
    );
  });
  it("reports an Allow with NotResource for an access action", async () => {
    const v = await run(notAction, {
      Statement: [{ Effect: "Allow", Action: "ssm:StartSession", NotResource: "arn:aws:ec2:*:*:instance/i-1" }],
    });
    assert.deepEqual(v, [
      'Statement[0] is an Allow with NotResource ["arn:aws:ec2:*:*:instance/i-1"] for "ssm:StartSession": it reaches every instance it does not list. Fix: list the resources in Resource, and deny exceptions in a Deny statement.',
    ]);
  });
  it("accepts NotAction that excludes every access action, and Deny with NotAction", async () => {
    assert.deepEqual(
      await run(notAction, {
        Statement: [
          { Effect: "Allow", NotAction: ["ec2:*", "ec2-instance-connect:*", "ssm:*", "ssm-guiconnect:*"], Resource: "*" },
          { Effect: "Deny", NotAction: "s3:*", Resource: "*" },
        ],
      }),
      [],
    );
  });
  it("reports NotAction that leaves Fleet Manager's Remote Desktop (ssm-guiconnect:StartConnection) in", async () => {
    assert.deepEqual(
      await run(notAction, { Statement: [{ Effect: "Allow", NotAction: ["ec2:*", "ec2-instance-connect:*", "ssm:*"], Resource: "*" }] }),
      [
        'Statement[0] is an Allow with NotAction ["ec2:*","ec2-instance-connect:*","ssm:*"], which allows "ssm-guiconnect:StartConnection": ' +
          "NotAction allows every action it does not list, including ones AWS adds later. Fix: list the actions to allow in Action.",
      ],
    );
  });
});

describe("require-readable-policy-document", () => {
  const cases: [string, unknown, string[]][] = [
    ["text that is not JSON", "{ not json", ["the document is not valid JSON: "]],
    [
      "an array",
      "[]",
      ["the document is an array, not a JSON object: the pack cannot check what it cannot read. Fix: correct the document."],
    ],
    ["no Statement", "{}", ["the document has no Statement: the pack cannot check what it cannot read. Fix: correct the document."]],
    [
      "a bad statement",
      '{"Statement":[7,{"Effect":"allow","Action":"ssm:StartSession","Resource":"*"}]}',
      [
        "Statement[0] is not an object: the pack cannot check what it cannot read. Fix: correct the document.",
        'Statement[1]: Effect "allow" is neither "Allow" nor "Deny": the pack cannot check what it cannot read. Fix: correct the document.',
      ],
    ],
  ];
  for (const [what, text, expected] of cases) {
    it(`reports ${what}`, async () => {
      const v = await runRule(readable, aws.iam.Policy, { policy: text });
      assert.equal(v.length, expected.length, JSON.stringify(v));
      v.forEach((m, i) => assert.ok(m.startsWith(expected[i]), m));
    });
  }
  it("reads every document source: Role inline policies, SSO inline policies, SCPs", async () => {
    assert.equal(
      (await runRule(readable, aws.iam.Role, { assumeRolePolicy: "{}", inlinePolicies: [{ name: "x", policy: "{" }] })).length,
      1,
    );
    assert.equal(
      (await runRule(readable, aws.ssoadmin.PermissionSetInlinePolicy, { instanceArn: "a", permissionSetArn: "p", inlinePolicy: "{" }))
        .length,
      1,
    );
    assert.equal((await runRule(readable, aws.organizations.Policy, { content: "{" })).length, 1);
    assert.deepEqual(await runRule(readable, aws.organizations.Policy, { type: "TAG_POLICY", content: "{}" }), []);
  });
  it("leaves unknown values to the engine", async () => {
    await assert.rejects(runRule(readable, aws.iam.Policy, { policy: unknown.string }), (e: unknown) => e instanceof UnknownValueError);
    await assert.rejects(
      runRule(readable, aws.iam.Policy, {
        policy: { Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: unknown.string }] },
      }),
      (e: unknown) => e instanceof UnknownValueError,
    );
  });
  it("never throws on huge documents, and stays fast", async () => {
    const statements = Array.from({ length: 5000 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: "Allow",
      Action: ["ssm:Start*", "ec2-instance-connect:*", "ec2:Describe*"],
      Resource: `arn:aws:ec2:*:*:instance/i-${i}`,
    }));
    const started = Date.now();
    for (const rule of [readable, unknownActions, unsupportedKeys, notAction])
      assert.deepEqual(await run(rule, { Statement: statements }), []);
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
  });
});

describe("AWS managed policy attachments", () => {
  it("reads AWS managed policies attached by ARN: none is reported as unreadable, AmazonSSMFullAccess no longer as not shipped (content: test/policypack/sources)", async () => {
    assert.deepEqual(
      await runRule(readable, aws.iam.RolePolicyAttachment, { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonSSMFullAccess" }),
      [],
    );
    assert.deepEqual(
      await runRule(readable, aws.iam.RolePolicyAttachment, { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess" }),
      [],
    );
    assert.deepEqual(
      await runRule(readable, aws.iam.RolePolicyAttachment, {
        role: "r",
        policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      }),
      [],
    );
  });
});
