// Access gained or lost through combined Session Manager grants (plan/combinedAccess.ts): the
// documents a principal can start on one grant's instances only through its other grants'
// statements. Entries are matched on (principal, grant, target); a document (or Run Command
// document) in head's entry but not in base's widens, one only in base's narrows. The access
// rows' own diff (access.ts) cannot show this: each row's documents may stay the same while a
// second grant of the same principal widens the first.
import type { CombinedAccess } from "../combinedAccess";
import { targetAtoms } from "../../model/target";
import { runnableAtoms } from "../format/access";
import type { CombinedChange } from "./model";
import { delta } from "./access";

const keyOf = (c: CombinedAccess) => [c.principal.type, c.principal.name, c.grant, ...[...targetAtoms(c.target)].sort()].join("\u0000");

const WORD = { gains: "widens", loses: "narrows", both: "changes" } as const;

/** Changes from `base` to `head` (absent: none), in head's order, then entries only base had. */
export function diffCombined(base: readonly CombinedAccess[] = [], head: readonly CombinedAccess[] = []): CombinedChange[] {
  const before = new Map(base.map((c) => [keyOf(c), c]));
  const seen = new Set<string>();
  const out: CombinedChange[] = [];
  const push = (b: CombinedAccess | undefined, a: CombinedAccess | undefined) => {
    const entry = (a ?? b)!;
    const documents = delta(b ? runnableAtoms(b) : [], a ? runnableAtoms(a) : []);
    if (documents.added.length === 0 && documents.removed.length === 0) return;
    const word = documents.removed.length === 0 ? WORD.gains : documents.added.length === 0 ? WORD.loses : WORD.both;
    out.push({ change: word, principal: entry.principal, grant: entry.grant, target: entry.target, documents, through: entry.through });
  };
  for (const a of head) {
    const key = keyOf(a);
    if (seen.has(key)) continue;
    seen.add(key);
    push(before.get(key), a);
  }
  for (const b of base) if (!seen.has(keyOf(b))) push(b, undefined);
  return out;
}
