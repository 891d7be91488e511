// Reads a plan written by `ec2-access plan --format json` (../shared/design/offline-plan.md).
// The file may come from another commit of this project (the pull request's base), so only
// what the diff needs is checked, and a missing optional table reads as empty.
import type { Plan } from "../run";
import { powersOf } from "../powers";

export class PlanFileError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `where` names the file in messages. Throws PlanFileError when the text is not a plan. */
export function parsePlan(text: string, where: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PlanFileError(`${where}: not JSON (${(e as Error).message})`);
  }
  if (!isObject(raw)) throw new PlanFileError(`${where}: not a plan (expected a JSON object)`);
  if (typeof raw.stack !== "string") throw new PlanFileError(`${where}: not a plan (no "stack" string)`);
  if (!Array.isArray(raw.resources)) throw new PlanFileError(`${where}: not a plan (no "resources" array)`);
  for (const [key, value] of Object.entries({ access: raw.access, powers: raw.powers, violations: raw.violations, principals: raw.principals, regions: raw.regions })) {
    if (value !== undefined && !Array.isArray(value)) throw new PlanFileError(`${where}: "${key}" is not an array`);
  }
  const resources = raw.resources.map((r, i) => {
    if (!isObject(r) || typeof r.urn !== "string" || typeof r.type !== "string") throw new PlanFileError(`${where}: resources[${i}] has no "urn" and "type"`);
    return {
      urn: r.urn,
      type: r.type,
      name: typeof r.name === "string" ? r.name : (r.urn.split("::").pop() ?? r.urn),
      parent: typeof r.parent === "string" ? r.parent : null,
      inputs: isObject(r.inputs) ? r.inputs : {},
      outputs: isObject(r.outputs) ? r.outputs : {},
      ...(typeof r.importId === "string" && r.importId ? { importId: r.importId } : {}),
    };
  });
  const plan: Plan = {
    stack: raw.stack,
    accountId: typeof raw.accountId === "string" ? raw.accountId : "",
    regions: ((raw.regions as unknown[] | undefined) ?? []).map(String),
    resources,
    principals: (raw.principals as Plan["principals"] | undefined) ?? [],
    access: (raw.access as Plan["access"] | undefined) ?? [],
    powers: [],
    violations: (raw.violations as Plan["violations"] | undefined) ?? [],
  };
  // A plan written before `powers` existed: derive them from its resources and principals.
  if (raw.powers === undefined) plan.powers = powersOf(plan);
  else {
    (raw.powers as unknown[]).forEach((p, i) => {
      const ok = isObject(p) && typeof p.kind === "string" && isObject(p.subject) && isObject(p.details) && Object.values(p.details).every((v) => Array.isArray(v) && v.every((x) => typeof x === "string"));
      if (!ok) throw new PlanFileError(`${where}: powers[${i}] is not a power (kind, subject, details of string lists)`);
    });
    plan.powers = raw.powers as Plan["powers"];
  }
  return plan;
}

/** An empty plan of `stack`: the side of a stack that does not exist. */
export function emptyPlan(stack: string): Plan {
  return { stack, accountId: "", regions: [], resources: [], principals: [], access: [], powers: [], violations: [] };
}
