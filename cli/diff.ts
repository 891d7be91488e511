// `ec2-access diff`: what a change does to access, resources and policy violations, from the
// offline plans (`plan --format json`) of the base and the head, for one stack or several.
// Exit status: 0 when every head plan exists and has no mandatory violation, 1 otherwise (a plan
// failed: `<stack>.error.txt`, or the change leaves a mandatory violation), 2 when the arguments
// are wrong or a plan file is not a plan (every problem named on stderr).
import { InputError, UsageError } from "./errors";
import type { Io } from "./args";
import { oneOf, parse } from "./args";
import { PlanFileError } from "../plan/diff/planFile";
import { diffAll } from "../plan/diff/compare";
import { resolveSources, SourceError } from "../plan/diff/sources";
import { renderDiffMarkdown } from "../plan/diff/markdown";
import { renderDiffText } from "../plan/diff/text";
import { blocked, diffCounts } from "../plan/diff/summary";
import { readProvenance } from "../plan/diff/provenance";

export async function runDiffCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    base: { type: "string", multiple: true },
    head: { type: "string", multiple: true },
    "base-dir": { type: "string" },
    "head-dir": { type: "string" },
    stacks: { type: "string" },
    format: { type: "string" },
    "computed-by": { type: "string" },
    "head-commit": { type: "string" },
    "changed-files": { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const format = oneOf("format", values.format as string | undefined, ["markdown", "text", "json"] as const, "text");
  const stacks =
    values.stacks === undefined
      ? undefined
      : (values.stacks as string)
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);

  let environments;
  try {
    environments = resolveSources(
      {
        base: (values.base as string[] | undefined) ?? [],
        head: (values.head as string[] | undefined) ?? [],
        baseDir: values["base-dir"] as string | undefined,
        headDir: values["head-dir"] as string | undefined,
        stacks,
      },
      io.cwd,
    );
  } catch (e) {
    if (e instanceof SourceError) throw new UsageError(e.message);
    if (e instanceof PlanFileError) throw new InputError(e.problems);
    throw e;
  }
  const diff = diffAll(environments);
  let provenance;
  try {
    provenance = readProvenance(
      {
        computedBy: values["computed-by"] as string | undefined,
        headCommit: values["head-commit"] as string | undefined,
        changedFiles: values["changed-files"] as string | undefined,
      },
      io.cwd,
    );
  } catch (e) {
    if (e instanceof SourceError) throw new UsageError(e.message);
    throw e;
  }
  if (provenance) diff.provenance = provenance;
  io.stdout(
    format === "json" ? JSON.stringify(diff, null, 2) + "\n" : format === "markdown" ? renderDiffMarkdown(diff) : renderDiffText(diff),
  );
  return blocked(diffCounts(diff)) ? 1 : 0;
}
