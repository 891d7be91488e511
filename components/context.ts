// What every access component needs to know about the stack it runs in.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { StackConfig } from "../config/load";
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

export function stackContext(config: StackConfig): StackContext {
  return {
    project: pulumi.getProject(),
    stack: config.stack,
    environment: config.environment,
    region: config.region,
    regions: config.regions,
    partition: partitionOf(config.region),
    accountId: config.accountId ? pulumi.output(config.accountId) : aws.getCallerIdentityOutput().accountId,
    maxManagedPoliciesPerPrincipal: config.maxManagedPoliciesPerPrincipal,
    tags: { "managed-by": "ec2-access", "ec2-access:environment": config.environment, "ec2-access:stack": config.stack },
  };
}

/** IAM names for what this stack creates: `ec2-access-<environment>-<pattern>-<grant>`. */
export function iamName(ctx: StackContext, ...parts: string[]): string {
  return ["ec2-access", ctx.environment, ...parts].join("-");
}
