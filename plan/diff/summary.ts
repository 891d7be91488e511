// Counts and phrases shared by the Markdown and text renderings of a diff.
import type { AccessChange, CombinedChange, EnvironmentDiff, PlanDiff, PowerChange, ResourceChange } from "./model";
import { POWER_TITLE, detailsText, subjectText } from "../format/powers";
import type { Spell } from "../format/access";
import {
  describeAtom,
  describeTarget,
  documentsText,
  expiresText,
  osUsersText,
  PLAIN,
  principalText,
  runCommandText,
  showsDocuments,
} from "../format/access";

export interface Counts {
  gained: number;
  lost: number;
  changed: number;
  /** Power changes (gained, lost or changed): access changes outside the access table. */
  powers: number;
  /** Combined-grant changes (combined.ts): access changes outside the access table too. */
  combined: number;
  create: number;
  import: number;
  replace: number;
  update: number;
  delete: number;
  newViolations: number;
  newMandatory: number;
  resolved: number;
  headMandatory: number;
  failed: number;
}

export function countsOf(envs: readonly EnvironmentDiff[]): Counts {
  const c: Counts = {
    gained: 0,
    lost: 0,
    changed: 0,
    powers: 0,
    combined: 0,
    create: 0,
    import: 0,
    replace: 0,
    update: 0,
    delete: 0,
    newViolations: 0,
    newMandatory: 0,
    resolved: 0,
    headMandatory: 0,
    failed: 0,
  };
  for (const e of envs) {
    if (e.status === "failed") c.failed++;
    c.headMandatory += e.headMandatory;
    for (const a of e.access) c[a.kind]++;
    c.powers += e.powers.length;
    c.combined += e.combined?.length ?? 0;
    for (const r of e.resources) c[r.op]++;
    for (const v of e.violations) {
      if (v.change === "resolved") c.resolved++;
      else {
        c.newViolations++;
        if (v.violation.enforcementLevel === "mandatory") c.newMandatory++;
      }
    }
  }
  return c;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function accessPhrase(c: Counts): string {
  const parts = [
    c.gained && `${c.gained} gained`,
    c.lost && `${c.lost} lost`,
    c.changed && `${c.changed} changed`,
    c.powers && `${plural(c.powers, "power")} changed`,
    c.combined && `${plural(c.combined, "combined-grant change")}`,
  ].filter(Boolean);
  return parts.length ? `access: ${parts.join(", ")}` : "access: no change";
}

export function resourcePhrase(c: Counts): string {
  const parts = [
    c.create && `${c.create} to create`,
    c.import && `${c.import} to import`,
    c.replace && `${c.replace} to replace`,
    c.update && `${c.update} to update`,
    c.delete && `${c.delete} to delete`,
  ].filter(Boolean);
  return parts.length ? `resources: ${parts.join(", ")}` : "resources: no change";
}

export function violationPhrase(c: Counts): string {
  const parts = [
    c.newViolations && `${c.newViolations} new${c.newMandatory ? ` (${c.newMandatory} mandatory)` : ""}`,
    c.resolved && `${c.resolved} resolved`,
  ].filter(Boolean);
  return parts.length ? `policy violations: ${parts.join(", ")}` : "policy violations: no change";
}

/** Whether the head side can be deployed: no failed plan and no mandatory violation. */
export function blocked(c: Counts): boolean {
  return c.failed > 0 || c.headMandatory > 0;
}

export function verdict(c: Counts): string {
  const reasons = [
    c.failed && `${plural(c.failed, "plan")} failed`,
    c.headMandatory && `${plural(c.headMandatory, "mandatory policy violation")} in the new plans`,
  ].filter(Boolean);
  return reasons.length ? reasons.join(", ") : "no mandatory policy violation";
}

export function diffCounts(diff: PlanDiff): Counts {
  return countsOf(diff.environments);
}

const list = (xs: readonly string[], spell: (s: string) => string) => (xs.length ? xs.map(spell).join(", ") : "-");

/** `+a, +b, -c` for a delta, or the unchanged value. */
export function deltaText(
  added: readonly string[],
  removed: readonly string[],
  plus = "+",
  minus = "-",
  spell: (s: string) => string = (s) => s,
): string {
  return [...added.map((x) => `${plus}${spell(x)}`), ...removed.map((x) => `${minus}${spell(x)}`)].join(", ");
}

/** How a changed row reads: the row existed before and reaches more, less, or both now. */
const CHANGED_WORD: Record<NonNullable<AccessChange["effect"]>, string> = {
  gains: "widens",
  loses: "narrows",
  "gains and loses": "changes",
};

/** The cells of one access change: what, pattern, grant, principal, instances, OS users, denied. */
export function accessCells(a: AccessChange, plus = "+", minus = "-", f: Spell = PLAIN): string[] {
  const entry = a.after ?? a.before!;
  const principal = principalText(a.principal, f);
  if (a.kind !== "changed") {
    return [
      a.kind === "gained" ? "gains" : "loses",
      a.pattern,
      f.name(a.grant),
      principal,
      describeTarget(entry.target, f),
      osUsersText(entry, f),
      list(entry.deniedInstanceIds, f.id),
    ];
  }
  const cell = (d: { added: string[]; removed: string[] } | undefined, unchanged: string, spell: (s: string) => string) =>
    d && (d.added.length || d.removed.length) ? deltaText(d.added, d.removed, plus, minus, spell) : unchanged;
  return [
    CHANGED_WORD[a.effect ?? "gains and loses"],
    a.pattern,
    f.name(a.grant),
    principal,
    cell(a.target, describeTarget(entry.target, f), (x) => describeAtom(x, f)),
    cell(a.osUsers, osUsersText(entry, f), f.name),
    cell(a.deniedInstanceIds, list(entry.deniedInstanceIds, f.id), f.id),
  ];
}

export const ACCESS_CHANGE_HEADER = ["access", "pattern", "grant", "principal", "instances", "OS users", "denied"];

/** A document atom in a table: Run Command ones keep their mark outside the name's spelling. */
function documentAtom(atom: string, f: Spell): string {
  const command = / \(Run Command\)$/.exec(atom);
  return command ? runCommandText(f.name(atom.slice(0, command.index))) : f.name(atom);
}

/**
 * The documents cell of an access change: the delta when they change, else what the row may run
 * (`-` for rows of other patterns).
 */
export function accessDocumentsCell(a: AccessChange, plus = "+", minus = "-", f: Spell = PLAIN): string {
  const d = a.documents;
  if (d && (d.added.length || d.removed.length)) return deltaText(d.added, d.removed, plus, minus, (x) => documentAtom(x, f));
  return documentsText((a.after ?? a.before)!, f);
}

/**
 * The end of a changed row's access, or undefined when neither side ends: `old → new` when the
 * date changes (`never` for no end), else the date (marked when a new grant is already past it).
 */
export function accessEndCell(a: AccessChange): string | undefined {
  if (a.expires) return `${a.expires.before ?? "never"} → ${a.expires.after ?? "never"}`;
  const entry = a.after ?? a.before!;
  if (entry.expires === undefined) return undefined;
  return a.alreadyExpired ? `${entry.expires} (already past: refused)` : expiresText(entry);
}

/**
 * The header and cells of a diff's access table; `documents` only when some row is a Session
 * Manager row, `expires` only when some row ends.
 */
export function accessChangeTable(
  changes: readonly AccessChange[],
  plus = "+",
  minus = "-",
  f: Spell = PLAIN,
): { header: string[]; rows: string[][] } {
  const docs = showsDocuments(changes.map((a) => (a.after ?? a.before)!));
  const ends = changes.some((a) => accessEndCell(a) !== undefined);
  return {
    header: [...ACCESS_CHANGE_HEADER, ...(docs ? ["documents"] : []), ...(ends ? ["expires"] : [])],
    rows: changes.map((a) => [
      ...accessCells(a, plus, minus, f),
      ...(docs ? [accessDocumentsCell(a, plus, minus, f)] : []),
      ...(ends ? [accessEndCell(a) ?? "never"] : []),
    ]),
  };
}

export function resourceWhy(r: ResourceChange): string {
  const why = resourceReason(r);
  return r.warning ? `${why} ⚠ ${r.warning}` : why;
}

function resourceReason(r: ResourceChange): string {
  if (r.op === "replace")
    return `${r.replacedBecause.join(", ")} changed (forces replacement)${r.changedInputs.length > r.replacedBecause.length ? `; also ${r.changedInputs.filter((k) => !r.replacedBecause.includes(k)).join(", ")}` : ""}`;
  if (r.op === "update") return r.changedInputs.join(", ");
  if (r.op === "import") return `adopts existing ${r.importId ?? "resource"}`;
  return "";
}

export function environmentPhrase(e: EnvironmentDiff): string {
  const c = countsOf([e]);
  return [accessPhrase(c), resourcePhrase(c), violationPhrase(c)].join(" · ");
}

export const POWER_CHANGE_HEADER = ["power", "change", "who / where", "what"];

/** The cells of one power change: title, gains/loses/changes, subject, and what it allows or what changed. */
export function powerCells(p: PowerChange, plus = "+", minus = "-", f: Spell = PLAIN): string[] {
  const word = p.change === "gained" ? "gains" : p.change === "lost" ? "loses" : "changes";
  const what =
    p.change === "changed"
      ? p.fields.map(({ field, added, removed }) => `${field}: ${deltaText(added, removed, plus, minus, f.name)}`).join("; ")
      : detailsText((p.after ?? p.before)!.details, f);
  return [POWER_TITLE[p.kind] ?? p.kind, word, subjectText(p.subject, f), what];
}

export const COMBINED_CHANGE_HEADER = ["access", "grant", "principal", "instances", "documents", "through"];

/** The cells of one combined-grant change: widens/narrows/changes, grant, principal, instances, documents delta, other grants. */
export function combinedCells(c: CombinedChange, plus = "+", minus = "-", f: Spell = PLAIN): string[] {
  return [
    c.change,
    f.name(c.grant),
    principalText(c.principal, f),
    describeTarget(c.target, f),
    deltaText(c.documents.added, c.documents.removed, plus, minus, (x) => documentAtom(x, f)),
    c.through.map(f.name).join(", "),
  ];
}

/** Why head's combined access all shows as widening when the base plan lists none (model.ts `combinedBaseUnlisted`). */
export const COMBINED_BASE_UNLISTED =
  "the base plan lists no combined access: it had none, or was written before plans listed it; either way the head plan's is shown as widening";
