// What every component needs to know about the stack it runs in: the `stack` arg of the four
// components, which the program fills from the stack config's top-level keys.
import type * as pulumi from "@pulumi/pulumi";

export interface StackArgs {
  /** Name of the environment (dev, staging, prod, ...): used in resource names and tags. 1-20 of a-z 0-9 -. */
  environment: string;
  /** Every AWS Region the stack manages (serial console setting, session preferences, instance ARNs). */
  regions: string[];
  /** The provider's default Region (`aws:region`): the partition, and the Instance Connect Endpoint's default Region. Default: `regions[0]`. */
  region?: string;
  /** The stack's 12-digit AWS account ID. Default: the provider's, at deploy time (aws.getCallerIdentity). */
  accountId?: pulumi.Input<string>;
  /** Managed policies IAM lets this account attach to one user or role: 10 by default, 20 with a quota increase (groups: 10). */
  maxManagedPoliciesPerPrincipal?: number;
  /** The stack's name in the `ec2-access:stack` tag. Default: `pulumi.getStack()`. */
  name?: string;
}
