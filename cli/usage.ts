// The CLI's help texts, apart from the commands' code so that `help` and `--help` load nothing
// else (see cli/main.ts).

export interface CommandHelp {
  /** One line: what the command does. */
  summary: string;
  /** The command's synopsis, as in the overall usage. */
  synopsis: string;
  /** Each flag and what it does. */
  flags: [string, string][];
}

export const COMMANDS: Record<string, CommandHelp> = {
  plan: {
    summary: "the offline plan of one stack: the real program on Pulumi's mock runtime, then the policy pack on what it registered",
    synopsis: `ec2-access plan --stack <name> [--config <Pulumi.x.yaml>] [--policy-config <file.json>] [--environment-values <file.json> ...]
                  [--format text|json|markdown|sarif] [--account-id <12 digits>]`,
    flags: [
      ["--stack <name>", "the stack to plan: reads Pulumi.<name>.yaml of the project around the current folder (required)"],
      ["--config <file>", "read the stack's configuration from this file instead"],
      ["--policy-config <file.json>", "the policy pack config (default: policypack/config/<stack>.json when it exists)"],
      ["--environment-values <file.json>", "resolved ESC values (`esc env open <env> --format json`); repeatable"],
      ["--format <f>", "text (default), json, markdown or sarif"],
      ["--account-id <12 digits>", "the account ID when the config has none (default 123456789012)"],
    ],
  },
  "check-policy": {
    summary: "the pack's document rules on one raw IAM policy or SCP document",
    synopsis: "ec2-access check-policy <file.json | -> [--kind identity|scp] [--policy-config <file.json>] [--format text|json|sarif]",
    flags: [
      ["<file.json | ->", "the document, or - for standard input"],
      ["--kind <k>", "identity (default) or scp"],
      ["--policy-config <file.json>", "the policy pack config"],
      ["--format <f>", "text (default), json or sarif"],
    ],
  },
  "check-stack": {
    summary: "what the pack says about a stack that already exists, from `pulumi stack export` or `pulumi preview --json`",
    synopsis: "ec2-access check-stack <file | -> [--stack <name>] [--policy-config <file.json>] [--format text|json|markdown|sarif]",
    flags: [
      ["<file | ->", "the export or preview file, or - for standard input"],
      ["--stack <name>", "picks policypack/config/<name>.json; must match the stack in the file"],
      ["--policy-config <file.json>", "the policy pack config"],
      ["--format <f>", "text (default), json, markdown or sarif"],
    ],
  },
  diff: {
    summary: "what a change does to access, resources and violations, from the JSON plans of the base and the head",
    synopsis: `ec2-access diff (--base <plan.json> --head <plan.json> | --base <stack>=<plan.json> --head <stack>=<plan.json> ...
                   | --base-dir <dir> --head-dir <dir> [--stacks a,b,...]) [--format markdown|text|json]`,
    flags: [
      ["--base, --head <plan.json>", "one stack's plans, or <stack>=<plan.json> for several; repeatable"],
      ["--base-dir, --head-dir <dir>", "folders of <stack>.json plans (and <stack>.error.txt for a plan that failed)"],
      ["--stacks a,b,...", "the stacks to compare (default: every plan in the folders)"],
      ["--format <f>", "text (default), markdown (the PR comment) or json"],
      ["--computed-by, --head-commit, --changed-files", "provenance shown in the comment (set by the workflow)"],
    ],
  },
  audit: {
    summary: "who can reach which instance in a live account, by any path, and (with --stack) where it drifts from the stack",
    synopsis: "ec2-access audit [--region <r> ...] [--stack <name>] [--endpoint-url <url>] [--format text|json|markdown]",
    flags: [
      ["--region <r>", "a Region to read; repeatable (default: the SDK's Region)"],
      ["--stack <name>", "compare with that stack's offline plan: unexpected and missing access"],
      ["--endpoint-url <url>", "send every AWS call to this endpoint (an emulator such as moto)"],
      ["--format <f>", "text (default), json or markdown"],
    ],
  },
};

export const USAGE = `usage:
${Object.values(COMMANDS)
  .map((c) => `  ${c.synopsis}\n`)
  .join("")}  ec2-access help [<command>] | <command> --help | --version
`;

/** `ec2-access <command> --help`: what it does, its synopsis and its flags. */
export function commandHelp(name: string): string {
  const c = COMMANDS[name];
  const width = Math.max(...c.flags.map(([f]) => f.length));
  return `ec2-access ${name}: ${c.summary}\n\nusage:\n  ${c.synopsis}\n\n${c.flags.map(([f, d]) => `  ${f.padEnd(width)}  ${d}\n`).join("")}`;
}
