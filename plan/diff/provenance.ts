// Which code computed a diff. In a pull request the comment is computed by the base branch's
// code (the trusted workflow_run job), which plans the pull request's stack files as data: a pull
// request that changes plan/ cannot change what its comment says. The comment names both commits,
// and lists the other files the pull request changes, which that code did not run (program,
// components, plan/ itself) or took as data (the policy pack config): a reviewer reads those.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Provenance } from "./model";
import { SourceError } from "./sources";

const COMMIT = /^[0-9a-f]{7,40}$/;
/** Stack files are what the base's code plans; every other change is listed. */
const STACK_FILE = /^Pulumi\.[A-Za-z0-9_.-]+\.ya?ml$/;
/** A comment has 65,536 characters: the list stops here and says how many more there are. */
export const MAX_LISTED = 100;

export function readProvenance(
  opts: { computedBy?: string; headCommit?: string; changedFiles?: string },
  cwd: string,
): Provenance | undefined {
  if (opts.computedBy === undefined) {
    if (opts.headCommit !== undefined || opts.changedFiles !== undefined)
      throw new SourceError("--head-commit and --changed-files go with --computed-by <commit>");
    return undefined;
  }
  for (const [flag, value] of [
    ["--computed-by", opts.computedBy],
    ["--head-commit", opts.headCommit],
  ] as const) {
    if (value !== undefined && !COMMIT.test(value))
      throw new SourceError(`${flag}: got ${JSON.stringify(value.slice(0, 60))}; expected a commit SHA (7-40 lowercase hex digits)`);
  }
  const out: Provenance = { computedBy: opts.computedBy };
  if (opts.headCommit !== undefined) out.headCommit = opts.headCommit;
  if (opts.changedFiles !== undefined) {
    let list: unknown;
    try {
      list = JSON.parse(fs.readFileSync(path.resolve(cwd, opts.changedFiles), "utf8"));
    } catch (e) {
      throw new SourceError(
        `--changed-files: cannot read ${opts.changedFiles} as JSON (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    if (!Array.isArray(list) || !list.every((x) => typeof x === "string"))
      throw new SourceError(`--changed-files: ${opts.changedFiles} is not a JSON array of paths`);
    out.changedFiles = [...new Set(list as string[])].filter((f) => !STACK_FILE.test(f)).sort();
  }
  return out;
}
