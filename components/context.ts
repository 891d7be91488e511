// What every access component needs to know about the stack it runs in.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { CheckedStack } from "./checkArgs";
import { partitionOf } from "../documents/arn";

export interface StackContext {
  project: string;
  stack: string;
  environment: string;
  /** The provider's default Region (`aws:region`). */
  region: string;
  /** Every Region the stack manages. */
  regions: string[];
  /** Known from the Region code, so document sizes are known before deployment. */
  partition: string;
  /** From config, or from the provider's credentials at deploy time. */
  accountId: pulumi.Output<string>;
  /** Managed policies a principal may have attached (IAM quota; 10 by default). */
  maxManagedPoliciesPerPrincipal: number;
  /** Tags put on every taggable resource, so that anyone can find who manages it. */
  tags: Record<string, string>;
}

/** The context of a component, from its checked `stack` arg. */
export function stackContext(stack: CheckedStack): StackContext {
  const name = stack.name ?? pulumi.getStack();
  return {
    project: pulumi.getProject(),
    stack: name,
    environment: stack.environment,
    region: stack.region,
    regions: stack.regions,
    partition: partitionOf(stack.region),
    accountId: stack.accountId !== undefined ? pulumi.output(stack.accountId) : aws.getCallerIdentityOutput().accountId,
    maxManagedPoliciesPerPrincipal: stack.maxManagedPoliciesPerPrincipal,
    tags: { "managed-by": "ec2-access", "ec2-access:environment": stack.environment, "ec2-access:stack": name },
  };
}

/** IAM names for what this stack creates: `ec2-access-<environment>-<pattern>-<grant>`. */
export function iamName(ctx: StackContext, ...parts: string[]): string {
  return ["ec2-access", ctx.environment, ...parts].join("-");
}
