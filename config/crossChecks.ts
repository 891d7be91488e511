// Rules that relate values in different places of the configuration. They run on whatever
// parsed, so that a mistake in one section does not hide a contradiction in another.
//
// Deliberately absent (no AWS rule behind them):
// - maxSessionDurationMinutes vs idleSessionTimeoutMinutes: AWS treats them independently.
// - organization.serialConsoleScp with an empty exceptAccountIds, even on a root: denying the
//   serial console to every member account is a legitimate intent, and SCPs never apply to the
//   management account that runs this stack, so nobody is locked out of the setting.
import type { CheckableConfig } from "./checkable";
import { keyPath, show } from "./messages";
import { ADMIN_GRANT_NAME } from "../model/patterns";
import { sessionKeyRegionFault } from "../model/sessionKey";
import type { GrantSection } from "./attachments";
import { attachmentProblems } from "./attachments";
import { SCP_MAX_CHARACTERS, serialConsoleScpDocument } from "../documents/serviceControlPolicy";
import { policySize } from "../documents/policyDocument";
import { grantPolicyLayouts } from "../documents/grantPolicyCounts";
import { apiLimitProblems } from "./apiLimits";
import { consoleSessionsUnderPreferences, ssoRoles } from "./reachability";

export type { CheckableConfig } from "./checkable";

export interface CrossCheckOptions {
  /** Default: what GrantPolicy will create, big grants split (documents/grantPolicyCounts.ts). */
  policiesPerGrant?: (section: GrantSection, grantName: string) => number;
}

export function crossChecks(c: CheckableConfig, options: CrossCheckOptions = {}): string[] {
  const layouts = grantPolicyLayouts(c);
  return [
    ...endpointRegion(c),
    ...kmsKeyRegion(c),
    ...deniedGrants(c),
    ...reservedGrantNames(c),
    ...scpSize(c),
    ...apiLimitProblems(c),
    ...consoleSessionsUnderPreferences(c),
    ...ssoRoles(c),
    ...layouts.problems,
    ...attachmentProblems(c, options.policiesPerGrant ?? layouts.policiesPerGrant),
  ];
}

/** The serial console's admin policy is a grant named `admins` (model/patterns.ts, ADMIN_GRANT_NAME). */
function reservedGrantNames(c: CheckableConfig): string[] {
  return (c.serialConsole?.grants ?? []).flatMap((g, i) =>
    g.name === ADMIN_GRANT_NAME
      ? [`${keyPath(["serialConsole", "grants", i, "name"])}: got "${ADMIN_GRANT_NAME}"; expected another name: "${ADMIN_GRANT_NAME}" is the admin policy's`]
      : [],
  );
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

function endpointRegion(c: CheckableConfig): string[] {
  const region = c.instanceConnect?.endpoint?.region;
  if (!region || !c.regions || c.regions.includes(region)) return [];
  return [`${keyPath(["instanceConnect", "endpoint", "region"])}: got ${show(region)}; expected one of the stack's regions ${show(c.regions)}`];
}

/** Session Manager encrypts with a key in the session's own region (model/sessionKey.ts). */
function kmsKeyRegion(c: CheckableConfig): string[] {
  const key = c.sessionManager?.preferences?.kmsKey;
  if (!key || key === "create" || key === "none" || !c.regions) return [];
  const fault = sessionKeyRegionFault(key, c.regions);
  if (!fault) return [];
  const at = `${keyPath(["sessionManager", "preferences", "kmsKey"])}: got ${show(key)}`;
  if (fault.kind === "outside") {
    return [`${at}; expected a key in one of the stack's regions ${show(c.regions)} (Session Manager needs the key in the session's region)`];
  }
  return [`${at}; expected create (one key per region) or a multi-Region key (key/mrk-...): a key in ${fault.keyRegion} cannot encrypt sessions in ${fault.others.join(", ")}`];
}

/** A serial console grant whose every instance is explicitly denied allows nothing. */
function deniedGrants(c: CheckableConfig): string[] {
  const sc = c.serialConsole;
  if (!sc || sc.denyInstanceIds.length === 0) return [];
  const denied = new Set(sc.denyInstanceIds);
  const problems: string[] = [];
  sc.grants.forEach((g, i) => {
    if (g.instanceIds && g.instanceIds.every((id) => denied.has(id))) {
      problems.push(
        `${keyPath(["serialConsole", "grants", i, "instanceIds"])}: got ${show(g.instanceIds)}; ` +
          `expected at least one instance not in ${keyPath(["serialConsole", "denyInstanceIds"])}, which denies all of these (the grant would allow nothing)`,
      );
    }
  });
  return problems;
}
