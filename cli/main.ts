// `ec2-access <command>`: the offline plan, check-policy, check-stack, diff and audit.
// Exit codes follow docs/contracts/offline-plan.md ("Additions"): 0 fine, 1 mandatory
// violation, 2 bad input (every problem on stderr, never a stack trace), 3 internal error.
// Each command's module is loaded only when that command runs: only `plan` needs
// @pulumi/pulumi and the program (seconds to load); `help`, `diff` and `check-policy` must not
// pay for them (README, "Speed").
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError, UsageError } from "./errors";
import { COMMANDS, USAGE, commandHelp } from "./usage";
import { didYouMean } from "./suggest";
import { processIo } from "./args";
import type { Io } from "./args";

export { UsageError, InputError, USAGE };
export { processIo, parse, oneOf } from "./args";
export type { Io } from "./args";

type Run = (argv: string[], io: Io) => Promise<number>;

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
const RUNNERS: Record<string, () => Run> = {
  plan: () => (require("./plan") as typeof import("./plan")).runPlanCommand,
  "check-policy": () => (require("./checkPolicy") as typeof import("./checkPolicy")).runCheckPolicyCommand,
  "check-stack": () => (require("./checkStack") as typeof import("./checkStack")).runCheckStackCommand,
  diff: () => (require("./diff") as typeof import("./diff")).runDiffCommand,
  // The AWS SDK is large: loaded only when audit runs.
  audit: () => (require("./audit") as typeof import("./audit")).runAuditCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The package's version, from its package.json (dist/cli/main.js is two folders below it). */
export function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
}

/** `--help` or `-h` among a command's arguments (before a `--` that ends the flags). */
function asksForHelp(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

function unknownCommand(command: string): UsageError {
  const guess = didYouMean(command, Object.keys(COMMANDS));
  return new UsageError(`unknown command ${JSON.stringify(command)}${guess ? `; did you mean ${guess}?` : ""}`);
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.stderr(USAGE);
      return 2;
    }
    if (command === "help" || command === "--help" || command === "-h") {
      if (rest.length === 0) io.stdout(USAGE);
      else if (Object.hasOwn(COMMANDS, rest[0])) io.stdout(commandHelp(rest[0]));
      else throw unknownCommand(rest[0]);
      return 0;
    }
    if (command === "--version" || command === "version") {
      io.stdout(`ec2-access ${version()}\n`);
      return 0;
    }
    if (!Object.hasOwn(RUNNERS, command)) throw unknownCommand(command);
    if (asksForHelp(rest)) {
      io.stdout(commandHelp(command));
      return 0;
    }
    return await RUNNERS[command]()(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`ec2-access: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (isConfigError(e)) {
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

/**
 * A ConfigError (config/load.ts, ApiLimitError included). Importing the class would load the
 * config code for every command; a command that can throw one has loaded it already.
 */
function isConfigError(e: unknown): e is Error {
  const loaded = require.cache[require.resolve("../config/load")];
  return loaded !== undefined && e instanceof (loaded.exports as typeof import("../config/load")).ConfigError;
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const first = text.split("\n")[0];
  return first.length > 300 ? `${first.slice(0, 297)}...` : first;
}
