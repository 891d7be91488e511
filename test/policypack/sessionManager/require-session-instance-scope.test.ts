import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { requireSessionInstanceScope as rule } from "../../../policypack/rules/sessionManager/require-session-instance-scope";
import { assertMetadata, runRule } from "../support";
import { latestAwsManagedPolicyDocument } from "../support/awsManagedPolicyDocuments";
import { ALL_INSTANCES, DOCUMENT_ARN, INSTANCE_ARN, fill, policy, seedTabs } from "./fixtures";

const run = (doc: string, options = {}) => runRule(rule, aws.iam.Policy, { policy: doc }, options);
const FIX =
  "Name the instances (arn:aws:ec2:<region>:<account>:instance/i-...) or add a condition such as StringEquals on ssm:resourceTag/<key>.";
const msg = (label: string, how: string) =>
  `${label}: allows ${how} without a resource-tag condition, so it opens a shell on every instance of the account. ${FIX}`;

describe("require-session-instance-scope", () => {
  it("has its metadata", () => {
    assertMetadata(rule, {
      name: "require-session-instance-scope",
      severity: "high",
      enforcementLevel: "mandatory",
      configKeys: ["allowAllInstancesInStacks"],
    });
  });

  for (const [tab, doc] of seedTabs) {
    it(`passes the 004 quickstart policy ${tab}`, async () => {
      assert.deepEqual(await run(JSON.stringify(fill(doc))), []);
      // Also with the page's placeholders left in (as pasted).
      assert.deepEqual(await run(JSON.stringify(doc)), []);
    });
  }

  it("passes tag scopes on ssm:resourceTag and aws:ResourceTag, and ABAC on the principal tag", async () => {
    for (const key of ["ssm:resourceTag/Finance", "aws:ResourceTag/Finance"]) {
      assert.deepEqual(
        await run(
          policy({
            Effect: "Allow",
            Action: "ssm:StartSession",
            Resource: ALL_INSTANCES,
            Condition: { StringEquals: { [key]: "WebServers" } },
          }),
        ),
        [],
      );
    }
    const abac = { StringEquals: { "ssm:resourceTag/Team": "${aws:PrincipalTag/Team}" } };
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: ALL_INSTANCES, Condition: abac })), []);
  });

  it("flags StartSession on every instance", async () => {
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: ALL_INSTANCES })), [
      msg("Statement[0]", `ssm:StartSession on "${ALL_INSTANCES}"`),
    ]);
  });

  it("flags StartSession on every managed node (managed-instance/*: hybrid and edge nodes), and accepts one node", async () => {
    const nodes = "arn:aws:ssm:us-east-1:111122223333:managed-instance/*";
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: nodes })), [
      msg("Statement[0]", `ssm:StartSession on "${nodes}"`),
    ]);
    assert.equal((await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: "arn:aws:ssm:*:*:*" }))).length, 1);
    const one = "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0";
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: [one, DOCUMENT_ARN] })), []);
  });

  it("flags Fleet Manager Remote Desktop (ssm-guiconnect:StartConnection) next to StartSession on every instance", async () => {
    // AWS's just-in-time node access policy grants the desktop on * and StartSession for it on every instance.
    const jit = latestAwsManagedPolicyDocument("AWSSystemsManagerJustInTimeAccessTokenPolicy");
    const out = await run(JSON.stringify(jit));
    assert.ok(
      out.includes(
        'Statement[2] (Sid "GuiConnect"): allows ssm-guiconnect:StartConnection (Fleet Manager Remote Desktop) while Statement[0] (Sid "SsmStartSession") allows ssm:StartSession on "arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:managed-instance/*": ' +
          "a remote desktop on every Windows instance of the account, as well as a shell. Scope the StartSession statement to instance ARNs or a resource-tag condition; StartConnection itself takes no resource.",
      ),
      out.join("\n"),
    );
    // With StartSession scoped, the desktop reaches only those instances: nothing to report.
    const scoped = policy(
      { Effect: "Allow", Action: ["ssm-guiconnect:StartConnection", "ssm-guiconnect:GetConnection"], Resource: "*" },
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: ALL_INSTANCES,
        Condition: { StringEquals: { "ssm:resourceTag/rdp": "allowed" } },
      },
    );
    assert.deepEqual(await run(scoped), []);
  });

  it("flags StartSession on * through a wildcard action, with the pattern named", async () => {
    assert.deepEqual(await run(policy({ Sid: "Wide", Effect: "Allow", Action: ["ssm:Start*"], Resource: "*" })), [
      msg('Statement[0] (Sid "Wide")', 'ssm:StartSession (through "ssm:Start*") on "*"'),
    ]);
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "SSM:startsession", Resource: "*" })), [
      msg("Statement[0]", 'ssm:StartSession (through "SSM:startsession") on "*"'),
    ]);
  });

  it("flags NotAction that leaves StartSession in", async () => {
    assert.deepEqual(await run(policy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), [
      msg("Statement[0]", 'ssm:StartSession (through NotAction ["iam:*"]) on "*"'),
    ]);
  });

  it("does not count a condition that does not constrain the target instance", async () => {
    const cond = { IpAddress: { "aws:SourceIp": "203.0.113.0/24" }, Bool: { "aws:MultiFactorAuthPresent": "true" } };
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: "*", Condition: cond })), [
      msg("Statement[0]", 'ssm:StartSession on "*"'),
    ]);
  });

  it("does not count negated, IfExists or match-anything tag conditions", async () => {
    for (const condition of [
      { StringNotEquals: { "ssm:resourceTag/Finance": "Secret" } },
      { StringEqualsIfExists: { "ssm:resourceTag/Finance": "WebServers" } },
      { StringLike: { "ssm:resourceTag/Finance": "*" } },
      { Null: { "ssm:resourceTag/Finance": "false" } },
    ]) {
      assert.deepEqual(
        await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: ALL_INSTANCES, Condition: condition })),
        [msg("Statement[0]", `ssm:StartSession on "${ALL_INSTANCES}"`)],
        JSON.stringify(condition),
      );
    }
  });

  it("flags a document grant that also names every instance, but not one that names only the document", async () => {
    const check = { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } };
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: [DOCUMENT_ARN], Condition: check })), []);
    assert.deepEqual(
      await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: [INSTANCE_ARN, DOCUMENT_ARN], Condition: check })),
      [],
    );
    assert.deepEqual(
      await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: [ALL_INSTANCES, DOCUMENT_ARN], Condition: check })),
      [msg("Statement[0]", `ssm:StartSession on "${ALL_INSTANCES}"`)],
    );
  });

  it("ignores Deny statements and other actions", async () => {
    assert.deepEqual(
      await run(
        policy(
          { Effect: "Deny", Action: "ssm:StartSession", Resource: "*" },
          { Effect: "Allow", Action: "ssm:DescribeSessions", Resource: "*" },
        ),
      ),
      [],
    );
  });

  it("reads inline policies of roles and names them", async () => {
    const doc = policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: "*" });
    assert.deepEqual(
      await runRule(rule, aws.iam.Role, { name: "sre", assumeRolePolicy: "{}", inlinePolicies: [{ name: "sessions", policy: doc }] }),
      [`inline policy "sessions": ${msg("Statement[0]", 'ssm:StartSession on "*"')}`],
    );
    assert.deepEqual(await runRule(rule, aws.iam.RolePolicy, { role: "sre", policy: doc }), [
      msg("Statement[0]", 'ssm:StartSession on "*"'),
    ]);
  });

  it("accepts every instance in the stacks its config names", async () => {
    const doc = policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: "*" });
    assert.deepEqual(await run(doc, { stack: "dev", config: { allowAllInstancesInStacks: ["ec2-access/dev", "*/sandbox-*"] } }), []);
    assert.deepEqual(await run(doc, { stack: "sandbox-1", config: { allowAllInstancesInStacks: ["ec2-access/dev", "*/sandbox-*"] } }), []);
    assert.equal((await run(doc, { stack: "prod", config: { allowAllInstancesInStacks: ["ec2-access/dev", "*/sandbox-*"] } })).length, 1);
  });
});
