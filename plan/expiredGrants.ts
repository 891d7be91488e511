// Grants whose `expires` has passed. IAM already denies their access (the documents' own
// `aws:CurrentTime` bound, documents/expiry.ts), so the plan does not fail on them: it marks
// their rows expired and says, once per grant, to remove the grant from the stack file (its
// policies and attachments stay in the account, allowing nothing, until someone does).
import type { AccessEntry } from "../components/access";
import type { Violation } from "./policyRunner";
import { iamDate } from "../policypack/lib/expiry";

export const EXPIRED_GRANT_POLICY = "grant-expired";

/** Marks expired rows in place; one advisory finding per expired grant. */
export function markExpiredGrants(access: AccessEntry[], now: number): Violation[] {
  const findings: Violation[] = [];
  const reported = new Set<string>();
  for (const row of access) {
    const at = row.expires === undefined ? undefined : iamDate(row.expires);
    if (at === undefined || at > now) continue;
    row.expired = true;
    const key = `${row.pattern}\u0000${row.grant}`;
    if (reported.has(key)) continue;
    reported.add(key);
    findings.push({
      policy: EXPIRED_GRANT_POLICY,
      enforcementLevel: "advisory",
      urn: "",
      severity: "low",
      message: `${row.pattern} grant "${row.grant}" expired at ${row.expires}: IAM has denied its access since then; remove the grant from the stack file, which deletes its policies and attachments`,
    });
  }
  return findings;
}
