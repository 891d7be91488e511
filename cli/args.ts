// What every command shares: the process's input and output, and flag parsing whose errors are
// usage errors (exit 2) that suggest the flag the user probably meant.
import { parseArgs } from "node:util";
import { UsageError } from "./errors";
import { didYouMean } from "./suggest";

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

export type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

export function parse(argv: string[], options: Options) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const unknown = err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /Unknown option '([^']+)'/.exec(err.message)?.[1] : undefined;
    if (unknown !== undefined) {
      const flags = [...Object.keys(options), "help"].map((f) => `--${f}`);
      const guess = didYouMean(unknown.replace(/=.*$/, ""), flags);
      throw new UsageError(`unknown option ${unknown}${guess ? `; did you mean ${guess}?` : `; the options are ${flags.join(", ")}`}`);
    }
    throw new UsageError(err.message);
  }
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag}: got ${JSON.stringify(value)}; expected one of ${allowed.join(", ")}`);
  return value as T;
}
