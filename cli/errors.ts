// The two kinds of bad input the CLI reports with exit 2 (docs/contracts/offline-plan.md).

/** Wrong flags or arguments: the message, then the usage. */
export class UsageError extends Error {}

/** Bad input found by a command (a file, a document, a plan): every problem, one per line. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "InputError";
  }
}
