// Reads a plan written by `ec2-access plan --format json` (docs/contracts/offline-plan.md).
// The file may come from another commit of this project (the pull request's base), so only
// what the diff reads is checked, and a missing optional table reads as empty. What the diff
// reads must have its shape: a malformed plan file is bad input (exit 2), every problem named.
import type { ErrorObject } from "ajv";
import type { Plan } from "../run";
import type { Shape } from "./planShape";
import { PLAN_SHAPE } from "./planShape";
import { validate } from "./planShapeValidator";

/**
 * plan/powers.ts, loaded only for a plan file written before `powers` existed: deriving them
 * needs the access evaluation and the pack's action data, which a current plan file spares the
 * diff (README, "Speed and scale").
 */
function powersOf(plan: Plan): Plan["powers"] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
  return (require("../powers") as typeof import("../powers")).powersOf(plan);
}

export class PlanFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "PlanFileError";
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** What a plan file that fits PLAN_SHAPE holds for sure; every other key is read with a check. */
interface PlanFile {
  stack: string;
  accountId?: unknown;
  resources: ({ urn: string; type: string } & Record<string, unknown>)[];
  regions?: string[];
  principals?: unknown[];
  access?: unknown[];
  violations?: unknown[];
  powers?: ({ kind: string; subject: Record<string, unknown>; details: Record<string, string[]> } & Record<string, unknown>)[];
  combinedAccess?: unknown[];
}

/** The generated validator (planShapeValidator.ts): ajv's standalone code, typed by hand since it is generated untyped. */
const validatePlan = validate as unknown as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface Problem {
  /** Where, as keys and array indexes. */
  path: PropertyKey[];
  /** The shape's description at that place. */
  expected: string;
  /** Where it comes in a walk of the shape's keys in declared order (then the data's own keys), array items in order. */
  rank: number[];
}

/**
 * An ajv error as a problem: the path, and the description of the shape found there (for a
 * missing key, that key's shape). Walking the shape beside the data also ranks the problem, so
 * that problems are listed key by key as the shape declares them (ajv lists an object's missing
 * keys before the wrong ones).
 */
function problemOf(e: ErrorObject, raw: unknown): Problem {
  const keys = e.instancePath
    .split("/")
    .slice(1)
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (e.keyword === "required") keys.push((e.params as { missingProperty: string }).missingProperty);
  const path: PropertyKey[] = [];
  const rank: number[] = [];
  let shape = PLAN_SHAPE;
  let data = raw;
  for (const key of keys) {
    if (Array.isArray(data)) {
      path.push(Number(key));
      rank.push(Number(key));
      shape = shape.items as Shape;
    } else {
      const declared = Object.keys(shape.properties ?? {});
      path.push(key);
      rank.push(declared.includes(key) ? declared.indexOf(key) : declared.length + Object.keys(data ?? {}).indexOf(key));
      shape = shape.properties?.[key] ?? (shape.additionalProperties as Shape);
    }
    data = isObject(data) || Array.isArray(data) ? (data as Record<string, unknown>)[key] : undefined;
  }
  return { path, expected: shape.description, rank };
}

function byRank(a: Problem, b: Problem): number {
  for (let i = 0; i < Math.min(a.rank.length, b.rank.length); i++) if (a.rank[i] !== b.rank[i]) return a.rank[i] - b.rank[i];
  return a.rank.length - b.rank.length;
}

function show(v: unknown): string {
  const t = JSON.stringify(v);
  if (t === undefined) return "nothing";
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

function pathText(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let v = raw;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** `where` names the file in messages. Throws PlanFileError when the text is not a plan. */
export function parsePlan(source: string, where: string): Plan {
  if (source.trim() === "") throw new PlanFileError([`${where}: got an empty file; expected a plan (\`ec2-access plan --format json\`)`]);
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (e) {
    throw new PlanFileError([
      `${where}: got text that is not JSON (${(e as Error).message}); expected a plan (\`ec2-access plan --format json\`)`,
    ]);
  }
  if (!validatePlan(raw)) {
    const problems = (validatePlan.errors ?? []).map((e) => problemOf(e, raw)).sort(byRank);
    throw new PlanFileError(
      problems.slice(0, 20).map(({ path, expected }) => {
        const at = path.length ? `${pathText(path)}: ` : "";
        return `${where}: ${at}got ${show(valueAt(raw, path))}; expected ${expected}`;
      }),
    );
  }
  const plan = raw as PlanFile;
  const resources = plan.resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: typeof r.name === "string" ? r.name : (r.urn.split("::").pop() ?? r.urn),
    parent: typeof r.parent === "string" ? r.parent : null,
    inputs: isObject(r.inputs) ? r.inputs : {},
    outputs: isObject(r.outputs) ? r.outputs : {},
    ...(typeof r.importId === "string" && r.importId ? { importId: r.importId } : {}),
  }));
  const result: Plan = {
    stack: plan.stack,
    accountId: typeof plan.accountId === "string" ? plan.accountId : "",
    regions: plan.regions ?? [],
    resources,
    principals: (plan.principals as Plan["principals"] | undefined) ?? [],
    access: (plan.access as Plan["access"] | undefined) ?? [],
    powers: [],
    violations: (plan.violations as Plan["violations"] | undefined) ?? [],
    // Kept absent when the file has no key: the diff says it cannot tell none from an older plan.
    ...(plan.combinedAccess !== undefined && { combinedAccess: plan.combinedAccess as Plan["combinedAccess"] }),
  };
  // A plan written before `powers` existed: derive them from its resources and principals.
  if (plan.powers === undefined) result.powers = powersOf(result);
  else
    result.powers = plan.powers.map((p) => ({ ...p, from: Array.isArray(p.from) ? p.from.map(String) : [] })) as unknown as Plan["powers"];
  return result;
}

/** An empty plan of `stack`: the side of a stack that does not exist. */
export function emptyPlan(stack: string): Plan {
  return { stack, accountId: "", regions: [], resources: [], principals: [], access: [], powers: [], violations: [] };
}
