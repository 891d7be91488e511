// The benchmark's scenarios: issue 8's sizes (10 to 5,000 instances in 10 to 200 grants),
// issue 2's 1,000 instances in 50 grants, one 1,000-instance grant that must be split, and
// issue 17's ladder of sizes from 11 to 16,004 resources (one instance per grant, each grant
// four resources) on which the plan is held to TARGET_RATIO of the mock runtime alone.
import type { StackShape } from "./stacks";

export interface Scenario extends StackShape {
  id: string;
  /** Held to TARGET_RATIO against the mock runtime alone. */
  target?: boolean;
}

export const TARGET_RATIO = 1.2;

export const SCENARIOS: Scenario[] = [
  { id: "10x10", instances: 10, grants: 10 },
  { id: "100x10", instances: 100, grants: 10 },
  { id: "1000x1", instances: 1000, grants: 1, maxManagedPoliciesPerPrincipal: 20 },
  { id: "1000x50", instances: 1000, grants: 50, target: true },
  { id: "1000x51", instances: 1000, grants: 51, target: true },
  { id: "5000x10", instances: 5000, grants: 10 },
  { id: "5000x200", instances: 5000, grants: 200 },
  { id: "2x2", instances: 2, grants: 2, target: true },
  { id: "25x25", instances: 25, grants: 25, target: true },
  { id: "250x250", instances: 250, grants: 250, target: true },
  { id: "500x500", instances: 500, grants: 500, target: true },
  { id: "1000x1000", instances: 1000, grants: 1000, target: true },
  { id: "2000x2000", instances: 2000, grants: 2000, target: true },
  { id: "4000x4000", instances: 4000, grants: 4000, target: true },
];
