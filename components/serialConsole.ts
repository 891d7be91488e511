// EC2 Serial Console (test/fixtures/aws-pages/000 and 001): the per-Region account setting, who may
// change it, who may connect to which instances, and the OS password for Linux troubleshooting.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { SerialConsoleConfig } from "../model/schema";
import { targetOf } from "../model/target";
import { serialConsoleAdminDocument } from "../documents/serialConsole";
import { grantDocumentForSerialConsole } from "../documents/grantDocuments";
import type { PolicyDocument } from "../documents/policyDocument";
import type { StackContext } from "./context";
import type { AccessEntry } from "./access";
import { accessEntries } from "./access";
import { GrantPolicy } from "./grantPolicy";
import { ADMIN_GRANT_NAME, accessPattern } from "../model/patterns";
import { SerialConsoleOsPassword } from "./osPassword";

export interface SerialConsoleAccessArgs {
  context: StackContext;
  config: SerialConsoleConfig;
  /** The Session Manager instance role, when the stack creates it (it gets the OS password read policy). */
  instanceRole?: { name: pulumi.Input<string> };
}

// The admin policy goes through GrantPolicy under ADMIN_GRANT_NAME, so a grant may not use it:
// both would get the same IAM policy name and the same Pulumi resource name.
export { ADMIN_GRANT_NAME };
const { pattern: PATTERN, type: TYPE } = accessPattern("serialConsole");

export class SerialConsoleAccess extends pulumi.ComponentResource {
  /** Managed policy ARNs of each grant, by grant name. */
  readonly grantPolicyArns: pulumi.Output<Record<string, string[]>>;
  /** Managed policy ARNs of the admin policy (empty without `admins`). */
  readonly adminPolicyArns: pulumi.Output<string[]>;
  /** The access each grant is meant to give (the plan's access table). */
  readonly access: AccessEntry[];
  /** With `osPassword`: what the targeted instances' role must allow to read the password. */
  readonly osPasswordInstancePolicy?: pulumi.Output<PolicyDocument>;
  /** With `osPassword`: the managed policy to attach to the targeted instances' role. */
  readonly osPasswordReadPolicyArn?: pulumi.Output<string>;

  constructor(name: string, args: SerialConsoleAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const { context: ctx, config } = args;
    const reserved = config.grants.findIndex((g) => g.name === ADMIN_GRANT_NAME);
    if (reserved >= 0) {
      throw new Error(`ec2-access:serialConsole.grants[${reserved}].name: "${ADMIN_GRANT_NAME}" is reserved for the admin policy; choose another grant name`);
    }

    // One resource per Region through the `region` input of @pulumi/aws 7, not one explicit
    // provider per Region as the issue first said: same effect, fewer moving parts (notes).
    if (config.accountAccess !== "unmanaged") {
      for (const region of ctx.regions) {
        new aws.ec2.SerialConsoleAccess(
          `${name}-account-${region}`,
          { region, enabled: config.accountAccess === "enabled" },
          // Deleting this resource disables the console. Switching to `unmanaged` (or removing
          // the section) means "leave the setting alone", so it must not flip it.
          { parent: this, retainOnDelete: true },
        );
      }
    }

    if (config.admins) {
      const admins = new GrantPolicy(
        `${name}-${ADMIN_GRANT_NAME}`,
        {
          context: ctx,
          pattern: PATTERN,
          grantName: ADMIN_GRANT_NAME,
          description: "View, allow and prevent EC2 Serial Console access at the account level",
          principals: config.admins,
          document: () => serialConsoleAdminDocument(),
        },
        { parent: this },
      );
      this.adminPolicyArns = admins.policyArns;
    } else {
      this.adminPolicyArns = pulumi.output<string[]>([]);
    }

    const arnsByGrant: Record<string, pulumi.Output<string[]>> = {};
    this.access = [];
    for (const grant of config.grants) {
      const target = targetOf(grant);
      const policy = new GrantPolicy(
        `${name}-${grant.name}`,
        {
          context: ctx,
          pattern: PATTERN,
          grantName: grant.name,
          description: `EC2 Serial Console access for grant ${grant.name}`,
          principals: grant.principals,
          document: grantDocumentForSerialConsole(config, grant, ctx).document,
        },
        { parent: this },
      );
      arnsByGrant[grant.name] = policy.policyArns;
      this.access.push(...accessEntries(PATTERN, grant, target, [], config.denyInstanceIds));
    }
    this.grantPolicyArns = pulumi.output(arnsByGrant);

    if (config.osPassword) {
      const osPassword = new SerialConsoleOsPassword(`${name}-os-password`, { context: ctx, config: config.osPassword, instanceRole: args.instanceRole }, { parent: this });
      this.osPasswordInstancePolicy = osPassword.instancePolicy;
      this.osPasswordReadPolicyArn = osPassword.readPolicyArn;
    }

    this.registerOutputs({
      grantPolicyArns: this.grantPolicyArns,
      adminPolicyArns: this.adminPolicyArns,
      access: this.access,
      osPasswordInstancePolicy: this.osPasswordInstancePolicy,
      osPasswordReadPolicyArn: this.osPasswordReadPolicyArn,
    });
  }
}
