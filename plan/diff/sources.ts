// Where the plans of a diff come from. Three forms (docs/pull-requests.md):
//   one pair       --base base.json --head head.json           the environment is head's stack
//   named pairs    --base dev=b/dev.json --head dev=h/dev.json  repeat per environment; reported
//                  in --base order, then the names only --head gives
//   directories    --base-dir b/ --head-dir h/ [--stacks dev,staging,prod,org]
// In directories, `<stack>.json` is a plan and `<stack>.error.txt` is why the plan of that stack
// failed (the plan command's stderr, written by the workflow); a stack with neither does not
// exist on that side. A name given on one side only is a stack added or removed.
import * as fs from "node:fs";
import * as path from "node:path";
import type { EnvironmentPlans, PlanSide } from "./compare";
import { parsePlan, PlanFileError } from "./planFile";

/** A mistake in how the sources were named (exit 2), as opposed to a plan that failed. A
 * malformed plan file is bad input too: parsePlan throws PlanFileError (exit 2). */
export class SourceError extends Error {}

export interface SourceOptions {
  base: string[];
  head: string[];
  baseDir?: string;
  headDir?: string;
  /** Directory form: which stacks, in which order. Default: every stack found, sorted by name. */
  stacks?: string[];
}

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;
/** The longest error text kept from a failed plan: a comment has 65,536 characters in all. */
const MAX_ERROR = 2000;

/** `dev=path` → { name: "dev", file: "path" }; anything else is an unnamed path. */
export function splitNamed(spec: string): { name?: string; file: string } {
  const i = spec.indexOf("=");
  if (i > 0 && STACK_NAME.test(spec.slice(0, i))) return { name: spec.slice(0, i), file: spec.slice(i + 1) };
  return { file: spec };
}

function readText(full: string, shown: string): string {
  try {
    return fs.readFileSync(full, "utf8");
  } catch (e) {
    throw new SourceError(`cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function readSide(file: string, cwd: string, problems: string[]): PlanSide {
  return sideFromText(readText(path.resolve(cwd, file), file), file, problems);
}

/** A plan file that is not a plan is bad input (exit 2), not a plan that failed. */
function sideFromText(text: string, file: string, problems: string[]): PlanSide {
  try {
    return { plan: parsePlan(text, file) };
  } catch (e) {
    if (!(e instanceof PlanFileError)) throw e;
    problems.push(...e.problems);
    return { missing: true }; // never shown: resolveSources throws with every file's problems
  }
}

function truncate(s: string): string {
  const t = s.trim();
  return t.length > MAX_ERROR ? `${t.slice(0, MAX_ERROR)}\n[... ${t.length - MAX_ERROR} more characters]` : t;
}

function dirSide(dir: string, name: string, problems: string[]): PlanSide {
  const errorFile = path.join(dir, `${name}.error.txt`);
  if (fs.existsSync(errorFile)) return { error: truncate(readText(errorFile, errorFile)) || `the plan of ${name} failed` };
  const planFile = path.join(dir, `${name}.json`);
  const shown = path.join(path.basename(dir), `${name}.json`);
  if (fs.existsSync(planFile)) return sideFromText(readText(planFile, shown), shown, problems);
  return { missing: true };
}

function stacksIn(dir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (e) {
    throw new SourceError(`cannot read directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return entries.flatMap((f) => {
    const m = /^(.+?)(\.error\.txt|\.json)$/.exec(f);
    return m && STACK_NAME.test(m[1]) ? [m[1]] : [];
  });
}

function fromDirectories(baseDir: string, headDir: string, stacks: string[] | undefined, problems: string[]): EnvironmentPlans[] {
  const found = [...new Set([...stacksIn(baseDir), ...stacksIn(headDir)])].sort();
  const names = stacks ?? found;
  for (const n of names) if (!STACK_NAME.test(n)) throw new SourceError(`--stacks: ${JSON.stringify(n)} is not a stack name`);
  return names.map((name) => ({ name, base: dirSide(baseDir, name, problems), head: dirSide(headDir, name, problems) }));
}

function fromPairs(base: string[], head: string[], cwd: string, problems: string[]): EnvironmentPlans[] {
  const b = base.map(splitNamed);
  const h = head.map(splitNamed);
  if (b.length === 1 && h.length === 1 && b[0].name === undefined && h[0].name === undefined) {
    const baseSide = readSide(b[0].file, cwd, problems);
    const headSide = readSide(h[0].file, cwd, problems);
    const name = "plan" in headSide ? headSide.plan.stack : "plan" in baseSide ? baseSide.plan.stack : path.basename(h[0].file, ".json");
    return [{ name, base: baseSide, head: headSide }];
  }
  const unnamed = [...b, ...h].find((s) => s.name === undefined);
  if (unnamed)
    throw new SourceError(
      `${JSON.stringify(unnamed.file)}: with several plans, name each one: --base <stack>=<file> --head <stack>=<file>`,
    );
  const order: string[] = [];
  const sides = new Map<string, { base?: string; head?: string }>();
  const add = (side: "base" | "head", s: { name?: string; file: string }) => {
    const name = s.name as string;
    const entry = sides.get(name) ?? (order.push(name), sides.set(name, {}), sides.get(name)!);
    if (entry[side] !== undefined) throw new SourceError(`--${side} ${name}= is given twice`);
    entry[side] = s.file;
  };
  b.forEach((s) => add("base", s));
  h.forEach((s) => add("head", s));
  return order.map((name) => {
    const s = sides.get(name)!;
    return {
      name,
      base: s.base !== undefined ? readSide(s.base, cwd, problems) : { missing: true },
      head: s.head !== undefined ? readSide(s.head, cwd, problems) : { missing: true },
    };
  });
}

export function resolveSources(opts: SourceOptions, cwd: string): EnvironmentPlans[] {
  const problems: string[] = [];
  const environments = resolve(opts, cwd, problems);
  if (problems.length) throw new PlanFileError(problems);
  return environments;
}

function resolve(opts: SourceOptions, cwd: string, problems: string[]): EnvironmentPlans[] {
  const dirs = opts.baseDir !== undefined || opts.headDir !== undefined;
  const files = opts.base.length > 0 || opts.head.length > 0;
  if (dirs && files) throw new SourceError("use either --base/--head or --base-dir/--head-dir, not both");
  if (dirs) {
    if (opts.baseDir === undefined || opts.headDir === undefined) throw new SourceError("--base-dir and --head-dir go together");
    return fromDirectories(path.resolve(cwd, opts.baseDir), path.resolve(cwd, opts.headDir), opts.stacks, problems);
  }
  if (opts.stacks) throw new SourceError("--stacks only applies to --base-dir/--head-dir");
  if (opts.base.length === 0 || opts.head.length === 0) throw new SourceError("give --base and --head, or --base-dir and --head-dir");
  return fromPairs(opts.base, opts.head, cwd, problems);
}
