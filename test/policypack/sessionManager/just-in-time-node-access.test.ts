// AWS's just-in-time node access token policy (AWSSystemsManagerJustInTimeAccessTokenPolicy) is
// broad by design and meant for one role, SSM-JustInTimeAccessTokenRole (policypack/lib/justInTime.ts).
// Used that way, no rule of the pack reports it; attached to a person, or copied and widened,
// every rule that reports it today still does.
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";
import { latestAwsManagedPolicyDocument } from "../support/awsManagedPolicyDocuments";
import type { ResourceClass } from "../support";
import { runRule } from "../support";

const TOKEN_POLICY_ARN = "arn:aws:iam::aws:policy/AWSSystemsManagerJustInTimeAccessTokenPolicy";
const ROLE = "SSM-JustInTimeAccessTokenRole";
const BROAD = [
  "require-session-instance-scope",
  "require-session-document-access-check",
  "restrict-session-termination",
  "require-run-command-scope",
];

/** The pack's resource rules that report something on this resource. */
async function reporting(cls: ResourceClass, props: Record<string, unknown>): Promise<string[]> {
  const out: string[] = [];
  for (const p of policies as Policies) {
    if (!("validateResource" in p)) continue;
    if ((await runRule(p as ResourceValidationPolicy, cls, props)).length) out.push(p.name);
  }
  return out.sort();
}

describe("just-in-time node access: AWS's token policy", () => {
  it("is not reported on the token role, attached by RolePolicyAttachment or by the role's managedPolicyArns", async () => {
    assert.deepEqual(await reporting(aws.iam.RolePolicyAttachment, { role: ROLE, policyArn: TOKEN_POLICY_ARN }), []);
    assert.deepEqual(await reporting(aws.iam.Role, { name: ROLE, assumeRolePolicy: "{}", managedPolicyArns: [TOKEN_POLICY_ARN] }), []);
  });

  it("is reported as the broad grant it is when attached to a person, a group or another role", async () => {
    assert.deepEqual(await reporting(aws.iam.UserPolicyAttachment, { user: "alice", policyArn: TOKEN_POLICY_ARN }), [...BROAD].sort());
    assert.deepEqual(await reporting(aws.iam.GroupPolicyAttachment, { group: "oncall", policyArn: TOKEN_POLICY_ARN }), [...BROAD].sort());
    assert.deepEqual(
      await reporting(aws.iam.RolePolicyAttachment, { role: "SSM-JustInTimeAccessTokenRole2", policyArn: TOKEN_POLICY_ARN }),
      [...BROAD].sort(),
    );
  });

  it("is reported when copied into a policy of one's own and widened, even on the token role", async () => {
    const copy = latestAwsManagedPolicyDocument("AWSSystemsManagerJustInTimeAccessTokenPolicy");
    const widened = { ...copy, Statement: [...copy.Statement, { Sid: "More", Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" }] };
    assert.deepEqual(await reporting(aws.iam.RolePolicy, { role: ROLE, policy: JSON.stringify(widened) }), [...BROAD].sort());
    assert.deepEqual(await reporting(aws.iam.Policy, { name: "jit-copy", policy: JSON.stringify(widened) }), [...BROAD].sort());
  });
});
