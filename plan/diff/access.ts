// Who gains or loses which access between two plans. Rows are matched on (pattern, grant,
// principal); a matched pair that differs is one `changed` row with what was added and removed,
// and whether the principal can now reach more, less, or both.
import type { AccessEntry, AccessTarget } from "../../components/access";
import { targetAtoms, targetKind as kindOf } from "../../model/target";
import type { AccessChange, Delta } from "./model";
import { iamDate } from "../../policypack/lib/expiry";
import { runCommandText, runnableAtoms } from "../format/access";

const grantKey = (a: Pick<AccessEntry, "pattern" | "grant">) => `${a.pattern}\u0000${a.grant}`;

export function accessKey(a: Pick<AccessEntry, "pattern" | "grant" | "principal">): string {
  return `${a.pattern}\u0000${a.grant}\u0000${a.principal.type}\u0000${a.principal.name}`;
}

export { targetAtoms };

export function delta(before: readonly string[], after: readonly string[]): Delta {
  const b = new Set(before);
  const a = new Set(after);
  return { added: [...a].filter((x) => !b.has(x)).sort(), removed: [...b].filter((x) => !a.has(x)).sort() };
}

const isEmpty = (d: Delta) => d.added.length === 0 && d.removed.length === 0;

/**
 * Does the new target reach instances the old one did not (gains), miss some it reached
 * (loses), or both? Within one kind: more instance IDs reach more; for tags (keys ANDed, values
 * ORed) a value added to a kept key or a key dropped reaches more, a value removed or a key
 * added reaches less. `all instances` reaches everything. Other kind changes are both.
 */
function targetEffect(before: AccessTarget, after: AccessTarget): { gains: boolean; loses: boolean } {
  const kb = kindOf(before);
  const ka = kindOf(after);
  if (kb !== ka) {
    if (ka === "allInstances") return { gains: true, loses: false };
    if (kb === "allInstances") return { gains: false, loses: true };
    if (kb === "none") return { gains: true, loses: false };
    if (ka === "none") return { gains: false, loses: true };
    return { gains: true, loses: true };
  }
  if (ka === "tags") {
    const tb = before.tags ?? {};
    const ta = after.tags ?? {};
    let gains = Object.keys(tb).some((k) => !(k in ta));
    let loses = Object.keys(ta).some((k) => !(k in tb));
    for (const k of Object.keys(ta)) {
      if (!(k in tb)) continue;
      const d = delta(tb[k], ta[k]);
      gains ||= d.added.length > 0;
      loses ||= d.removed.length > 0;
    }
    return { gains, loses };
  }
  const d = delta(targetAtoms(before), targetAtoms(after));
  if (ka === "principalTagKey") return { gains: !isEmpty(d), loses: !isEmpty(d) };
  return { gains: d.added.length > 0, loses: d.removed.length > 0 };
}

/**
 * A later end, or none, reaches more (in time); an earlier one, or an end where there was none,
 * reaches less. Two ends IAM reads as the same instant are no change.
 */
function expiryEffect(before: string | undefined, after: string | undefined): { gains: boolean; loses: boolean; changed: boolean } {
  const b = before === undefined ? Infinity : (iamDate(before) ?? NaN);
  const a = after === undefined ? Infinity : (iamDate(after) ?? NaN);
  if (a === b) return { gains: false, loses: false, changed: false };
  if (Number.isNaN(a) || Number.isNaN(b)) return { gains: true, loses: true, changed: true };
  return { gains: a > b, loses: a < b, changed: true };
}

/**
 * What a Session Manager row may run, before and after: compared only when both plans read the
 * documents (a plan from before they were read has none), so that no row changes for that alone.
 */
function documentsDelta(before: AccessEntry, after: AccessEntry): Delta {
  const read = (a: AccessEntry) => a.documents !== undefined || a.commandDocuments !== undefined;
  return read(before) && read(after) ? delta(runnableAtoms(before), runnableAtoms(after)) : { added: [], removed: [] };
}

/**
 * A document added runs more, one removed runs less; `*` (any document) covers every name of its
 * kind, so names that replace it only narrow, and `*` that replaces names only widens.
 */
function documentsEffect(d: Delta, before: AccessEntry, after: AccessEntry): { gains: boolean; loses: boolean } {
  const any = (a: AccessEntry, atom: string) => runnableAtoms(a).includes(atom.endsWith(" (Run Command)") ? runCommandText("*") : "*");
  return {
    gains: d.added.some((x) => !any(before, x)),
    loses: d.removed.some((x) => !any(after, x)),
  };
}

function compareRow(before: AccessEntry, after: AccessEntry): AccessChange | undefined {
  const target = delta(targetAtoms(before.target), targetAtoms(after.target));
  const osUsers = delta(before.osUsers, after.osUsers);
  const denied = delta(before.deniedInstanceIds, after.deniedInstanceIds);
  const documents = documentsDelta(before, after);
  // A target may change kind with the same atoms only in theory (atoms carry their kind); still,
  // compare kinds so that nothing that differs is reported as unchanged.
  const kindChanged = kindOf(before.target) !== kindOf(after.target);
  const ends = expiryEffect(before.expires, after.expires);
  if (isEmpty(target) && isEmpty(osUsers) && isEmpty(denied) && isEmpty(documents) && !kindChanged && !ends.changed) return undefined;
  const t = targetEffect(before.target, after.target);
  const docs = documentsEffect(documents, before, after);
  // An OS user added or an instance no longer denied reaches more; the reverse reaches less.
  // `*` among the OS users means any user: nothing else adds to it.
  const gains = t.gains || osUsers.added.length > 0 || denied.removed.length > 0 || ends.gains || docs.gains;
  const loses = t.loses || osUsers.removed.length > 0 || denied.added.length > 0 || ends.loses || docs.loses;
  return {
    kind: "changed",
    pattern: after.pattern,
    grant: after.grant,
    principal: after.principal,
    before,
    after,
    target,
    osUsers,
    deniedInstanceIds: denied,
    ...(!isEmpty(documents) && { documents }),
    ...(ends.changed && {
      expires: {
        ...(before.expires !== undefined && { before: before.expires }),
        ...(after.expires !== undefined && { after: after.expires }),
      },
    }),
    effect: gains && loses ? "gains and loses" : gains ? "gains" : loses ? "loses" : "gains and loses",
  };
}

/** Rows by key; a key seen again (a plan should not, but evaluated access may) gets `#2`, `#3`. */
function keyed(rows: readonly AccessEntry[]): Map<string, AccessEntry> {
  const out = new Map<string, AccessEntry>();
  for (const a of rows) {
    const key = accessKey(a);
    let k = key;
    for (let n = 2; out.has(k); n++) k = `${key}#${n}`;
    out.set(k, a);
  }
  return out;
}

/** Changes from `base` to `head`, in head's order, then rows only base had in base's order. */
export function diffAccess(base: readonly AccessEntry[], head: readonly AccessEntry[]): AccessChange[] {
  const before = keyed(base);
  const after = keyed(head);
  // A grant the base plan has (for any principal) is not new, whatever its rows.
  const grants = new Set(base.map(grantKey));
  const out: AccessChange[] = [];
  for (const [key, a] of after) {
    const b = before.get(key);
    if (!b)
      out.push({
        kind: "gained",
        pattern: a.pattern,
        grant: a.grant,
        principal: a.principal,
        after: a,
        ...(a.expired && !grants.has(grantKey(a)) && { alreadyExpired: true as const }),
      });
    else {
      const c = compareRow(b, a);
      if (c) out.push(c);
    }
  }
  for (const [key, b] of before) {
    if (!after.has(key)) out.push({ kind: "lost", pattern: b.pattern, grant: b.grant, principal: b.principal, before: b });
  }
  return out;
}
