// The plan as Markdown, readable in a pull-request comment: a summary line, the access table,
// the findings, and the resource list collapsed.
import type { Plan } from "../run";
import { accessTable, MARKDOWN } from "./access";
import { code, text } from "./markdownText";
import { POWER_HEADER, powerRow } from "./powers";
import { COMBINED_HEADER, combinedRow, combinedTitle } from "./combinedAccess";
import { resourceCount } from "./text";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r\n|\r|\n/g, " ");

export function mdTable(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

export function renderMarkdown(plan: Plan): string {
  const mandatory = plan.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const status = mandatory ? `:x: ${mandatory} mandatory violation(s)` : ":white_check_mark: no mandatory violation";
  const lines = [
    `### ec2-access plan: ${code(plan.stack)}`,
    "",
    `${status} · ${plan.resources.length} resources (${resourceCount(plan.resources)}) · ${plan.access.length} access rows · account ${code(plan.accountId)} · ${plan.regions.map(code).join(", ")}`,
    "",
  ];
  if (plan.access.length) {
    const access = accessTable(plan.access, MARKDOWN);
    lines.push(...mdTable(access.header, access.rows), "");
  }
  if (plan.combinedAccess?.length)
    lines.push(
      `**${combinedTitle(plan.combinedAccess.length)}**`,
      "",
      ...mdTable(
        COMBINED_HEADER,
        plan.combinedAccess.map((c) => combinedRow(c, MARKDOWN)),
      ),
      "",
    );
  if (plan.powers?.length)
    lines.push(
      ...mdTable(
        POWER_HEADER,
        plan.powers.map((p) => powerRow(p, MARKDOWN)),
      ),
      "",
    );
  if (plan.violations.length) {
    lines.push(
      ...mdTable(
        ["level", "policy", "resource", "message"],
        plan.violations.map((v) => [
          v.enforcementLevel,
          code(v.policy),
          v.urn ? code(v.urn.split("::").pop() ?? "") : "(stack)",
          text(v.message),
        ]),
      ),
      "",
    );
  }
  lines.push(
    "<details><summary>Resources</summary>",
    "",
    ...mdTable(
      ["type", "name", "action"],
      plan.resources.map((r) => [code(r.type), code(r.name), r.importId ? `import ${code(r.importId)}` : "create"]),
    ),
    "",
    "</details>",
  );
  return lines.join("\n") + "\n";
}
