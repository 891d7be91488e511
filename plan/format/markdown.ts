// The plan as Markdown, readable in a pull-request comment: a summary line, the access table,
// the findings, and the resource list collapsed.
import { Plan } from "../run";
import { ACCESS_HEADER, accessRow } from "./access";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function mdTable(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

export function renderMarkdown(plan: Plan): string {
  const mandatory = plan.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const status = mandatory ? `:x: ${mandatory} mandatory violation(s)` : ":white_check_mark: no mandatory violation";
  const lines = [
    `### ec2-access plan: \`${plan.stack}\``,
    "",
    `${status} · ${plan.resources.length} resources · ${plan.access.length} access rows · account \`${plan.accountId}\` · ${plan.regions.join(", ")}`,
    "",
  ];
  if (plan.access.length) lines.push(...mdTable(ACCESS_HEADER, plan.access.map(accessRow)), "");
  if (plan.violations.length) {
    lines.push(...mdTable(["level", "policy", "resource", "message"], plan.violations.map((v) => [v.enforcementLevel, v.policy, v.urn.split("::").pop() ?? "", v.message])), "");
  }
  lines.push("<details><summary>Resources</summary>", "", ...mdTable(["type", "name"], plan.resources.map((r) => [r.type, r.name])), "", "</details>");
  return lines.join("\n") + "\n";
}
