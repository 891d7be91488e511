// Compaction of a policy document that is too large for one managed policy: statements that
// say the same thing about different resources (or different actions) become one, and
// resources come in sorted order. Only the splitter calls this, so documents that fit stay
// exactly as the builders (and the AWS pages they follow) write them.
//
// Meaning is kept: two statements merge only when their Effect and Condition are identical and
// either their Action sets or their Resource sets are identical. `A on R1` + `A on R2` is
// `A on R1 ∪ R2` (resources are ORed), and `A1 on R` + `A2 on R` is `A1 ∪ A2 on R` (actions are
// ORed), for Allow and Deny alike. NotAction and NotResource statements are never touched:
// unioning their lists would narrow what they exclude.
import type { Conditions, PolicyDocument, Statement } from "./policyDocument";
import { policyDocument, statement } from "./policyDocument";

export function compactDocument(doc: PolicyDocument): PolicyDocument {
  const byActions = mergeBy(doc.Statement, "resources");
  const byResources = mergeBy(byActions, "actions");
  return policyDocument(byResources.map(sortResources));
}

/** Plain `Action` + `Resource` statements are the only ones whose lists may be unioned. */
function mergeable(s: Statement): boolean {
  return s.NotAction === undefined && s.NotResource === undefined && s.Action !== undefined && s.Resource !== undefined;
}

export function listOf(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The same conditions written in any key or value order give the same key. */
export function conditionKey(c: Conditions | undefined): string {
  if (!c) return "";
  const ops = Object.keys(c).sort();
  return JSON.stringify(
    ops.map((op) => [
      op,
      Object.keys(c[op])
        .sort()
        .map((k) => [k, [...listOf(c[op][k])].sort()]),
    ]),
  );
}

const setKey = (values: string[]) => JSON.stringify([...new Set(values)].sort());

/**
 * Unions the `union` list ("resources" or "actions") of statements that agree on everything
 * else. The merged statement takes the place of the first one; it keeps a Sid only when every
 * statement merged into it had that same Sid (or none), so no Sid ends up describing
 * statements it was not written for.
 */
function mergeBy(statements: Statement[], union: "resources" | "actions"): Statement[] {
  const groups = new Map<string, Statement[]>();
  const order: (string | Statement)[] = [];
  for (const s of statements) {
    if (!mergeable(s)) {
      order.push(s);
      continue;
    }
    const fixed = union === "resources" ? listOf(s.Action) : listOf(s.Resource);
    const key = JSON.stringify([s.Effect, conditionKey(s.Condition), setKey(fixed)]);
    const group = groups.get(key);
    if (group) group.push(s);
    else {
      groups.set(key, [s]);
      order.push(key);
    }
  }
  return order.map((entry) => (typeof entry === "string" ? mergeGroup(groups.get(entry)!) : entry));
}

function mergeGroup(group: Statement[]): Statement {
  if (group.length === 1) return group[0];
  const sids = new Set(group.map((s) => s.Sid));
  const first = group[0];
  return statement({
    sid: sids.size === 1 ? first.Sid : undefined,
    effect: first.Effect,
    actions: group.flatMap((s) => listOf(s.Action)),
    resources: group.flatMap((s) => listOf(s.Resource)),
    conditions: first.Condition,
  });
}

/**
 * Sorted resources make the split independent of the order the configuration lists
 * instances in, and put an added or removed instance in one predictable place.
 */
function sortResources(s: Statement): Statement {
  if (!mergeable(s) || !Array.isArray(s.Resource)) return s;
  return { ...s, Resource: [...s.Resource].sort() } as Statement;
}
