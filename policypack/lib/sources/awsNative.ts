// Identity documents of `@pulumi/aws-native` resources. Type tokens and input names are those of
// @pulumi/aws-native 1.79.0 (`__pulumiType` and the `*Args` interfaces); the inputs are
// CloudFormation's properties in camelCase, so cloudFormationShapes.ts reads them. Policy
// documents are objects here (CloudFormation's `Json` type), or JSON text.
import { readShaped } from "./cloudFormationShapes";
import type { DocumentSource } from "./types";
import { isRecord } from "./values";

/** aws-native type token → the CloudFormation type it is generated from. */
export const AWS_NATIVE_TYPES: ReadonlyMap<string, string> = new Map([
  ["aws-native:iam:Role", "AWS::IAM::Role"],
  ["aws-native:iam:User", "AWS::IAM::User"],
  ["aws-native:iam:Group", "AWS::IAM::Group"],
  ["aws-native:iam:ManagedPolicy", "AWS::IAM::ManagedPolicy"],
  ["aws-native:iam:RolePolicy", "AWS::IAM::RolePolicy"],
  ["aws-native:iam:UserPolicy", "AWS::IAM::UserPolicy"],
  ["aws-native:iam:GroupPolicy", "AWS::IAM::GroupPolicy"],
  ["aws-native:sso:PermissionSet", "AWS::SSO::PermissionSet"],
  ["aws-native:organizations:Policy", "AWS::Organizations::Policy"],
]);

export function readAwsNative(type: string, props: unknown, name: string): DocumentSource[] | undefined {
  const cfnType = AWS_NATIVE_TYPES.get(type);
  if (cfnType === undefined) return undefined;
  return readShaped({ type: cfnType, props: isRecord(props) ? props : {}, name, camelCase: true });
}
