// The rules table of policypack/README.md, generated from the pack's own metadata (name,
// enforcement level, severity, description, config schema), so the README cannot drift from
// the pack. Run from the repository root:
//
//   npm run readme            rewrite the table in policypack/README.md
//   npm run readme -- --check exit 1 when the README differs from the pack
//
// Not part of the published pack (its tsconfig leaves tools/ out); it runs from the root build.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Policies, PolicyConfigSchema } from "@pulumi/policy";
import { policies } from "../policies";

export const BEGIN = "<!-- rules:begin: generated from the pack by `npm run readme`; do not edit by hand -->";
export const END = "<!-- rules:end -->";

/** Text safe inside a Markdown table cell: no pipes, no line breaks, no HTML tags. */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function configKeys(schema: PolicyConfigSchema | undefined): string {
  const props = Object.entries(schema?.properties ?? {});
  if (!props.length) return "—";
  return props
    .map(([key, prop]) => {
      const dflt = (prop as { default?: unknown }).default;
      return dflt === undefined ? `\`${key}\`` : `\`${key}\` (\`${cell(JSON.stringify(dflt))}\`)`;
    })
    .join(", ");
}

/** The table, one row per policy in the pack's order. */
export function rulesTable(policies: Policies): string {
  const rows = policies.map((p) =>
    [`\`${p.name}\``, p.enforcementLevel ?? "advisory", p.severity ?? "—", cell(p.description), configKeys(p.configSchema)].join(" | "),
  );
  return [
    `${policies.length} rules. Compliant when: the rule's description. Config keys with their defaults.`,
    "",
    "| Rule | Default level | Severity | Compliant when | Config keys (default) |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| ${r} |`),
  ].join("\n");
}

/** `readme` with the text between the markers replaced by `table`. */
export function withRulesTable(readme: string, table: string): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`policypack/README.md has no ${BEGIN} ... ${END} section`);
  return `${readme.slice(0, begin + BEGIN.length)}\n${table}\n${readme.slice(end)}`;
}

export const README = path.resolve(__dirname, "..", "..", "..", "policypack", "README.md");

function main(argv: string[]): number {
  const current = fs.readFileSync(README, "utf8");
  const next = withRulesTable(current, rulesTable(policies));
  if (argv.includes("--check")) {
    if (next === current) return 0;
    process.stderr.write("policypack/README.md: the rules table differs from the pack; run `npm run readme`\n");
    return 1;
  }
  if (next !== current) fs.writeFileSync(README, next);
  process.stdout.write(`policypack/README.md: ${policies.length} rules\n`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
