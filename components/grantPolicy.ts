// A grant's customer managed policy (or policies) and their attachments to the grant's
// principals. Every access pattern goes through here, so naming, attachment and size-aware
// splitting (documents/split.ts) live in one place.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ArnScope } from "../documents/arn";
import type { PolicyDocument } from "../documents/policyDocument";
import { renderCompact } from "../documents/policyDocument";
import type { Layout } from "../documents/split";
import { STAND_IN_ACCOUNT, applyLayout, layoutOf } from "../documents/split";
import type { Principals } from "../model/schema";
import type { StackContext } from "./context";
import { iamName } from "./context";
import type { PackedGrant, Packer } from "./grantPacking";

/** A value the document names that exists only after deployment, e.g. an endpoint's ARN. */
export interface Resolved<R> {
  value: pulumi.Input<R>;
  /** Same length as the real value, so the policy is sized (and split) before it exists. */
  standIn: R;
}

export interface GrantPolicyArgs<R = undefined> {
  context: StackContext;
  /** e.g. `serial-console`, `instance-connect`, `session-manager`. */
  pattern: string;
  grantName: string;
  /**
   * What the grant gives (OS users, clients, role...): it changes with the grant, so it goes to
   * the policy's `ec2-access:summary` tag, which can change in place. The policy's description
   * is immutable (IAM CreatePolicy; the provider replaces the policy to change it, and the
   * replacement would collide with the policy's fixed name), so it holds only stable text.
   */
  description: string;
  principals: Principals;
  /** Passed to `document` as its second argument; without it that argument is undefined. */
  resolved?: Resolved<R>;
  /** A pure builder: the same scope (and resolved value) always gives the same document. */
  document: (scope: ArnScope, resolved: R) => PolicyDocument;
  /**
   * With `ec2-access:packGrants`, the stack's packer (components/packedGrants.ts): a grant whose
   * document fits in one policy goes into its principals' shared policy instead of its own.
   */
  packer?: Packer;
}

export { STAND_IN_ACCOUNT };

/**
 * How a grant's document is cut into managed policies, decided on the document built with the
 * stand-in account (and stand-in resolved value), so it is known before either real value is.
 */
export function grantLayout<R>(args: Pick<GrantPolicyArgs<R>, "context" | "resolved" | "document">): Layout {
  return layoutOf(args.document({ partition: args.context.partition, accountId: STAND_IN_ACCOUNT }, args.resolved?.standIn as R));
}

/**
 * Suffix of the i-th (0-based) policy's names. The first keeps the grant's plain name, so a
 * grant that grows into a second policy does not rename (replace) its first. Later ones get
 * `.2`, `.3`...: a dot, which grant names cannot contain (model/awsNames.ts), so part 2 of
 * grant `web` can never take the names of a grant called `web-2`.
 */
export function partSuffix(i: number): string {
  return i === 0 ? "" : `.${i + 1}`;
}

/**
 * A policy's description, from what its name already fixes: changing it would replace the
 * policy, and so does changing the name. The first part has no part number, so a grant that
 * grows into a second policy leaves its first one alone.
 */
export function stableDescription(ctx: StackContext, pattern: string, grantName: string, part: number): string {
  return `ec2-access ${pattern} grant ${grantName} (${ctx.environment})${part === 0 ? "" : ` part ${part + 1}`}`;
}

/** IAM tag values: at most 256 of letters, digits, spaces and `_.:/=+-@` (botocore iam tagValueType). */
export function tagValue(text: string): string {
  return text
    .replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 256);
}

/** A component's args as recorded by the engine: the packer is an object of the program, not an input. */
export function withoutPacker<A extends { packer?: unknown }>(args: A): Omit<A, "packer"> {
  if (args === null || typeof args !== "object" || !("packer" in args)) return args;
  const { packer: _packer, ...rest } = args;
  return rest;
}

export class GrantPolicy<R = undefined> extends pulumi.ComponentResource {
  /** ARNs of the managed policies, in order, for other stacks to attach (SSO, for example). */
  readonly policyArns: pulumi.Output<string[]>;
  readonly policyNames: string[];

  constructor(name: string, args: GrantPolicyArgs<R>, opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:iam:GrantPolicy", name, {}, opts);
    const { context: ctx } = args;
    const packed: PackedGrant = {
      context: ctx,
      pattern: args.pattern,
      grantName: args.grantName,
      principals: args.principals,
      document: args.document as PackedGrant["document"],
      resolved: args.resolved,
    };
    if (args.packer?.takes(packed)) {
      this.policyNames = [];
      this.policyArns = args.packer.add(packed).apply((arn) => [arn]);
      this.registerOutputs({ policyArns: this.policyArns });
      return;
    }
    const layout = grantLayout(args);
    const resolvedValue: pulumi.Input<R | undefined> = args.resolved ? args.resolved.value : undefined;
    const parts = pulumi
      .all([ctx.accountId, resolvedValue])
      .apply(([accountId, resolved]) => applyLayout(layout, args.document({ partition: ctx.partition, accountId }, resolved as R)));

    const policies: aws.iam.Policy[] = [];
    this.policyNames = [];
    layout.parts.forEach((_, i) => {
      const suffix = partSuffix(i);
      const policyName = iamName(ctx, args.pattern, args.grantName) + suffix;
      this.policyNames.push(policyName);
      policies.push(
        new aws.iam.Policy(
          `${name}${suffix}`,
          {
            name: policyName,
            path: "/ec2-access/",
            // Immutable: only what the policy's name already fixes (pattern, grant, part).
            description: stableDescription(ctx, args.pattern, args.grantName, i),
            policy: parts.apply((docs) => renderCompact(docs[i])),
            tags: {
              ...ctx.tags,
              "ec2-access:grant": args.grantName,
              "ec2-access:pattern": args.pattern,
              "ec2-access:summary": tagValue(args.description),
            },
          },
          { parent: this },
        ),
      );
    });

    policies.forEach((policy, i) => {
      const suffix = partSuffix(i);
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
