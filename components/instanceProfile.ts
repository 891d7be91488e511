// The role and instance profile that make EC2 instances managed nodes, so that Session
// Manager can reach them. What the session preferences add to the role (KMS, logging) is
// granted by SessionPreferences, which owns the key and knows the log destinations.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ec2TrustPolicy, managedInstanceCorePolicyArn } from "../documents/instanceProfile";
import type { StackContext } from "./context";
import { iamName } from "./context";

export interface ManagedInstanceProfileArgs {
  context: StackContext;
  /** Role and instance profile name; default `ec2-access-<environment>-session-manager-instance`. */
  name?: string;
}

export class ManagedInstanceProfile extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly instanceProfileName: pulumi.Output<string>;
  readonly instanceProfileArn: pulumi.Output<string>;

  constructor(name: string, args: ManagedInstanceProfileArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:sessionManager:ManagedInstanceProfile", name, {}, opts);
    const { context: ctx } = args;
    const physicalName = args.name ?? iamName(ctx, "session-manager", "instance");

    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        name: physicalName,
        path: "/ec2-access/",
        description: "EC2 instances managed by Systems Manager, reachable through Session Manager",
        assumeRolePolicy: JSON.stringify(ec2TrustPolicy()),
        tags: ctx.tags,
      },
      { parent: this },
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-core`,
      { role: this.role.name, policyArn: managedInstanceCorePolicyArn(ctx.partition) },
      { parent: this },
    );
    const profile = new aws.iam.InstanceProfile(
      name,
      { name: physicalName, path: "/ec2-access/", role: this.role.name, tags: ctx.tags },
      { parent: this },
    );
    this.instanceProfileName = profile.name;
    this.instanceProfileArn = profile.arn;
    this.registerOutputs({
      roleArn: this.role.arn,
      instanceProfileName: this.instanceProfileName,
      instanceProfileArn: this.instanceProfileArn,
    });
  }
}
