// Packing a principal's small grants into shared managed policies (`ec2-access:packGrants`).
//
// IAM attaches at most 10 managed policies to a group (20 to a user or role with a quota
// increase), however small they are: a group with 11 grants of 1 KB is refused although 11 KB
// fits in 2 policies. With packing on, every grant whose document fits in one policy is put,
// whole, into a shared policy with the other small grants of the same principals:
// - Grants are packed only with grants that name exactly the same principals (users, groups and
//   roles), so a packed policy attached to them gives each of them exactly what its own grants
//   did and nothing from a grant it is not in.
// - A grant's statements are copied unchanged but for their Sid, `G<h>S<j><original Sid>`: h is a
//   hash of `<pattern>/<grant>`, j the statement's place in the grant. IAM wants Sids unique
//   within a policy; the Sid with the policy's `ec2-access:grant.<h>` tag (`<pattern>/<grant>`)
//   lets an evaluator give each statement back to its grant (plan/accessEvaluation.ts). The Sid
//   does not depend on the grant's place in the policy, so a grant that leaves changes no other
//   grant's statements. Nothing is merged across grants: IAM evaluates a principal's statements
//   together (any Allow, unless any Deny), so they allow and deny together exactly what they did
//   apart. A Deny of one grant (the serial console's denyInstanceIds) is the same Deny in every
//   grant of its section, applied to the same principals.
// - Grants that need several policies are split as before (documents/split.ts) and not packed.
//
// Names and cuts follow the splitter's rules (documents/split.ts): a packed policy's name comes
// from its principals (`group-ops` for one principal, `shared-<hash of the set>` for several) and
// its number (`.2`, `.3`...), never from a grant's position in the file. Grants are ordered by
// `<pattern>/<grant>`; the number of policies is the fewest possible (greedy filling), and the
// cuts go after the grants with the smallest hashes that allow it (content-defined), so removing
// or adding a grant usually changes only the policy it is in, updated in place (a new policy
// version); only the last policy of a set can be created or deleted. Turning packing on or off replaces every small grant's policy.
import { createHash } from "node:crypto";
import type { PolicyDocument, Statement } from "./policyDocument";
import { policyDocument, policySize } from "./policyDocument";
import { MANAGED_POLICY_LIMIT } from "./split";

export interface PackPrincipals {
  users: readonly string[];
  groups: readonly string[];
  roles: readonly string[];
}

/** A grant as the packer sees it: its document built with the stand-in account (documents/split.ts). */
export interface PackCandidate {
  pattern: string;
  grant: string;
  principals: PackPrincipals;
  standIn: PolicyDocument;
}

export interface PackedPolicy {
  /** `group-ops`, `shared-1a2b3c4d5e` (without the environment prefix and without the part suffix). */
  name: string;
  /** 0 for the first policy of these principals, 1 for `.2`... */
  part: number;
  principals: PackPrincipals;
  /** `<pattern>/<grant>`, ordered by that key. */
  members: string[];
}

export interface PackLayout {
  policies: PackedPolicy[];
  /** `<pattern>/<grant>` of every packed grant, to its policy. */
  policyOf: Map<string, PackedPolicy>;
}

/** IAM allows 50 tags per policy; ours and the stack's take a few, the rest can name grants. */
export const MAX_GRANTS_PER_POLICY = 40;
/** Tag key prefix naming a packed grant by its hash: `ec2-access:grant.<h>` = `<pattern>/<grant>`. */
export const PACKED_GRANT_TAG = "ec2-access:grant.";

export const memberKey = (pattern: string, grant: string) => `${pattern}/${grant}`;

/** Suffix of a packed policy's names, as for split parts: none for the first, `.2`, `.3`... */
export const packedSuffix = (part: number) => (part === 0 ? "" : `.${part + 1}`);

const KINDS = [
  ["users", "user"],
  ["groups", "group"],
  ["roles", "role"],
] as const;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The 10 hex digits that stand for a packed grant in its Sids and tag key. */
export const memberHash = (member: string) => sha256(member).slice(0, 10);

/** `group:ops,user:ana`: equal for equal sets whatever their order in the file. */
export function principalSetKey(p: PackPrincipals): string {
  return [...new Set(KINDS.flatMap(([field, kind]) => p[field].map((n) => `${kind}:${n}`)))].sort().join(",");
}

/** The packed policies' name for a set of principals: readable for one, a hash for several. */
export function packedName(p: PackPrincipals): string {
  const all = [...new Set(KINDS.flatMap(([field, kind]) => p[field].map((n) => `${kind}-${n}`)))];
  const hash = sha256(principalSetKey(p)).slice(0, 10);
  // IAM policy names are 128 characters at most; a long principal name gets its hash instead.
  if (all.length === 1) return all[0].length <= 60 ? all[0] : `${all[0].slice(0, all[0].indexOf("-"))}-${hash}`;
  return `shared-${hash}`;
}

/** A grant's statements as they go into a packed policy: unchanged but for their Sid. */
export function packedStatements(member: string, document: PolicyDocument): Statement[] {
  const h = memberHash(member);
  return document.Statement.map((s, j) => {
    const { Sid: original, ...rest } = s;
    // Sid first, as the document builders order keys.
    return { Sid: `G${h}S${j + 1}${original ?? ""}`, ...rest } as Statement;
  });
}

/** The packed document of grants' documents (`[<pattern>/<grant>, document]`), in order. */
export function packedDocument(grants: readonly (readonly [string, PolicyDocument])[]): PolicyDocument {
  const statements = grants.flatMap(([member, doc]) => packedStatements(member, doc));
  const sids = new Set(statements.map((s) => s.Sid));
  if (sids.size !== statements.length) throw new Error(`packed grants ${grants.map(([m]) => m).join(", ")} have Sids in common`);
  return policyDocument(statements);
}

/** Rendered size of a packed grant's statements, commas between them included (sizes add up). */
function packedItemSize(member: string, document: PolicyDocument): number {
  return packedStatements(member, document).reduce((n, s) => n + JSON.stringify(s).length + 1, 0);
}

/** `{"Version":"2012-10-17","Statement":[]}` and the one comma too many counted per grant. */
const OVERHEAD = policySize(policyDocument([])) - 1;

/**
 * Which packed policy each candidate goes to. Candidates that do not fit alone are left out
 * (the caller keeps them as split grants). Deterministic: grouped by principal set, ordered by
 * `<pattern>/<grant>`, cut as documents/split.ts cuts (fewest policies, content-defined cuts),
 * at most MAX_GRANTS_PER_POLICY grants a policy.
 */
export function packLayout(candidates: readonly PackCandidate[], limit = MANAGED_POLICY_LIMIT): PackLayout {
  const bySet = new Map<string, { member: string; size: number; principals: PackPrincipals }[]>();
  for (const c of candidates) {
    const key = principalSetKey(c.principals);
    const member = memberKey(c.pattern, c.grant);
    const size = packedItemSize(member, c.standIn);
    if (key === "" || OVERHEAD + size > limit) continue;
    bySet.set(key, [...(bySet.get(key) ?? []), { member, size, principals: c.principals }]);
  }
  const policies: PackedPolicy[] = [];
  const policyOf = new Map<string, PackedPolicy>();
  for (const key of [...bySet.keys()].sort()) {
    const group = bySet.get(key)!.sort((a, b) => cmp(a.member, b.member));
    const name = packedName(group[0].principals);
    cuts(
      group.map((g) => g.size),
      group.map((g) => g.member),
      limit,
    ).forEach(([from, to], part) => {
      const policy: PackedPolicy = { name, part, principals: group[0].principals, members: group.slice(from, to).map((g) => g.member) };
      policies.push(policy);
      for (const m of policy.members) policyOf.set(m, policy);
    });
  }
  return { policies, policyOf };
}

/**
 * Contiguous runs [from, to) of items that each fit: the fewest runs (greedy filling finds that
 * number), cut where the items' hashes say. Cut points are tried in the order of the hash of the
 * item before them, and a cut is kept when the runs can still be the fewest with it: so a cut
 * stays where it was unless the grants around it no longer allow it, and removing or adding a
 * grant usually changes only the policy it is in. Bounded: at most n tries of O(n) each.
 */
function cuts(sizes: readonly number[], keys: readonly string[], limit: number): [number, number][] {
  const n = sizes.length;
  const prefix = [0];
  for (const s of sizes) prefix.push(prefix[prefix.length - 1] + s);
  const fits = (from: number, to: number) => to - from <= MAX_GRANTS_PER_POLICY && OVERHEAD + prefix[to] - prefix[from] <= limit;
  /** Fewest runs for items [from, to), by greedy filling (every item fits alone: packLayout left out the others). */
  const fewest = (from: number, to: number) => {
    let runs = 0;
    for (let start = from; start < to; runs++) {
      let end = start + 1;
      while (end < to && fits(start, end + 1)) end++;
      start = end;
    }
    return runs;
  };
  const total = fewest(0, n);
  const chosen = new Set<number>([0, n]);
  const order = Array.from({ length: n - 1 }, (_, i) => i + 1).sort(
    (a, b) => cmp(memberHash(keys[a - 1]), memberHash(keys[b - 1])) || a - b,
  );
  let runs = total;
  for (const at of order) {
    if (chosen.size - 1 === total) break;
    const sorted = [...chosen].sort((a, b) => a - b);
    const to = sorted.find((c) => c > at)!;
    const from = sorted[sorted.indexOf(to) - 1];
    const after = runs - fewest(from, to) + fewest(from, at) + fewest(at, to);
    if (after > total) continue;
    chosen.add(at);
    runs = after;
  }
  const ends = [...chosen].sort((a, b) => a - b);
  return ends.slice(1).map((end, i) => [ends[i], end] as [number, number]);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The `ec2-access:grant.<h>` tags of a packed policy. */
export function packedTags(members: readonly string[]): Record<string, string> {
  return Object.fromEntries(members.map((m) => [`${PACKED_GRANT_TAG}${memberHash(m)}`, m]));
}

/**
 * A packed policy's document given back grant by grant: `<pattern>/<grant>` (from its tags) to
 * that grant's statements (by their Sids). Undefined when the tags name no packed grant. A
 * statement whose Sid names no tagged grant is kept under `""`, so that it is not lost.
 */
export function unpackDocument(
  document: unknown,
  tags: Record<string, unknown> | undefined,
): Map<string, { Version?: unknown; Statement: unknown[] }> | undefined {
  if (!tags) return undefined;
  const members = new Map<string, string>();
  for (const [k, v] of Object.entries(tags)) {
    if (k.startsWith(PACKED_GRANT_TAG) && typeof v === "string") members.set(k.slice(PACKED_GRANT_TAG.length), v);
  }
  if (members.size === 0 || document === null || typeof document !== "object") return undefined;
  const doc = document as { Version?: unknown; Statement?: unknown };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  const out = new Map<string, { Version?: unknown; Statement: unknown[] }>();
  for (const s of statements) {
    const sid = s !== null && typeof s === "object" ? (s as { Sid?: unknown }).Sid : undefined;
    const m = typeof sid === "string" ? /^G([0-9a-f]{10})S\d/.exec(sid) : null;
    const member = (m && members.get(m[1])) ?? "";
    const entry = out.get(member) ?? { Version: doc.Version, Statement: [] };
    entry.Statement.push(s);
    out.set(member, entry);
  }
  return out;
}
