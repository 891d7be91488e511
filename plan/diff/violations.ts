// Policy violations that a change introduces or resolves. A violation is the same on both sides
// when its policy, resource and message are: a message that changes wording (a count in it, say)
// reads as one resolved and one new, which is what a reviewer should look at anyway.
import type { Violation } from "../policyRunner";
import type { ViolationChange } from "./model";

const key = (v: Violation) => `${v.policy}\u0000${v.urn}\u0000${v.message}`;

/** New ones first (mandatory before advisory), then resolved ones; each in the plan's order. */
export function diffViolations(base: readonly Violation[], head: readonly Violation[]): ViolationChange[] {
  const before = new Set(base.map(key));
  const after = new Set(head.map(key));
  const level = (v: Violation) => (v.enforcementLevel === "mandatory" ? 0 : 1);
  const fresh = head.filter((v) => !before.has(key(v))).sort((a, b) => level(a) - level(b));
  const resolved = base.filter((v) => !after.has(key(v))).sort((a, b) => level(a) - level(b));
  return [
    ...fresh.map((violation) => ({ change: "new" as const, violation })),
    ...resolved.map((violation) => ({ change: "resolved" as const, violation })),
  ];
}
