// Resource types the rules select with `validateResourceOfType` / `isType`, by type token.
// Both only read a class's static `__pulumiType`, so a stand-in with that field matches exactly
// what the provider's class would. The pack thus never loads @pulumi/aws (84 MB installed, and
// seconds to require) when it is installed and started alone: see ../README.md, "Publish".
import type { Resource, Unwrap } from "@pulumi/pulumi";
import type { ResourceValidation, TypedResourceValidation } from "@pulumi/policy";

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

/**
 * @pulumi/policy's `validateResourceOfType` (policy.js, v1.21), the same function for a class
 * with a type token: it calls `validate` on a resource of that type, reports any other resource
 * as not applicable, and carries the token as `__pulumiType` for the analyzer's filtering. Here
 * because importing it loads @pulumi/policy's index, and with it the analyzer's gRPC server and
 * @pulumi/pulumi (seconds), in every command that only reads documents (`check-policy`, `diff`).
 * A test holds it to the library's function.
 */
export function validateResourceOfType<TArgs>(
  resourceClass: ResourceTypeRef<TArgs>,
  validate: TypedResourceValidation<Unwrap<NonNullable<TArgs>>>,
): ResourceValidation {
  const token = resourceClass.__pulumiType;
  const fn: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) => {
    if (args.isType(resourceClass)) return validate(args.props as Unwrap<NonNullable<TArgs>>, args, reportViolation);
    return args.notApplicable(`Policy only applies to resources of type '${token}'`);
  };
  fn.__pulumiType = token;
  return fn;
}
