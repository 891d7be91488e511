// The pack selects resource types by token, without loading @pulumi/aws at run time: each
// stand-in must carry exactly the token of the provider's own class.
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { AwsTypes } from "../../../policypack/lib/resourceTypes";

const tokenOf = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;

describe("policypack/lib/resourceTypes", () => {
  it("names each type with the token of @pulumi/aws's class", () => {
    const real: Record<keyof typeof AwsTypes, unknown> = {
      serialConsoleAccess: aws.ec2.SerialConsoleAccess,
      ssmDocument: aws.ssm.Document,
      iamPolicy: aws.iam.Policy,
      iamRole: aws.iam.Role,
      iamUser: aws.iam.User,
      iamGroup: aws.iam.Group,
      iamRolePolicy: aws.iam.RolePolicy,
      iamUserPolicy: aws.iam.UserPolicy,
      iamGroupPolicy: aws.iam.GroupPolicy,
      organizationsPolicy: aws.organizations.Policy,
    };
    for (const [key, cls] of Object.entries(real)) assert.equal(tokenOf(AwsTypes[key as keyof typeof AwsTypes]), tokenOf(cls), key);
  });
});
