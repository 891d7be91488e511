// With `ec2-access:packGrants`: the shared managed policies that hold the small grants of the
// same principals (documents/pack.ts says how they are packed, named and read back). Each
// GrantPolicy given the packer hands over a document that fits in one policy instead of creating
// a policy; once every component has, `create` lays the grants out exactly as the configuration
// check counted them (documents/grantPolicyCounts.ts) and creates the policies and attachments.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ArnScope } from "../documents/arn";
import { policySize, renderCompact } from "../documents/policyDocument";
import type { PackCandidate } from "../documents/pack";
import { memberKey, packLayout, packedDocument, packedSuffix, packedTags } from "../documents/pack";
import { MANAGED_POLICY_LIMIT, PolicySplitError, STAND_IN_ACCOUNT } from "../documents/split";
import type { StackContext } from "./context";
import { iamName } from "./context";
import type { PackedGrant, Packer } from "./grantPacking";

interface Entry {
  grant: PackedGrant;
  /** Settles the ARN `add` returned, once the grant's shared policy exists. */
  settle: (arn: pulumi.Output<string>) => void;
}

const candidate = (g: PackedGrant): PackCandidate => ({
  pattern: g.pattern,
  grant: g.grantName,
  principals: g.principals,
  standIn: g.document({ partition: g.context.partition, accountId: STAND_IN_ACCOUNT }, g.resolved?.standIn),
});

/**
 * Collects the grants of one stack's components, then creates their shared policies. Give the
 * same packer to SerialConsoleAccess, InstanceConnectAccess and SessionManagerAccess (`packer`),
 * then call `create` once, after them.
 */
export class GrantPacker implements Packer {
  private readonly entries: Entry[] = [];
  private created = false;

  takes(grant: PackedGrant): boolean {
    return packLayout([candidate(grant)]).policies.length === 1;
  }

  add(grant: PackedGrant): pulumi.Output<string> {
    if (this.created) throw new Error(`grant ${grant.grantName} was handed to the packer after its policies were created`);
    const first = this.entries[0]?.grant.context;
    if (first && (first.environment !== grant.context.environment || first.partition !== grant.context.partition))
      throw new Error(`grant ${grant.grantName} is of another stack than the packer's other grants: one packer per stack`);
    let settle!: (arn: pulumi.Output<string>) => void;
    const arn = new Promise<pulumi.Output<string>>((resolve) => (settle = resolve));
    this.entries.push({ grant, settle });
    return pulumi.output(arn).apply((a) => a);
  }

  /** Creates the shared policies and their attachments under one component, named `name`. */
  create(name: string, opts?: pulumi.ComponentResourceOptions): PackedGrantPolicies {
    this.created = true;
    return new PackedGrantPolicies(name, this.entries, opts);
  }
}

export class PackedGrantPolicies extends pulumi.ComponentResource {
  /** The shared policies' ARNs, in the packer's order (by principal set, then part). */
  readonly policyArns: pulumi.Output<string[]>;

  constructor(name: string, entries: readonly Entry[], opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:iam:PackedGrantPolicies", name, {}, opts);
    const byKey = new Map(entries.map((e) => [memberKey(e.grant.pattern, e.grant.grantName), e]));
    const { policies } = packLayout(entries.map((e) => candidate(e.grant)));
    const arns: pulumi.Output<string>[] = [];
    for (const packed of policies) {
      const members = packed.members.map((m) => byKey.get(m)!);
      const ctx: StackContext = members[0].grant.context;
      const suffix = packedSuffix(packed.part);
      const resourceName = `${name}-${packed.name}${suffix}`;
      const document = pulumi.all([ctx.accountId, ...members.map((m) => m.grant.resolved?.value)]).apply(([accountId, ...resolved]) => {
        const scope: ArnScope = { partition: ctx.partition, accountId: accountId as string };
        const doc = packedDocument(members.map((m, i) => [packed.members[i], m.grant.document(scope, resolved[i])] as const));
        const size = policySize(doc);
        if (size > MANAGED_POLICY_LIMIT)
          throw new PolicySplitError(
            `packed policy ${packed.name}${suffix} is ${size} characters, over ${MANAGED_POLICY_LIMIT}, although its stand-in fitted`,
          );
        return renderCompact(doc);
      });
      const policy = new aws.iam.Policy(
        resourceName,
        {
          name: iamName(ctx, "packed", packed.name) + suffix,
          path: "/ec2-access/",
          // Immutable (see components/grantPolicy.ts): only what the name fixes.
          description: `ec2-access grants packed for ${packed.name} (${ctx.environment})${packed.part === 0 ? "" : ` part ${packed.part + 1}`}`,
          policy: document,
          tags: { ...ctx.tags, ...packedTags(packed.members) },
        },
        { parent: this },
      );
      for (const user of packed.principals.users)
        new aws.iam.UserPolicyAttachment(`${resourceName}-user-${user}`, { user, policyArn: policy.arn }, { parent: this });
      for (const group of packed.principals.groups)
        new aws.iam.GroupPolicyAttachment(`${resourceName}-group-${group}`, { group, policyArn: policy.arn }, { parent: this });
      for (const role of packed.principals.roles)
        new aws.iam.RolePolicyAttachment(`${resourceName}-role-${role}`, { role, policyArn: policy.arn }, { parent: this });
      members.forEach((m) => m.settle(policy.arn));
      arns.push(policy.arn);
    }
    this.policyArns = pulumi.all(arns);
    this.registerOutputs({ policyArns: this.policyArns });
  }
}
