// EC2 Serial Console (test/fixtures/aws-pages/000 and 001): the per-Region account setting, who may
// change it, who may connect to which instances, and the OS password for Linux troubleshooting.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { serialConsole as serialConsoleSchema } from "../model/schema";
import { targetOf } from "../model/target";
import { serialConsoleAdminDocument } from "../documents/serialConsole";
import { grantDocumentForSerialConsole } from "../documents/grantDocuments";
import type { PolicyDocument } from "../documents/policyDocument";
import { stackContext } from "./context";
import type { SerialConsoleAccessArgs } from "./serialConsoleArgs";
import { STAND_IN_OUTPUT, checkArgs } from "./checkArgs";
import type { AccessEntry } from "./access";
import { accessEntries } from "./access";
import { GrantPolicy, withoutPacker } from "./grantPolicy";
import { ADMIN_GRANT_NAME, accessPattern } from "../model/patterns";
import { SerialConsoleOsPassword } from "./osPassword";

export type { SerialConsoleAccessArgs };

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

  /**
   * @param args The `serialConsole` section of the stack config plus `stack`; checked with the
   * config's messages before anything is registered (a ComponentArgsError otherwise).
   * @param opts A renamed type token keeps URNs with `aliases: [{ type: "<old token>" }]`.
   */
  constructor(name: string, args: SerialConsoleAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkArgs("SerialConsoleAccess", name, "serialConsole", serialConsoleSchema(), args, {
      notConfig: ["instanceRole", "packer"],
      packGrants: args.packer !== undefined,
      // A password known only at deployment (a secret Output) is checked where it is used.
      standIns: (raw) => {
        const pw = raw.osPassword as { password?: unknown } | undefined;
        if (pw?.password === STAND_IN_OUTPUT) pw.password = "known-at-deployment";
      },
    });
    // The packer is an object of this program, not an input to record.
    super(TYPE, name, withoutPacker(args), opts);
    const ctx = stackContext(checked.stack);
    const config = checked.config;
    // The password as given (an Output stays one); the checked copy holds a stand-in for it.
    const osPasswordConfig = config.osPassword && args.osPassword && { ...config.osPassword, password: args.osPassword.password };

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
          packer: args.packer,
        },
        { parent: this },
      );
      arnsByGrant[grant.name] = policy.policyArns;
      this.access.push(...accessEntries(PATTERN, grant, target, [], config.denyInstanceIds));
    }
    this.grantPolicyArns = pulumi.output(arnsByGrant);

    if (osPasswordConfig) {
      const osPassword = new SerialConsoleOsPassword(
        `${name}-os-password`,
        { context: ctx, config: osPasswordConfig, instanceRole: args.instanceRole },
        { parent: this },
      );
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
