// The `aws <service> <operation> --<option> ...` commands the README and docs/ tell users to
// run, and the check of each against what the AWS CLI accepts: botocore's service models on
// this machine (test/support/awsCliModel.py) for API operations, and the AWS CLI's own source
// for its two Instance Connect commands that are no API operation (test/fixtures/aws-cli/).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface CliCommand {
  /** `file:line` of the command's first line. */
  where: string;
  service: string;
  operation: string;
  /** Every `--option` of the command, in order, without the dashes. */
  options: string[];
  /** The value after an option, when one follows it (`--connection-type eice`). */
  values: Record<string, string>;
}

/** Code in a Markdown file: each line of a fenced block, and each inline code span elsewhere. */
function codeSegments(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const lines = markdown.split("\n");
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return;
    }
    if (fenced) out.push({ line: i + 1, text: line });
    else for (const m of line.matchAll(/`([^`]+)`/g)) out.push({ line: i + 1, text: m[1] });
  });
  return out;
}

/** A fenced line ending in `\` continues on the next one, as in a shell. */
function joinContinuations(segments: { line: number; text: string }[]): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  for (let i = 0; i < segments.length; i++) {
    let { text } = segments[i];
    const { line } = segments[i];
    while (/\\\s*$/.test(text) && i + 1 < segments.length && segments[i + 1].line === segments[i].line + 1) {
      text = text.replace(/\\\s*$/, " ") + segments[++i].text;
    }
    out.push({ line, text });
  }
  return out;
}

/**
 * The command that starts at `start`: up to the end of the code, a comment, a pipe or a
 * separator, or a quote it did not open (`ProxyCommand sh -c "aws ssm ..."`). Quoted
 * arguments are blanked so that `--` inside JSON or a script is not read as an option.
 */
function commandText(text: string, start: number): string {
  let out = "";
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) {
        quote = undefined;
        out += "Q";
      }
      continue;
    }
    if (c === "'" || c === '"') {
      // A quote right after `=` or a space opens an argument; any other closes one opened before `aws`.
      if (i === start || /[\s=]/.test(text[i - 1])) {
        quote = c;
        continue;
      }
      break;
    }
    if (c === "#" && /\s/.test(text[i - 1] ?? " ")) break;
    if (c === "|" || c === ";" || (c === "&" && text[i + 1] === "&")) break;
    out += c;
  }
  return out;
}

/** Every `aws <service> <operation>` command in the code of one Markdown text. */
export function cliCommandsIn(markdown: string, file: string): CliCommand[] {
  const out: CliCommand[] = [];
  for (const { line, text } of joinContinuations(codeSegments(markdown))) {
    for (const m of text.matchAll(/(?:^|[\s"'(=$])aws\s+([a-z0-9][a-z0-9-]*)\s+([a-z0-9][a-z0-9-]*)/g)) {
      const start = m.index + m[0].indexOf("aws");
      const words = commandText(text, start).trim().split(/\s+/);
      const options: string[] = [];
      const values: Record<string, string> = {};
      words.forEach((w, i) => {
        const o = /^--([a-z0-9][a-z0-9-]*)(?:=(.*))?$/.exec(w);
        if (!o) return;
        options.push(o[1]);
        const value = o[2] ?? (words[i + 1] && !words[i + 1].startsWith("--") ? words[i + 1] : undefined);
        if (value !== undefined) values[o[1]] = value;
      });
      out.push({ where: `${file}:${line}`, service: m[1], operation: m[2], options, values });
    }
  }
  return out;
}

/** The README and every Markdown file under docs/, relative to the repository root. */
export function documentedCommands(root: string): CliCommand[] {
  const files = ["README.md"];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".md")) files.push(rel);
    }
  };
  walk("docs");
  return files.sort().flatMap((f) => cliCommandsIn(fs.readFileSync(path.join(root, f), "utf8"), f));
}

interface CliOptionsFixture {
  globalOptions: { names: string[] };
  customizations: Record<string, { options: string[]; choices: Record<string, string[]> }>;
}

interface ModelAnswer {
  serviceKnown: boolean;
  operationKnown: boolean;
  options: string[];
}

/** botocore's answer for each distinct service and operation, or undefined without python3/botocore. */
export function askBotocore(root: string, commands: { service: string; operation: string }[]): Map<string, ModelAnswer> | undefined {
  const asked = [...new Map(commands.map((c) => [`${c.service} ${c.operation}`, c])).values()].map(({ service, operation }) => ({
    service,
    operation,
  }));
  const run = spawnSync("python3", [path.join(root, "test", "support", "awsCliModel.py")], {
    input: JSON.stringify(asked),
    encoding: "utf8",
  });
  if (run.error || /No module named 'botocore'/.test(run.stderr)) return undefined;
  if (run.status !== 0) throw new Error(`test/support/awsCliModel.py failed: ${run.stderr}`);
  const answer = JSON.parse(run.stdout) as { commands: ({ service: string; operation: string } & ModelAnswer)[] };
  return new Map(answer.commands.map((c) => [`${c.service} ${c.operation}`, c]));
}

/** What is wrong with each command, one line per problem naming where it is; empty when all hold. */
export function cliProblems(root: string, commands: CliCommand[], model: Map<string, ModelAnswer>): string[] {
  const fixture = JSON.parse(
    fs.readFileSync(path.join(root, "test", "fixtures", "aws-cli", "cli-options.json"), "utf8"),
  ) as CliOptionsFixture;
  const global = new Set(fixture.globalOptions.names);
  const problems: string[] = [];
  for (const c of commands) {
    const name = `aws ${c.service} ${c.operation}`;
    const custom = fixture.customizations[`${c.service} ${c.operation}`];
    let accepted: Set<string>;
    if (custom) {
      accepted = new Set(custom.options);
      for (const [option, choices] of Object.entries(custom.choices)) {
        const value = c.values[option];
        if (value !== undefined && !choices.includes(value))
          problems.push(`${c.where}: ${name} --${option} ${value}: the AWS CLI accepts ${choices.join(", ")}`);
      }
    } else {
      const answer = model.get(`${c.service} ${c.operation}`);
      if (!answer?.serviceKnown) {
        problems.push(`${c.where}: ${name}: no service "${c.service}" in botocore's models`);
        continue;
      }
      if (!answer.operationKnown) {
        problems.push(`${c.where}: ${name}: no operation "${c.operation}" in botocore's ${c.service} model`);
        continue;
      }
      accepted = new Set(answer.options);
    }
    for (const o of c.options)
      if (!accepted.has(o) && !global.has(o))
        problems.push(
          `${c.where}: ${name} --${o}: not an option of this command (it takes ${[...accepted].map((a) => `--${a}`).join(", ")})`,
        );
  }
  return problems;
}
