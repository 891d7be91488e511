// A diff for a terminal: the summary line, then per environment what changes, one line each.
import type { EnvironmentDiff, PlanDiff } from "./model";
import { hasChanges } from "./model";
import {
  powerCells,
  accessCells,
  accessDocumentsCell,
  accessEndCell,
  accessPhrase,
  blocked,
  combinedCells,
  COMBINED_BASE_UNLISTED,
  countsOf,
  resourcePhrase,
  resourceWhy,
  verdict,
  violationPhrase,
} from "./summary";

function environment(e: EnvironmentDiff): string[] {
  const c = countsOf([e]);
  const note = { compared: "", added: " (new stack: no base plan)", removed: " (stack removed: no head plan)", failed: " (plan failed)" }[
    e.status
  ];
  const lines = [`${e.name}${note}${e.headMandatory ? `: ${e.headMandatory} mandatory violation(s) in the new plan` : ""}`];
  if (e.status === "failed") return [...lines, ...(e.error ?? "").split("\n").map((l) => `  ${l}`), ""];
  lines.push(`  ${accessPhrase(c)}; ${resourcePhrase(c)}; ${violationPhrase(c)}`);
  for (const a of e.access) {
    const [what, pattern, grant, principal, instances, osUsers, denied] = accessCells(a);
    const ends = accessEndCell(a);
    const entry = a.after ?? a.before!;
    const runs = entry.documents !== undefined || entry.commandDocuments !== undefined ? `; documents ${accessDocumentsCell(a)}` : "";
    lines.push(
      `  ${what.padEnd(15)} ${pattern} ${grant}, ${principal}: instances ${instances}; OS users ${osUsers}; denied ${denied}${runs}${ends === undefined ? "" : `; expires ${ends}`}`,
    );
  }
  for (const c of e.combined ?? []) {
    const [what, grant, principal, instances, documents, through] = combinedCells(c);
    lines.push(
      `  ${what.padEnd(15)} session-manager ${grant}, ${principal}: instances ${instances}; documents ${documents} through combined grants (${through})`,
    );
  }
  if (e.combinedBaseUnlisted) lines.push(`  (${COMBINED_BASE_UNLISTED})`);
  for (const p of e.powers) {
    const [title, word, subject, what] = powerCells(p);
    lines.push(`  ${`power ${word}`.padEnd(15)} ${subject} ${title}: ${what}`);
  }
  for (const r of e.resources) {
    const why = resourceWhy(r);
    lines.push(`  ${r.op.padEnd(7)} ${r.type}  ${r.name}${why ? `  (${why})` : ""}`);
  }
  for (const { change, violation: v } of e.violations) {
    lines.push(
      `  ${change.padEnd(8)} [${v.enforcementLevel}] ${v.policy}  ${v.urn || "(stack)"}`,
      ...v.message.split("\n").map((m) => `             ${m}`),
    );
  }
  return [...lines, ""];
}

export function renderDiffText(diff: PlanDiff): string {
  const c = countsOf(diff.environments);
  const unchanged = diff.environments.filter((e) => !hasChanges(e));
  const lines = [`${blocked(c) ? "BLOCKED" : "OK"}: ${verdict(c)}; ${accessPhrase(c)}; ${resourcePhrase(c)}; ${violationPhrase(c)}`, ""];
  for (const e of diff.environments.filter(hasChanges)) lines.push(...environment(e));
  if (unchanged.length) lines.push(`No change in ${unchanged.map((e) => e.name).join(", ")}`);
  return lines.join("\n") + "\n";
}
