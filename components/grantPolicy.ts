// A grant's customer managed policy (or policies) and their attachments to the grant's
// principals. Every access pattern goes through here, so naming, attachment and (issue 8)
// size-aware splitting live in one place.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ArnScope } from "../documents/arn";
import { PolicyDocument, renderCompact } from "../documents/policyDocument";
import { Principals } from "../config/schema";
import { StackContext, iamName } from "./context";

export interface GrantPolicyArgs {
  context: StackContext;
  /** e.g. `serial-console`, `instance-connect`, `session-manager`. */
  pattern: string;
  grantName: string;
  description: string;
  principals: Principals;
  /** A pure builder: the same scope always gives the same document. */
  document: (scope: ArnScope) => PolicyDocument;
}

/**
 * Splits a document into documents that each fit IAM's managed-policy size limit.
 * The number of parts is decided on a document built with a stand-in account ID of the same
 * length as every real one (12 digits), so it is known before the account ID is.
 */
export type DocumentSplitter = (doc: PolicyDocument) => PolicyDocument[];

/** Until size-aware splitting lands (issue 8), a grant is one policy. */
export const wholeDocument: DocumentSplitter = (doc) => [doc];

export const STAND_IN_ACCOUNT = "000000000000";

export class GrantPolicy extends pulumi.ComponentResource {
  /** ARNs of the managed policies, in order, for other stacks to attach (SSO, for example). */
  readonly policyArns: pulumi.Output<string[]>;
  readonly policyNames: string[];

  constructor(name: string, args: GrantPolicyArgs, opts?: pulumi.ComponentResourceOptions, split: DocumentSplitter = wholeDocument) {
    super("ec2-access:iam:GrantPolicy", name, {}, opts);
    const { context: ctx } = args;
    const partCount = split(args.document({ partition: ctx.partition, accountId: STAND_IN_ACCOUNT })).length;
    const parts = ctx.accountId.apply((accountId) => split(args.document({ partition: ctx.partition, accountId })));

    const policies: aws.iam.Policy[] = [];
    this.policyNames = [];
    for (let i = 0; i < partCount; i++) {
      const suffix = partCount === 1 ? "" : `-${i + 1}`;
      const policyName = iamName(ctx, args.pattern, args.grantName) + suffix;
      this.policyNames.push(policyName);
      policies.push(
        new aws.iam.Policy(
          `${name}${suffix}`,
          {
            name: policyName,
            path: "/ec2-access/",
            description: partCount === 1 ? args.description : `${args.description} (part ${i + 1} of ${partCount})`,
            policy: parts.apply((docs) => renderCompact(docs[i])),
            tags: { ...ctx.tags, "ec2-access:grant": args.grantName, "ec2-access:pattern": args.pattern },
          },
          { parent: this },
        ),
      );
    }

    policies.forEach((policy, i) => {
      const suffix = partCount === 1 ? "" : `-${i + 1}`;
      for (const user of args.principals.users) {
        new aws.iam.UserPolicyAttachment(`${name}${suffix}-user-${user}`, { user, policyArn: policy.arn }, { parent: this });
      }
      for (const group of args.principals.groups) {
        new aws.iam.GroupPolicyAttachment(`${name}${suffix}-group-${group}`, { group, policyArn: policy.arn }, { parent: this });
      }
      for (const role of args.principals.roles) {
        new aws.iam.RolePolicyAttachment(`${name}${suffix}-role-${role}`, { role, policyArn: policy.arn }, { parent: this });
      }
    });

    this.policyArns = pulumi.all(policies.map((p) => p.arn));
    this.registerOutputs({ policyArns: this.policyArns });
  }
}
