// The part of a plan that running the program yields: what it registered, who the principals
// are and the access table. The analyses that read it (plan/powers.ts,
// plan/accessEvaluation.ts) import this module rather than plan/run.ts, which imports them.
import type { PlanPrincipal } from "./principals";
import type { AccessEntry } from "../components/access";

export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Set when the resource is adopted (`import` option) rather than created: the ID it imports. */
  importId?: string;
}

export interface RegisteredPlan {
  stack: string;
  accountId: string;
  regions: string[];
  resources: PlanResource[];
  principals: PlanPrincipal[];
  access: AccessEntry[];
}
