// The target of a grant (stack-config.md, "Targets"): which instances a grant reaches. Every
// shape the idea takes lives here, and nowhere else:
// - `TargetKeys`: the keys a grant carries in the stack config and the component args, and (with
//   tag values as lists) the `target` of an access row, as the plan, diff and audit report it;
// - `Target`: the one normalised union the document builders switch on (`targetOf`);
// - `targetCondition`: the one tag condition builder, used by all three patterns' documents;
// - `targetKind`, `targetAtoms`, `normalTarget`, `mergeTarget`: what reports compare;
// - `describeTarget`: the one wording, used by the access table, the diff and every message.
//
// Adding a target (e.g. `managedInstanceIds`): a key in TARGET_KEYS and TargetKeys, a member of
// Target, and a case in the switches below; every switch is exhaustive, so the compiler points
// to each place that must say what the new target means.

/** The keys that name a grant's target, in the order messages list them. Exactly one per grant. */
export const TARGET_KEYS = ["instanceIds", "tags", "principalTagKey", "allInstances", "managedInstanceIds"] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];

/**
 * The targets of the serial console and Instance Connect: EC2 instances. Managed nodes (`mi-`,
 * hybrid and edge machines registered with Systems Manager) are not EC2 instances: only
 * Session Manager reaches them.
 */
export const EC2_TARGET_KEYS = ["instanceIds", "tags", "principalTagKey", "allInstances"] as const satisfies readonly TargetKey[];

/** `Key: Value` or `Key: [Value, ...]`: the instance's tag must have one of the values. */
export type TagMatch = Record<string, string | string[]>;

/**
 * The target keys. A grant has exactly one (`Tag` = TagMatch, as written); an access row has
 * tag values as lists, and an evaluated row may combine several (a policy can say anything).
 */
export interface TargetKeys<Tag = string | string[]> {
  /** These instances only (full instance ARNs in each Region of the stack). */
  instanceIds?: string[];
  /** Instances whose resource tag has one of the values (keys ANDed, values ORed). */
  tags?: Record<string, Tag>;
  /** Attribute-based: the instance's tag of this key must equal the principal's tag of the same key. */
  principalTagKey?: string;
  /** Every instance of the stack's account and Regions. */
  allInstances?: true;
  /** Session Manager only: these managed nodes (`arn:<partition>:ssm:<region>:<account>:managed-instance/mi-...`). */
  managedInstanceIds?: string[];
}

/** The target of an access row (plan, diff, audit): tag values always as lists. */
export type AccessTarget = TargetKeys<string[]>;

/** The single target of a grant, normalised (tag values always as lists). */
export type Target =
  | { kind: "instanceIds"; instanceIds: string[] }
  | { kind: "tags"; tags: Record<string, string[]> }
  | { kind: "principalTag"; key: string }
  | { kind: "allInstances" }
  | { kind: "managedInstanceIds"; managedInstanceIds: string[] };

export function normaliseTags(tags: TagMatch): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}

/** The grant's one target. Validation (the schema) guarantees exactly one key is set. */
export function targetOf(grant: TargetKeys): Target {
  if (grant.instanceIds) return { kind: "instanceIds", instanceIds: grant.instanceIds };
  if (grant.tags) return { kind: "tags", tags: normaliseTags(grant.tags) };
  if (grant.principalTagKey) return { kind: "principalTag", key: grant.principalTagKey };
  if (grant.allInstances) return { kind: "allInstances" };
  if (grant.managedInstanceIds) return { kind: "managedInstanceIds", managedInstanceIds: grant.managedInstanceIds };
  // Unreachable after validation: the schema demands exactly one target.
  throw new Error("grant has no target");
}

/** The target as an access row names it. */
export function accessTarget(t: Target): AccessTarget {
  switch (t.kind) {
    case "instanceIds":
      return { instanceIds: t.instanceIds };
    case "tags":
      return { tags: t.tags };
    case "principalTag":
      return { principalTagKey: t.key };
    case "allInstances":
      return { allInstances: true };
    case "managedInstanceIds":
      return { managedInstanceIds: t.managedInstanceIds };
  }
}

// ---------- the one condition builder ----------

/** An IAM condition block: operator -> condition key -> value(s). Structurally policyDocument's `Conditions`. */
export type TargetConditions = Record<string, Record<string, string | string[]>>;

/**
 * How a pattern's documents spell a tag condition: the condition key of the instance's tag, and
 * the operator for listed tag values. EC2 and EC2 Instance Connect read `aws:ResourceTag/<key>`
 * with StringEquals (seed pages 000-002); Session Manager's page writes `ssm:resourceTag/<key>`
 * with StringLike (page 004; tag values cannot contain * or ?, so it matches them exactly).
 */
export interface TagConditionStyle {
  tagKey(key: string): string;
  tagOperator: "StringEquals" | "StringLike";
}

export const RESOURCE_TAG: TagConditionStyle = { tagKey: (k) => `aws:ResourceTag/${k}`, tagOperator: "StringEquals" };
export const SSM_RESOURCE_TAG: TagConditionStyle = { tagKey: (k) => `ssm:resourceTag/${k}`, tagOperator: "StringLike" };

/**
 * The condition that limits a statement on every instance to the target: none for instance IDs
 * (the statement names their ARNs) or all instances; the tag values for tags (keys ANDed, the
 * values of one key ORed: IAM's own semantics for one operator block); the principal's tag of
 * the same key for principalTag. `extra` is merged after the target's own keys, operator by
 * operator, so that a pattern's own keys (ec2:osuser) sit in the same block.
 */
export function targetCondition(target: Target, style: TagConditionStyle, extra: TargetConditions = {}): TargetConditions {
  const own: TargetConditions = {};
  switch (target.kind) {
    case "instanceIds":
    case "managedInstanceIds":
    case "allInstances":
      break;
    case "tags":
      own[style.tagOperator] = Object.fromEntries(Object.entries(target.tags).map(([k, v]) => [style.tagKey(k), v]));
      break;
    case "principalTag":
      own.StringEquals = { [style.tagKey(target.key)]: `\${aws:PrincipalTag/${target.key}}` };
      break;
  }
  const out: TargetConditions = { ...own };
  for (const [operator, keys] of Object.entries(extra)) out[operator] = { ...(out[operator] ?? {}), ...keys };
  return out;
}

// ---------- comparing targets (access rows) ----------

/** The kind of an access row's target, for a diff: the broadest key set, or `none`. */
export function targetKind(t: AccessTarget): TargetKey | "none" {
  if (t.allInstances) return "allInstances";
  if (t.instanceIds) return "instanceIds";
  if (t.managedInstanceIds) return "managedInstanceIds";
  if (t.tags) return "tags";
  if (t.principalTagKey !== undefined) return "principalTagKey";
  return "none";
}

/** A target as atoms that can be added or removed: `i-...`, `tag K=v`, `principal tag K`, `all instances`. */
export function targetAtoms(t: AccessTarget): string[] {
  const atoms: string[] = [];
  for (const id of [...(t.instanceIds ?? []), ...(t.managedInstanceIds ?? [])]) atoms.push(id);
  for (const [k, values] of Object.entries(t.tags ?? {})) for (const v of values) atoms.push(`tag ${k}=${v}`);
  if (t.principalTagKey !== undefined) atoms.push(`principal tag ${t.principalTagKey}`);
  if (t.allInstances) atoms.push("all instances");
  return [...new Set(atoms)].sort();
}

/** Sorted lists and keys, so that equal targets compare and print equal. */
export function normalTarget(t: AccessTarget): AccessTarget {
  const out: AccessTarget = {};
  if (t.instanceIds) out.instanceIds = [...new Set(t.instanceIds)].sort();
  if (t.tags)
    out.tags = Object.fromEntries(
      Object.keys(t.tags)
        .sort()
        .map((k) => [k, [...new Set(t.tags![k])].sort()]),
    );
  if (t.principalTagKey !== undefined) out.principalTagKey = t.principalTagKey;
  if (t.allInstances) out.allInstances = true;
  if (t.managedInstanceIds) out.managedInstanceIds = [...new Set(t.managedInstanceIds)].sort();
  return out;
}

/** Adds `t` to `into` (an evaluated row collects the targets of several statements). */
export function mergeTarget(into: AccessTarget, t: AccessTarget): void {
  if (t.instanceIds) into.instanceIds = [...new Set([...(into.instanceIds ?? []), ...t.instanceIds])];
  if (t.tags) {
    into.tags ??= {};
    for (const [k, v] of Object.entries(t.tags)) into.tags[k] = [...new Set([...(into.tags[k] ?? []), ...v])];
  }
  if (t.principalTagKey !== undefined) into.principalTagKey = t.principalTagKey;
  if (t.allInstances) into.allInstances = true;
  if (t.managedInstanceIds) into.managedInstanceIds = [...new Set([...(into.managedInstanceIds ?? []), ...t.managedInstanceIds])];
}

// ---------- the one describer ----------

/** How user-written atoms are spelled: an instance ID, and any other name or value (Markdown code spans, or as they are). */
export interface Spell {
  id(s: string): string;
  name(s: string): string;
}

export const PLAIN: Spell = { id: (s) => s, name: (s) => s };

export interface DescribeOptions {
  spell?: Spell;
  /**
   * `table`: a cell of the access table and the diff (instance IDs bare, more than three
   * counted); `sentence`: a message (`instances i-a, i-b`, every ID listed).
   */
  form?: "table" | "sentence";
}

/** A target as people read it; several keys (an evaluated row) are joined with "and". */
export function describeTarget(t: AccessTarget, { spell: f = PLAIN, form = "sentence" }: DescribeOptions = {}): string {
  const parts: string[] = [];
  if (t.instanceIds) {
    const ids = t.instanceIds;
    parts.push(
      form === "sentence"
        ? `instances ${ids.map(f.id).join(", ")}`
        : ids.length <= 3
          ? ids.map(f.id).join(", ")
          : `${ids.length} instances (${ids.slice(0, 2).map(f.id).join(", ")}, ...)`,
    );
  }
  if (t.tags)
    parts.push(
      Object.entries(t.tags)
        .map(([k, v]) => `tag ${f.name(`${k}=${v.join("|")}`)}`)
        .join(" and "),
    );
  if (t.principalTagKey !== undefined) parts.push(`tag ${f.name(t.principalTagKey)} = principal's tag ${f.name(t.principalTagKey)}`);
  if (t.allInstances) parts.push("all instances");
  if (t.managedInstanceIds) {
    const ids = t.managedInstanceIds;
    parts.push(
      form === "sentence"
        ? `managed nodes ${ids.map(f.id).join(", ")}`
        : ids.length <= 3
          ? ids.map(f.id).join(", ")
          : `${ids.length} managed nodes (${ids.slice(0, 2).map(f.id).join(", ")}, ...)`,
    );
  }
  if (parts.length === 0) return form === "sentence" ? "no instance" : "?";
  // A table cell shows one kind: a plan's row (from a grant) never has more.
  return form === "table" ? parts[0] : parts.join(" and ");
}

/** One atom of `targetAtoms`, spelled. */
export function describeAtom(atom: string, f: Spell = PLAIN): string {
  if (atom === "all instances") return atom;
  if (atom.startsWith("principal tag ")) return `principal tag ${f.name(atom.slice("principal tag ".length))}`;
  if (atom.startsWith("tag ")) return `tag ${f.name(atom.slice(4))}`;
  return f.id(atom);
}
