// An oracle for "these documents allow and deny exactly what that one does", written apart
// from the compaction code it judges. Every Action/Resource statement is exploded into atoms
// (effect, condition, one action, one resource): IAM evaluates a set of identity policies as
// "any statement matches", and a statement matches when one of its actions and one of its
// resources match and its condition holds, so two sets of policies with the same atoms give
// the same answer to every request. Other statements (NotAction, NotResource) must survive
// verbatim.
import type { PolicyDocument } from "../../documents/policyDocument";

function canonical(v: unknown): unknown {
  if (Array.isArray(v))
    return v
      .map(canonical)
      .map((x) => JSON.stringify(x))
      .sort();
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function atoms(docs: PolicyDocument[]): Set<string> {
  const out = new Set<string>();
  for (const doc of docs) {
    for (const s of doc.Statement) {
      if (s.NotAction !== undefined || s.NotResource !== undefined) {
        const { Sid: _sid, ...rest } = s;
        void _sid;
        out.add(JSON.stringify(canonical(rest)));
        continue;
      }
      const condition = JSON.stringify(canonical(s.Condition ?? {}));
      for (const a of list(s.Action)) for (const r of list(s.Resource)) out.add(JSON.stringify([s.Effect, condition, a, r]));
    }
  }
  return out;
}
