// What every command shares: the process's streams (replaceable in tests) and strict flag
// parsing whose failures are usage errors (exit 2). Its own module so that the commands do not
// import cli/main.ts, which imports them.
import { parseArgs } from "node:util";
import { UsageError } from "./errors";

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
