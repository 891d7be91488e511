// Reads a file the user named on the command line; what cannot be read is bad input (exit 2)
// that names the file and why, never a stack trace.
import * as fs from "node:fs";
import { InputError } from "./errors";

/** `what` says what the file should be, e.g. "a policy document file". */
export function readInputFile(file: string, shown: string, what: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new InputError([`${shown}: got ${(e as NodeJS.ErrnoException).code ?? "an unreadable path"}; expected ${what}`]);
  }
  if (stat.isDirectory()) throw new InputError([`${shown}: got a directory; expected ${what}`]);
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError([
      `${shown}: got ${(e as NodeJS.ErrnoException).code ?? "an unreadable file"}; expected a readable ${what.replace(/^an? /, "")}`,
    ]);
  }
}
