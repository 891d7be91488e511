// `npx ec2-access <command>`: the offline plan, check-policy and (issue 7) diff.
// Exit codes follow ../shared/design/offline-plan.md ("Additions"): 0 fine, 1 mandatory
// violation, 2 bad input (every problem on stderr, never a stack trace), 3 internal error.
import { parseArgs } from "node:util";
import { ConfigError } from "../config/load";
import { InputError, UsageError } from "./errors";
import { runPlanCommand } from "./plan";
import { runCheckPolicyCommand } from "./checkPolicy";
import { runDiffCommand } from "./diff";
import { runCheckStackCommand } from "./checkStack";

export const USAGE = `usage:
  ec2-access plan --stack <name> [--config <Pulumi.x.yaml>] [--policy-config <file.json>] [--environment-values <file.json> ...]
                  [--format text|json|markdown|sarif] [--account-id <12 digits>]
  ec2-access check-policy <file.json | -> [--kind identity|scp] [--policy-config <file.json>] [--format text|json|sarif]
  ec2-access check-stack <file | -> [--stack <name>] [--policy-config <file.json>] [--format text|json|markdown|sarif]
  ec2-access diff (--base <plan.json> --head <plan.json> | --base <stack>=<plan.json> --head <stack>=<plan.json> ...
                   | --base-dir <dir> --head-dir <dir> [--stacks a,b,...]) [--format markdown|text|json]
  ec2-access audit [--region <r> ...] [--stack <name>] [--endpoint-url <url>] [--format text|json|markdown]
`;

export { UsageError, InputError };

export type Io = { stdout: (s: string) => void; stderr: (s: string) => void; stdin: () => Promise<string>; cwd: string };

export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
  cwd: process.cwd(),
};

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

export function parse(argv: string[], options: Options) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag}: got ${JSON.stringify(value)}; expected one of ${allowed.join(", ")}`);
  return value as T;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "plan":
        return await runPlanCommand(rest, io);
      case "check-policy":
        return await runCheckPolicyCommand(rest, io);
      case "check-stack":
        return await runCheckStackCommand(rest, io);
      case "diff":
        return await runDiffCommand(rest, io);
      case "audit":
        return await (require("./audit") as typeof import("./audit")).runAuditCommand(rest, io); // loaded only when used: the AWS SDK is large
      case undefined:
      case "help":
      case "--help":
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`ec2-access: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr(`ec2-access: ${e.message}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      io.stderr(e.problems.map((p) => `ec2-access: ${p}\n`).join(""));
      return 2;
    }
    // Not the user's input: one line, no stack trace, and a code CI cannot mistake for a verdict.
    io.stderr(`ec2-access: internal error (${oneLine(e)}); please report it\n`);
    return 3;
  }
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const first = text.split("\n")[0];
  return first.length > 300 ? `${first.slice(0, 297)}...` : first;
}
