// Which input changes make the provider replace a resource (delete and create) rather than
// update it in place. Offline there is no provider to ask (its Diff step is what knows), so this
// is a small table of the inputs marked "forces new resource" in the AWS provider's schema, for
// the resource types this program creates. A type or input missing here reads as an update: the
// table errs towards the milder word, and `pulumi preview` (with credentials) has the last say.
//
// Every regional resource of @pulumi/aws 7 takes a `region` input, and moving a resource to
// another Region always recreates it: that rule applies to every `aws:` type.

export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  "aws:iam/policy:Policy": ["name", "namePrefix", "path"],
  "aws:iam/role:Role": ["name", "namePrefix", "path"],
  "aws:iam/instanceProfile:InstanceProfile": ["name", "namePrefix", "path"],
  "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
  "aws:iam/userPolicy:UserPolicy": ["name", "namePrefix", "user"],
  "aws:iam/groupPolicy:GroupPolicy": ["name", "namePrefix", "group"],
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": ["user", "policyArn"],
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": ["group", "policyArn"],
  "aws:ssm/document:Document": ["name", "documentType"],
  "aws:ssm/parameter:Parameter": ["name"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keySpec", "multiRegion"],
  "aws:kms/alias:Alias": ["name", "namePrefix"],
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
  "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint": ["subnetId", "securityGroupIds", "preserveClientIp"],
  "aws:organizations/policy:Policy": ["type"],
  "aws:organizations/policyAttachment:PolicyAttachment": ["policyId", "targetId"],
};

/** Inputs that force replacement on every AWS resource type. */
const EVERY_AWS_TYPE = ["region"];

/** The inputs of `type` whose change replaces the resource. */
export function replaceOnChange(type: string): readonly string[] {
  const own = REPLACE_ON_CHANGE[type] ?? [];
  return type.startsWith("aws:") ? [...own, ...EVERY_AWS_TYPE] : own;
}
