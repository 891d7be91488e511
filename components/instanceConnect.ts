// Placeholder wiring: the component issue for this pattern replaces the body.
import * as pulumi from "@pulumi/pulumi";
import { InstanceConnectConfig } from "../config/schema";
import { StackContext } from "./context";
import { AccessEntry } from "./access";

export interface InstanceConnectAccessArgs {
  context: StackContext;
  config: InstanceConnectConfig;
}

export class InstanceConnectAccess extends pulumi.ComponentResource {
  /** Managed policy ARNs of each grant, by grant name. */
  readonly grantPolicyArns: pulumi.Output<Record<string, string[]>>;
  /** The access each grant is meant to give (the plan's access table). */
  readonly access: AccessEntry[];

  constructor(name: string, args: InstanceConnectAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:access:InstanceConnectAccess", name, {}, opts);
    void args;
    this.access = [];
    this.grantPolicyArns = pulumi.output<Record<string, string[]>>({});
    this.registerOutputs({ grantPolicyArns: this.grantPolicyArns, access: this.access });
  }
}
