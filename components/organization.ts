// Placeholder wiring: the serial console issue replaces the body with the SCP.
import * as pulumi from "@pulumi/pulumi";
import { OrganizationConfig } from "../config/schema";
import { StackContext } from "./context";

export interface OrganizationGuardrailsArgs {
  context: StackContext;
  config: OrganizationConfig;
}

export class OrganizationGuardrails extends pulumi.ComponentResource {
  readonly policyIds: pulumi.Output<string[]>;

  constructor(name: string, args: OrganizationGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:organization:OrganizationGuardrails", name, {}, opts);
    void args;
    this.policyIds = pulumi.output([]);
    this.registerOutputs({ policyIds: this.policyIds });
  }
}
