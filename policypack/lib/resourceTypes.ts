// Resource types the rules select with `validateResourceOfType` / `isType`, by type token.
// Both only read a class's static `__pulumiType`, so a stand-in with that field matches exactly
// what the provider's class would. The pack thus never loads @pulumi/aws (84 MB installed, and
// seconds to require) when it is installed and started alone: see ../README.md, "Publish".
import type { Resource } from "@pulumi/pulumi";

/** What `validateResourceOfType` and `isType` accept: a constructor with the type token. */
export type ResourceTypeRef<TArgs> = { new (name: string, args: TArgs, ...rest: unknown[]): Resource } & { readonly __pulumiType: string };

/** A stand-in class for the resource type `token` whose inputs are `TArgs`. */
export function resourceType<TArgs = Record<string, unknown>>(token: string): ResourceTypeRef<TArgs> {
  const ref = class {
    static readonly __pulumiType = token;
  };
  return ref as unknown as ResourceTypeRef<TArgs>;
}

/** The inputs of aws.ec2.SerialConsoleAccess that the rules read (@pulumi/aws 7). */
export interface SerialConsoleAccessArgs {
  enabled?: boolean;
  region?: string;
}

export const AwsTypes = {
  serialConsoleAccess: resourceType<SerialConsoleAccessArgs>("aws:ec2/serialConsoleAccess:SerialConsoleAccess"),
  ssmDocument: resourceType("aws:ssm/document:Document"),
  iamPolicy: resourceType("aws:iam/policy:Policy"),
  iamRole: resourceType("aws:iam/role:Role"),
  iamUser: resourceType("aws:iam/user:User"),
  iamGroup: resourceType("aws:iam/group:Group"),
  iamRolePolicy: resourceType("aws:iam/rolePolicy:RolePolicy"),
  iamUserPolicy: resourceType("aws:iam/userPolicy:UserPolicy"),
  iamGroupPolicy: resourceType("aws:iam/groupPolicy:GroupPolicy"),
  organizationsPolicy: resourceType("aws:organizations/policy:Policy"),
} as const;
