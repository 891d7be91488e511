// Which resources a change creates, replaces, updates or deletes, by URN. Inputs are compared
// as data (key order ignored), so that a re-rendered but equal value is no change.
import type { PlanResource } from "../run";
import type { ResourceChange } from "./model";
import { replaceOnChange, replaceOnSomeChanges, replacementCollision } from "./replacement";

/** JSON with object keys sorted: equal data, equal text. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(",")}}`;
}

export function changedInputs(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => canonical(before[k]) !== canonical(after[k])).sort();
}

const ORDER: Record<ResourceChange["op"], number> = { replace: 0, delete: 1, create: 2, import: 3, update: 4 };

/** Sorted: replacements and deletions first (they are the ones to read twice), then by URN. */
export function diffResources(base: readonly PlanResource[], head: readonly PlanResource[]): ResourceChange[] {
  const before = new Map(base.map((r) => [r.urn, r]));
  const after = new Map(head.map((r) => [r.urn, r]));
  const out: ResourceChange[] = [];
  for (const [urn, a] of after) {
    const b = before.get(urn);
    if (!b) {
      out.push({
        op: a.importId ? "import" : "create",
        urn,
        type: a.type,
        name: a.name,
        changedInputs: [],
        replacedBecause: [],
        ...(a.importId ? { importId: a.importId } : {}),
      });
      continue;
    }
    const changed = changedInputs(b.inputs, a.inputs);
    if (changed.length === 0) continue;
    const forcing = replaceOnChange(a.type);
    const replacedBecause = changed.filter((k) => forcing?.includes(k));
    const change: ResourceChange = {
      op: replacedBecause.length ? "replace" : "update",
      urn,
      type: a.type,
      name: a.name,
      changedInputs: changed,
      replacedBecause,
    };
    const maybe = replacedBecause.length ? [] : changed.filter((k) => replaceOnSomeChanges(a.type).includes(k));
    const warning = !forcing
      ? `the provider's replacement rules for ${a.type} are not in plan/diff/replacementTable.ts (scripts/replacement-table.mjs): this may be a replacement`
      : replacedBecause.length
        ? replacementCollision(a.type, b.inputs, a.inputs)
        : maybe.length
          ? `the provider replaces ${a.type} on some changes of ${maybe.join(", ")} (decided by the provider from the old and new values, ` +
            `not known offline): this may be a replacement; check the real preview`
          : undefined;
    out.push(warning ? { ...change, warning } : change);
  }
  for (const [urn, b] of before) {
    if (!after.has(urn)) out.push({ op: "delete", urn, type: b.type, name: b.name, changedInputs: [], replacedBecause: [] });
  }
  return out.sort((x, y) => ORDER[x.op] - ORDER[y.op] || (x.urn < y.urn ? -1 : x.urn > y.urn ? 1 : 0));
}
