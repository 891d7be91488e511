// Placeholder wiring: the component issue for this pattern replaces the body.
import * as pulumi from "@pulumi/pulumi";
import { SerialConsoleConfig } from "../config/schema";
import { StackContext } from "./context";
import { AccessEntry } from "./access";

export interface SerialConsoleAccessArgs {
  context: StackContext;
  config: SerialConsoleConfig;
}

export class SerialConsoleAccess extends pulumi.ComponentResource {
  /** Managed policy ARNs of each grant, by grant name. */
  readonly grantPolicyArns: pulumi.Output<Record<string, string[]>>;
  /** The access each grant is meant to give (the plan's access table). */
  readonly access: AccessEntry[];

  constructor(name: string, args: SerialConsoleAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:access:SerialConsoleAccess", name, {}, opts);
    void args;
    this.access = [];
    this.grantPolicyArns = pulumi.output<Record<string, string[]>>({});
    this.registerOutputs({ grantPolicyArns: this.grantPolicyArns, access: this.access });
  }
}
