// `ec2-access check-stack`: what the pack would say about a stack that already exists, from a
// `pulumi stack export` or `pulumi preview --json` file, before the pack is made mandatory.
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError, UsageError } from "./errors";
import type { Io } from "./args";
import { oneOf, parse } from "./args";
import { readInputFile } from "./inputFile";
import { readPolicyConfig } from "./policyConfig";
import { sarifText, sarifUri } from "./sarif";
import { ConfigError } from "../config/load";
import type { StackCheck } from "../plan/checkStack";
import { checkStack, NotAStackFile } from "../plan/checkStack";
import { mdTable } from "../plan/format/markdown";
import { policies } from "../policypack/policies";

const FORMAT_NAMES = { "stack-export": "pulumi stack export", checkpoint: "Pulumi checkpoint", preview: "pulumi preview --json" } as const;

/** `policypack/config/<stack>.json` of the project around `cwd`, if there is one. */
function defaultPolicyConfig(cwd: string, stack: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "policypack", "config", `${stack}.json`);
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return fs.existsSync(file) ? file : undefined;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function renderText(check: StackCheck): string {
  const mandatory = check.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const lines = [
    `Policy check of stack ${check.stack || "(none)"} of project ${check.project || "(none)"} (${FORMAT_NAMES[check.format]}, ${check.resources} resources)`,
    "",
  ];
  lines.push(`Policy violations: ${check.violations.length} (${mandatory} mandatory)`);
  for (const v of check.violations)
    lines.push(
      `  [${v.enforcementLevel}] ${v.policy}`,
      `    ${v.urn || check.stackUrn || "(stack)"}`,
      ...v.message.split("\n").map((m) => `    ${m}`),
    );
  lines.push("", mandatory ? `FAILED: ${mandatory} mandatory policy violation(s)` : "OK: no mandatory policy violation");
  return lines.join("\n") + "\n";
}

function renderMarkdown(check: StackCheck): string {
  const mandatory = check.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const status = mandatory ? `:x: ${mandatory} mandatory violation(s)` : ":white_check_mark: no mandatory violation";
  const lines = [
    `### ec2-access check-stack: \`${check.project}/${check.stack}\``,
    "",
    `${status} · ${check.violations.length} violation(s) · ${check.resources} resources (${FORMAT_NAMES[check.format]})`,
    "",
  ];
  if (check.violations.length)
    lines.push(
      ...mdTable(
        ["level", "policy", "resource", "message"],
        check.violations.map((v) => [v.enforcementLevel, v.policy, (v.urn || check.stackUrn || "").split("::").pop() ?? "", v.message]),
      ),
      "",
    );
  return lines.join("\n");
}

export async function runCheckStackCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    stack: { type: "string" },
    "policy-config": { type: "string" },
    format: { type: "string" },
  });
  if (positionals.length !== 1)
    throw new UsageError(
      "check-stack takes one file: the output of `pulumi stack export` or `pulumi preview --json`, or - for standard input",
    );
  const format = oneOf("format", values.format as string | undefined, ["text", "json", "markdown", "sarif"] as const, "text");
  const source = positionals[0];
  const stack = values.stack as string | undefined;
  try {
    const text =
      source === "-"
        ? await io.stdin()
        : readInputFile(path.resolve(io.cwd, source), source, "the output of `pulumi stack export` or `pulumi preview --json`");
    const configFile = values["policy-config"]
      ? path.resolve(io.cwd, values["policy-config"] as string)
      : stack
        ? defaultPolicyConfig(io.cwd, stack)
        : undefined;
    const config = configFile
      ? readPolicyConfig(configFile, policies, (values["policy-config"] as string | undefined) ?? path.relative(io.cwd, configFile))
      : undefined;
    const check = await checkStack(text, policies, config);
    // The allow-lists match the stack named in the URNs: a different --stack would pick one
    // stack's config and judge another stack's resources with it.
    if (stack !== undefined && check.resources > 0 && stack !== check.stack) {
      io.stderr(
        `ec2-access: ${source}: --stack ${JSON.stringify(stack)} but the file's resources belong to stack ${JSON.stringify(check.stack)} (from their URNs)\n`,
      );
      return 2;
    }
    for (const note of check.notes) io.stderr(`ec2-access: note: ${source}: ${note}\n`);
    if (format === "json") io.stdout(JSON.stringify(check, null, 2) + "\n");
    else if (format === "markdown") io.stdout(renderMarkdown(check));
    else if (format === "sarif")
      io.stdout(sarifText(check.violations, { uri: sarifUri(io.cwd, source), text, stackUrn: check.stackUrn ?? undefined }));
    else io.stdout(renderText(check));
    return check.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
  } catch (e) {
    if (e instanceof NotAStackFile || e instanceof ConfigError) throw new InputError([`${source}: ${e.message}`]);
    throw e;
  }
}
