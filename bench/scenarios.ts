// The benchmark's scenarios: issue 8's sizes (10 to 5,000 instances in 10 to 200 grants),
// issue 2's 1,000 instances in 50 grants, and one 1,000-instance grant that must be split.
import type { StackShape } from "./stacks";

export interface Scenario extends StackShape {
  id: string;
  /** Held to the 1.5x target against the mock runtime alone. */
  target?: boolean;
}

export const TARGET_RATIO = 1.5;

export const SCENARIOS: Scenario[] = [
  { id: "10x10", instances: 10, grants: 10 },
  { id: "100x10", instances: 100, grants: 10 },
  { id: "1000x1", instances: 1000, grants: 1, maxManagedPoliciesPerPrincipal: 20 },
  { id: "1000x50", instances: 1000, grants: 50, target: true },
  { id: "1000x51", instances: 1000, grants: 51, target: true },
  { id: "5000x10", instances: 5000, grants: 10 },
  { id: "5000x200", instances: 5000, grants: 200 },
];
