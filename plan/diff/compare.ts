// One environment's diff from its two plans, either of which may be missing (a stack added or
// removed by the change) or have failed (its error is shown instead of a comparison).
import type { Plan } from "../run";
import type { EnvironmentDiff, PlanDiff } from "./model";
import { diffAccess } from "./access";
import { diffPowers } from "./powers";
import { diffCombined } from "./combined";
import { diffResources } from "./resources";
import { diffViolations } from "./violations";
import { newGrantsAlreadyExpired } from "./expiry";
import { emptyPlan } from "./planFile";

/** A side of a comparison: a plan, no plan (the stack does not exist there), or why there is none. */
export type PlanSide = { plan: Plan } | { missing: true } | { error: string };

export interface EnvironmentPlans {
  name: string;
  base: PlanSide;
  head: PlanSide;
}

const mandatoryIn = (p: Pick<Plan, "violations">) => p.violations.filter((v) => v.enforcementLevel === "mandatory").length;

export function diffPlans(name: string, base: Plan, head: Plan): EnvironmentDiff {
  const access = diffAccess(base.access, head.access);
  // Only the comparison knows which grants are new: it adds their findings to the head's.
  const headViolations = [...head.violations, ...newGrantsAlreadyExpired(access)];
  const combined = diffCombined(base.combinedAccess, head.combinedAccess);
  return {
    name,
    status: "compared",
    access,
    powers: diffPowers(base.powers ?? [], head.powers ?? []),
    ...(combined.length > 0 && { combined }),
    ...(base.combinedAccess === undefined && (head.combinedAccess?.length ?? 0) > 0 && { combinedBaseUnlisted: true as const }),
    resources: diffResources(base.resources, head.resources),
    violations: diffViolations(base.violations, headViolations),
    headMandatory: mandatoryIn({ violations: headViolations }),
  };
}

export function diffEnvironment({ name, base, head }: EnvironmentPlans): EnvironmentDiff {
  const errors = [...("error" in base ? [`base: ${base.error}`] : []), ...("error" in head ? [`head: ${head.error}`] : [])];
  if (errors.length) {
    return {
      name,
      status: "failed",
      error: errors.join("\n"),
      access: [],
      powers: [],
      resources: [],
      violations: [],
      headMandatory: "plan" in head ? mandatoryIn(head.plan) : 0,
    };
  }
  if ("missing" in base && "missing" in head) {
    return {
      name,
      status: "failed",
      error: "no plan on either side",
      access: [],
      powers: [],
      resources: [],
      violations: [],
      headMandatory: 0,
    };
  }
  const b = "plan" in base ? base.plan : emptyPlan(name);
  const h = "plan" in head ? head.plan : emptyPlan(name);
  const diff = diffPlans(name, b, h);
  if ("missing" in base) {
    diff.status = "added";
    delete diff.combinedBaseUnlisted; // no base plan at all: the status says so
  }
  if ("missing" in head) diff.status = "removed";
  return diff;
}

export function diffAll(environments: readonly EnvironmentPlans[]): PlanDiff {
  return { environments: environments.map(diffEnvironment) };
}
