// A grant that the change adds with an end date already past: it would create policies that
// allow nothing, which is a mistake (a typo in the year, a copied grant), not a way to end access.
// The plan alone cannot tell a new grant from an old one; the diff can, and refuses it with a
// mandatory finding, while a grant that expired after it was deployed only gets the plan's advice.
import type { Violation } from "../policyRunner";
import type { AccessChange } from "./model";

export const NEW_GRANT_EXPIRED_POLICY = "new-grant-already-expired";

/** One mandatory finding per new grant whose rows are already expired. */
export function newGrantsAlreadyExpired(access: readonly AccessChange[]): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const a of access) {
    if (!a.alreadyExpired) continue;
    const key = `${a.pattern}\u0000${a.grant}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      policy: NEW_GRANT_EXPIRED_POLICY,
      enforcementLevel: "mandatory",
      urn: "",
      severity: "medium",
      message: `${a.pattern} grant "${a.grant}" is new in this change and its expires (${a.after?.expires}) has already passed: IAM would deny its access from the start; set expires to a future date (ISO 8601 UTC) or leave the grant out`,
    });
  }
  return out;
}
