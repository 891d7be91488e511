// How many managed policies the stack attaches to each IAM principal. IAM refuses the
// attachment beyond its quota (10 per user or role by default, 20 at most; 10 per group,
// fixed), and it does so at deploy time, after other attachments already happened: counting
// here turns that failure into a configuration message.
import type { ProjectKeys, Principals } from "../model/schema";
import { keyPath } from "./messages";
import type { GrantSection } from "../model/patterns";
import { GRANT_SECTIONS, patternOfSection } from "../model/patterns";
import type { PackedPolicy } from "../documents/pack";
import { packedSuffix } from "../documents/pack";

export type { GrantSection };
export type PrincipalKind = "user" | "group" | "role";

export interface Attachment {
  /** Where the principal is named, e.g. `ec2-access:sessionManager.grants[2].principals.roles[0]`. */
  path: string;
  section: GrantSection;
  /** The grant, or undefined for the serial console admin policy and packed policies. */
  grant?: string;
  /** A packed policy (`ec2-access:packGrants`): its name and the `<pattern>/<grant>`s it holds. */
  packed?: { name: string; members: string[] };
  policies: number;
}

export interface PrincipalAttachments {
  kind: PrincipalKind;
  name: string;
  count: number;
  attachments: Attachment[];
}

export type AttachmentInput = Pick<Partial<ProjectKeys>, GrantSection>;

/** IAM's fixed limit for groups; users and roles follow maxManagedPoliciesPerPrincipal. */
export const GROUP_POLICY_LIMIT = 10;

const KINDS: [keyof Principals, PrincipalKind][] = [
  ["users", "user"],
  ["groups", "group"],
  ["roles", "role"],
];

/**
 * Every principal the configuration names, with the policies it would receive: one per grant
 * it is in (or `policiesPerGrant` of them, once big grants are split), plus the serial console
 * admin policy. Ordered by first appearance, so messages follow the file.
 */
export function attachmentCounts(
  config: AttachmentInput,
  policiesPerGrant: (section: GrantSection, grantName: string) => number = () => 1,
  packed: readonly PackedPolicy[] = [],
): PrincipalAttachments[] {
  const byPrincipal = new Map<string, PrincipalAttachments>();
  const add = (
    principals: Principals,
    base: (string | number)[],
    section: GrantSection,
    grant: string | undefined,
    policies: number,
    pack?: Attachment["packed"],
  ) => {
    for (const [field, kind] of KINDS) {
      principals[field].forEach((name, j) => {
        // A packed grant has no policy of its own: it is counted once, with its packed policy (below).
        if (policies === 0 && !pack) return;
        const id = `${kind}/${name}`;
        const entry = byPrincipal.get(id) ?? { kind, name, count: 0, attachments: [] };
        entry.count += policies;
        entry.attachments.push({ path: keyPath([...base, field, j]), section, grant, policies, ...(pack ? { packed: pack } : {}) });
        byPrincipal.set(id, entry);
      });
    }
  };
  const sc = config.serialConsole;
  if (sc?.admins) add(sc.admins, ["serialConsole", "admins"], "serialConsole", undefined, 1);
  for (const section of GRANT_SECTIONS) {
    config[section]?.grants.forEach((g, i) =>
      add(g.principals, [section, "grants", i, "principals"], section, g.name, policiesPerGrant(section, g.name)),
    );
  }
  // A packed policy goes to its principals once; messages point at its first grant's principals.
  for (const p of packed) {
    const first = p.members[0];
    for (const section of GRANT_SECTIONS) {
      const prefix = `${patternOfSection(section)}/`;
      if (!first.startsWith(prefix)) continue;
      const i = config[section]?.grants.findIndex((g) => g.name === first.slice(prefix.length)) ?? -1;
      const g = i >= 0 ? config[section]?.grants[i] : undefined;
      if (g)
        add(g.principals, [section, "grants", i, "principals"], section, undefined, 1, {
          name: p.name + packedSuffix(p.part),
          members: p.members,
        });
    }
  }
  return [...byPrincipal.values()];
}

export function policyLimit(kind: PrincipalKind, maxPerPrincipal: number): number {
  return kind === "group" ? Math.min(GROUP_POLICY_LIMIT, maxPerPrincipal) : maxPerPrincipal;
}

/** One message per principal over its limit, on the first place that takes it over. */
export function attachmentProblems(
  config: AttachmentInput & { maxManagedPoliciesPerPrincipal?: number; packGrants?: boolean },
  policiesPerGrant?: (section: GrantSection, grantName: string) => number,
  packed: readonly PackedPolicy[] = [],
): string[] {
  const max = config.maxManagedPoliciesPerPrincipal ?? 10;
  const problems: string[] = [];
  for (const p of attachmentCounts(config, policiesPerGrant, packed)) {
    const limit = policyLimit(p.kind, max);
    if (p.count <= limit) continue;
    let running = 0;
    const over = p.attachments.find((a) => (running += a.policies) > limit)!;
    const from = p.attachments.map((a) =>
      a.packed
        ? `packed ${a.packed.name} (${a.packed.members.join(", ")})`
        : (a.grant === undefined ? `${a.section} admins` : `${a.section}/${a.grant}`) +
          (a.policies > 1 ? ` (${a.policies} policies: too large for one)` : ""),
    );
    // A grant split into several policies lists instance IDs one ARN each; a tag target is one statement.
    const split = p.attachments.some((a) => a.policies > 1);
    // Packing helps only when small grants take the places: say so where it is off.
    const smallGrants = p.attachments.filter((a) => a.policies === 1 && a.grant !== undefined).length;
    const pack = !config.packGrants && smallGrants >= 2 ? `, or ec2-access:packGrants: true (small grants share policies)` : "";
    const remedy = split
      ? `use tag-based targets (tags or principalTagKey instead of instanceIds: one policy whatever the number of instances)${pack}, or fewer grants for this ${p.kind}`
      : `use tag-based targets to merge grants${pack}, or fewer grants for this ${p.kind}`;
    const why =
      p.kind === "group"
        ? `IAM's fixed limit for a group`
        : `ec2-access:maxManagedPoliciesPerPrincipal; IAM allows 10 by default, 20 with a quota increase`;
    problems.push(
      `${over.path}: got ${p.kind} ${JSON.stringify(p.name)} with ${p.count} managed policies (${from.join(", ")}); ` +
        `expected at most ${limit} per ${p.kind} (${why}): ${remedy}`,
    );
  }
  return problems;
}
