// Stand-ins for `@pulumi/aws-native` classes, which this repository does not install (200+ MB).
// Their type tokens and input names come from ../fixtures/awsNativeTypes.json, read from the real
// package (@pulumi/aws-native 1.79.0's `__pulumiType` and `*Args` interfaces), so a misspelled
// token or input name fails here instead of passing against the pack's own spelling.
import fixture from "../fixtures/awsNativeTypes.json";
import type { ResourceClass } from "./runRule";

const TYPES = fixture.types as Record<string, { inputs: string[] }>;

function nativeClass(token: string): ResourceClass {
  if (!Object.hasOwn(TYPES, token)) throw new Error(`${token} is not a type of ${fixture.package}`);
  const cls = class {} as unknown as ResourceClass & { __pulumiType: string };
  cls.__pulumiType = token;
  return cls;
}

export const native = {
  iam: {
    Role: nativeClass("aws-native:iam:Role"),
    User: nativeClass("aws-native:iam:User"),
    Group: nativeClass("aws-native:iam:Group"),
    ManagedPolicy: nativeClass("aws-native:iam:ManagedPolicy"),
    RolePolicy: nativeClass("aws-native:iam:RolePolicy"),
    UserPolicy: nativeClass("aws-native:iam:UserPolicy"),
    GroupPolicy: nativeClass("aws-native:iam:GroupPolicy"),
  },
  sso: { PermissionSet: nativeClass("aws-native:sso:PermissionSet") },
  organizations: { Policy: nativeClass("aws-native:organizations:Policy") },
  ssm: { Document: nativeClass("aws-native:ssm:Document") },
  ec2: {
    SecurityGroup: nativeClass("aws-native:ec2:SecurityGroup"),
    SecurityGroupIngress: nativeClass("aws-native:ec2:SecurityGroupIngress"),
  },
  cloudformation: { Stack: nativeClass("aws-native:cloudformation:Stack"), StackSet: nativeClass("aws-native:cloudformation:StackSet") },
};

/** Throws unless every key of `props` is an input of the class in the real package. */
export function nativeInputs<T extends Record<string, unknown>>(cls: ResourceClass, props: T): T {
  const token = (cls as unknown as { __pulumiType: string }).__pulumiType;
  for (const k of Object.keys(props))
    if (!TYPES[token].inputs.includes(k)) throw new Error(`${token} has no input ${k} in ${fixture.package}`);
  return props;
}
