// The OS-level part of the serial console (Linux): a password-based OS user, set once per
// targeted instance, without the password ever being written anywhere in plaintext.
//
// Per Region of the stack: a KMS key of its own, a SecureString parameter holding the password
// (a Pulumi secret, so state keeps it encrypted), a Command document that reads the parameter
// on the instance, and a State Manager association that runs it once on each targeted instance
// (no schedule: it runs when created and when an instance starts matching the targets).
// Everything is per Region because instances are: an instance reads its own Region's copy,
// which works from private subnets with only that Region's VPC endpoints.
//
// The key is dedicated so that reading the password takes a permission nobody has by accident:
// AmazonSSMManagedInstanceCore lets any managed instance call ssm:GetParameter on "*", but only
// the read policy grants kms:Decrypt on this key. Its key policy is AWS's default (the account
// delegates to IAM), written out. The read policy is a managed policy, attached to the Session
// Manager instance role when the stack creates it; otherwise its ARN is a stack output to
// attach to the instances' own role.
//
// Changing the password updates the parameter, not the association: it does not rerun by
// itself. Run the association again (`aws ssm start-associations-once`) to apply it.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { OsPasswordConfig } from "../model/schema";
import { normaliseTags } from "../model/target";
import { osPasswordCommandDocument, osPasswordKeyPolicy, osPasswordParameterName, osPasswordReadDocument } from "../documents/osPassword";
import type { PolicyDocument } from "../documents/policyDocument";
import { renderCompact } from "../documents/policyDocument";
import type { StackContext } from "./context";
import { iamName } from "./context";

export interface SerialConsoleOsPasswordArgs {
  context: StackContext;
  /** The password may be an Output (a secret known at deployment). */
  config: Omit<OsPasswordConfig, "password"> & { password: pulumi.Input<string> };
  /** The targeted instances' role, when the stack creates it: the read policy is attached to it. */
  instanceRole?: { name: pulumi.Input<string> };
}

/** State Manager accepts at most 5 targets per association. */
const MAX_ASSOCIATION_TARGETS = 5;

export class SerialConsoleOsPassword extends pulumi.ComponentResource {
  /** Inline this in the role of the targeted instances (e.g. the Session Manager instance profile's). */
  readonly instancePolicy: pulumi.Output<PolicyDocument>;
  /** The same document as compact JSON, ready for `aws.iam.RolePolicy`. */
  readonly instancePolicyJson: pulumi.Output<string>;
  readonly parameterName: string;
  /** The managed policy that lets an instance read the password: attach it to the instances' role. */
  readonly readPolicyArn: pulumi.Output<string>;

  constructor(name: string, args: SerialConsoleOsPasswordArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:access:SerialConsoleOsPassword", name, {}, opts);
    const { context: ctx, config } = args;
    // Checked without echoing the value: chpasswd reads one `user:password` per line. A plain
    // value is checked now (with the args); a secret Output when it resolves, before it is stored.
    const password = pulumi.secret(
      pulumi.output(config.password).apply((p) => {
        if (/[\r\n]/.test(p))
          throw new pulumi.ResourceError(
            `${name}: osPassword.password contains a line break; chpasswd cannot set such a password`,
            this,
            true,
          );
        return p;
      }),
    );
    const targets = config.instanceIds
      ? [{ key: "InstanceIds", values: config.instanceIds }]
      : Object.entries(normaliseTags(config.tags ?? {})).map(([k, values]) => ({ key: `tag:${k}`, values }));
    if (targets.length > MAX_ASSOCIATION_TARGETS) {
      throw new Error(
        `ec2-access:serialConsole.osPassword.tags: ${targets.length} tag keys; an SSM association takes at most ${MAX_ASSOCIATION_TARGETS}`,
      );
    }

    this.parameterName = osPasswordParameterName(ctx.environment, config.user);
    const documentName = iamName(ctx, "serial-console-os-password", config.user);
    const tags = { ...ctx.tags, "ec2-access:pattern": "serial-console" };

    const secrets = ctx.regions.map((region) => {
      const key = new aws.kms.Key(
        `${name}-key-${region}`,
        {
          region,
          description: `Encrypts the serial console password of OS user ${config.user} (${ctx.environment})`,
          enableKeyRotation: true,
          deletionWindowInDays: 7,
          policy: ctx.accountId.apply((accountId) => JSON.stringify(osPasswordKeyPolicy({ partition: ctx.partition, accountId }))),
          tags,
        },
        { parent: this },
      );
      const parameter = new aws.ssm.Parameter(
        `${name}-parameter-${region}`,
        {
          region,
          name: this.parameterName,
          type: "SecureString",
          value: password,
          keyId: key.arn,
          description: `Serial console password of OS user ${config.user}; read on the instance by ${documentName}`,
          tags,
        },
        { parent: this },
      );
      const document = new aws.ssm.Document(
        `${name}-document-${region}`,
        {
          region,
          name: documentName,
          documentType: "Command",
          documentFormat: "JSON",
          content: JSON.stringify(osPasswordCommandDocument({ user: config.user, parameterName: this.parameterName, region })),
          tags,
        },
        { parent: this },
      );
      new aws.ssm.Association(
        `${name}-association-${region}`,
        { region, name: document.name, associationName: documentName, targets, tags },
        // The parameter must hold the password before the first run reads it.
        { parent: this, dependsOn: [parameter] },
      );
      return pulumi.all([key.arn, parameter.arn]).apply(([keyArn, parameterArn]) => ({ region, keyArn, parameterArn }));
    });

    this.instancePolicy = pulumi.all(secrets).apply((s) => osPasswordReadDocument(s));
    this.instancePolicyJson = this.instancePolicy.apply(renderCompact);
    const readPolicy = new aws.iam.Policy(
      `${name}-read`,
      {
        name: iamName(ctx, "serial-console-os-password", "read"),
        path: "/ec2-access/",
        // Immutable in IAM: nothing in it may change with the configuration.
        description: "Lets EC2 instances read the serial console OS password (one SSM parameter, decrypted through SSM)",
        policy: this.instancePolicyJson,
        tags,
      },
      { parent: this },
    );
    this.readPolicyArn = readPolicy.arn;
    if (args.instanceRole) {
      new aws.iam.RolePolicyAttachment(
        `${name}-read-instance-role`,
        { role: args.instanceRole.name, policyArn: readPolicy.arn },
        { parent: this },
      );
    }
    this.registerOutputs({ instancePolicy: this.instancePolicyJson, parameterName: this.parameterName, readPolicyArn: this.readPolicyArn });
  }
}
