// The checks that need the documents themselves, a step of their own after parsing and the
// model's rules (crossChecks.ts): each grant's document built as its component builds it and
// laid out into managed policies (documents/grantPolicyCounts.ts), the IAM attachment quota
// counted on those policies (attachments.ts), and the SCP's size. The documents know nothing of
// the configuration; this module words what they measure as configuration messages.
import type { CheckableConfig } from "../model/schema";
import type { GrantSection } from "../model/patterns";
import { keyPath } from "./messages";
import { attachmentProblems } from "./attachments";
import { SCP_MAX_CHARACTERS, serialConsoleScpDocument } from "../documents/serviceControlPolicy";
import { policySize } from "../documents/policyDocument";
import { grantPolicyLayouts } from "../documents/grantPolicyCounts";

export interface DocumentCheckOptions {
  /** Default: what GrantPolicy will create, big grants split (documents/grantPolicyCounts.ts). */
  policiesPerGrant?: (section: GrantSection, grantName: string) => number;
}

export function documentChecks(c: CheckableConfig, options: DocumentCheckOptions = {}): string[] {
  const layouts = grantPolicyLayouts(c);
  const attachments = options.policiesPerGrant
    ? attachmentProblems(c, options.policiesPerGrant)
    : attachmentProblems(c, layouts.policiesPerGrant, layouts.packed);
  return [...scpSize(c), ...layouts.problems, ...attachments];
}

/** Refused here, before any resource exists, rather than by AWS Organizations at deploy time. */
function scpSize(c: CheckableConfig): string[] {
  const scp = c.organization?.serialConsoleScp;
  if (!scp) return [];
  const exceptions = scp.exceptAccountIds ?? [];
  let size: number;
  try {
    size = policySize(serialConsoleScpDocument(exceptions));
  } catch {
    size = SCP_MAX_CHARACTERS + 1;
  }
  if (size <= SCP_MAX_CHARACTERS) return [];
  return [
    `${keyPath(["organization", "serialConsoleScp", "exceptAccountIds"])}: got ${exceptions.length} accounts; expected few enough for the SCP to stay within ${SCP_MAX_CHARACTERS} characters: attach the SCP to the OUs that must not use the serial console instead of listing that many exceptions`,
  ];
}
