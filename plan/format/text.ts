// The plan as a person reads it in a terminal: resources grouped under the component that
// owns them, then who can reach what, then the policy pack's findings.
import type { Plan, PlanResource } from "../run";
import { accessTable } from "./access";
import { POWER_HEADER, powerRow } from "./powers";
import { COMBINED_HEADER, combinedRow, combinedTitle } from "./combinedAccess";

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function tree(resources: PlanResource[]): string[] {
  const children = new Map<string | null, PlanResource[]>();
  for (const r of resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const known = new Set(resources.map((r) => r.urn));
  const roots = resources.filter((r) => r.parent === null || !known.has(r.parent));
  const out: string[] = [];
  const walk = (r: PlanResource, depth: number) => {
    // `+` created, `=` imported (adopted as it is, not created).
    out.push(
      r.importId ? `${"  ".repeat(depth)}= ${r.type}  ${r.name}  (import ${r.importId})` : `${"  ".repeat(depth)}+ ${r.type}  ${r.name}`,
    );
    for (const c of children.get(r.urn) ?? []) walk(c, depth + 1);
  };
  roots.forEach((r) => walk(r, 1));
  return out;
}

/** `N to create` and, when some are adopted with the `import` option, `M to import`. */
export function resourceCount(resources: readonly PlanResource[]): string {
  const imported = resources.filter((r) => r.importId).length;
  return `${resources.length - imported} to create${imported ? `, ${imported} to import` : ""}`;
}

export function renderText(plan: Plan): string {
  const mandatory = plan.violations.filter((v) => v.enforcementLevel === "mandatory");
  const lines: string[] = [
    `Offline plan of stack ${plan.stack} (account ${plan.accountId}, ${plan.regions.join(", ")})`,
    "",
    `Resources: ${resourceCount(plan.resources)}`,
    ...tree(plan.resources),
    "",
    `Access: ${plan.access.length} principal-grant pair${plan.access.length === 1 ? "" : "s"}`,
  ];
  if (plan.access.length) {
    const access = accessTable(plan.access);
    lines.push(...table(access.header, access.rows).map((l) => `  ${l}`));
  }
  if (plan.combinedAccess?.length) {
    const rows = plan.combinedAccess.map((c) => combinedRow(c));
    lines.push("", combinedTitle(rows.length), ...table(COMBINED_HEADER, rows).map((l) => `  ${l}`));
  }
  const powers = plan.powers ?? [];
  lines.push("", `Powers: ${powers.length}`);
  if (powers.length)
    lines.push(
      ...table(
        POWER_HEADER,
        powers.map((p) => powerRow(p)),
      ).map((l) => `  ${l}`),
    );
  lines.push("", `Policy violations: ${plan.violations.length} (${mandatory.length} mandatory)`);
  for (const v of plan.violations) {
    lines.push(`  [${v.enforcementLevel}] ${v.policy}`, `    ${v.urn || "(stack)"}`, ...v.message.split("\n").map((m) => `    ${m}`));
  }
  lines.push("", mandatory.length ? `FAILED: ${mandatory.length} mandatory policy violation(s)` : "OK: no mandatory policy violation");
  return lines.join("\n") + "\n";
}
