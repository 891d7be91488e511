// Rules that relate values in different places of the configuration. They run on whatever
// parsed, so that a mistake in one section does not hide a contradiction in another.
//
// Deliberately absent (no AWS rule behind them):
// - maxSessionDurationMinutes vs idleSessionTimeoutMinutes: AWS treats them independently.
// - organization.serialConsoleScp with an empty exceptAccountIds, even on a root: denying the
//   serial console to every member account is a legitimate intent, and SCPs never apply to the
//   management account that runs this stack, so nobody is locked out of the setting.
import type { CheckableConfig } from "../model/schema";
import { keyPath, show } from "./messages";
import { ADMIN_GRANT_NAME } from "../model/patterns";
import { sessionKeyRegionFault } from "../model/sessionKey";
import { apiLimitProblems } from "./apiLimits";
import { consoleSessionsUnderPreferences, ssoRoles } from "./reachability";

export type { CheckableConfig } from "../model/schema";

/**
 * Rules on the model alone (no document is built): the first step after parsing. The checks
 * that build documents (sizes, quotas) are the next one (documentChecks.ts).
 */
export function crossChecks(c: CheckableConfig): string[] {
  return [
    ...endpointRegion(c),
    ...kmsKeyRegion(c),
    ...deniedGrants(c),
    ...reservedGrantNames(c),
    ...apiLimitProblems(c),
    ...consoleSessionsUnderPreferences(c),
    ...ssoRoles(c),
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
