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
import { alertsTopicProblems } from "./alertsChecks";
import { vpcEndpointPartitionProblems } from "./vpcEndpointPartition";
import { networkProblems } from "./networkChecks";
import { declaredEndpoints } from "../model/instanceConnectEndpoints";
import { endpointQuotaProblems } from "../documents/instanceConnectEndpoint";

export type { CheckableConfig } from "../model/schema";

/**
 * Rules on the model alone (no document is built): the first step after parsing. The checks
 * that build documents (sizes, quotas) are the next one (documentChecks.ts).
 */
export function crossChecks(c: CheckableConfig): string[] {
  return [
    ...endpointKeys(c),
    ...endpointRegion(c),
    ...endpointQuota(c),
    ...instanceSecurityGroups(c),
    ...kmsKeyRegion(c),
    ...deniedGrants(c),
    ...reservedGrantNames(c),
    ...apiLimitProblems(c),
    ...consoleSessionsUnderPreferences(c),
    ...ssoRoles(c),
    ...alertsTopicProblems(c),
    ...vpcEndpointPartitionProblems(c),
    ...networkProblems(c),
  ];
}

/** The serial console's admin policy is a grant named `admins` (model/patterns.ts, ADMIN_GRANT_NAME). */
function reservedGrantNames(c: CheckableConfig): string[] {
  return (c.serialConsole?.grants ?? []).flatMap((g, i) =>
    g.name === ADMIN_GRANT_NAME
      ? [
          `${keyPath(["serialConsole", "grants", i, "name"])}: got "${ADMIN_GRANT_NAME}"; expected another name: "${ADMIN_GRANT_NAME}" is the admin policy's`,
        ]
      : [],
  );
}

function endpointRegion(c: CheckableConfig): string[] {
  return declaredEndpoints(c.instanceConnect, c.region ?? "").flatMap(({ key, endpoint }) => {
    const region = endpoint.region;
    if (!region || !c.regions || c.regions.includes(region)) return [];
    return [
      `${keyPath(["instanceConnect", ...key, "region"])}: got ${show(region)}; expected one of the stack's regions ${show(c.regions)}`,
    ];
  });
}

/** `endpoint` is the one-endpoint form of `endpoints`: both at once would say two things. */
function endpointKeys(c: CheckableConfig): string[] {
  const ic = c.instanceConnect;
  if (!ic?.endpoint || !ic.endpoints) return [];
  return [
    `${keyPath(["instanceConnect", "endpoints"])}: got ${show(ic.endpoints.map((e) => e.subnetId))} beside ${keyPath(["instanceConnect", "endpoint"])} ` +
      `(${show(ic.endpoint.subnetId)}); expected one of the two keys: move the single endpoint into the list`,
  ];
}

/** One endpoint per subnet and per VPC in a Region (AWS's quota), within this stack; stackSet.ts checks across stacks. */
function endpointQuota(c: CheckableConfig): string[] {
  if (!c.region) return [];
  return endpointQuotaProblems(
    declaredEndpoints(c.instanceConnect, c.region).map(({ key, region, endpoint }) => ({
      path: keyPath(["instanceConnect", ...key]),
      // One stack, one account, whether or not the config names it.
      account: c.accountId ?? "this stack",
      region,
      subnetId: endpoint.subnetId,
      vpcId: endpoint.vpcId,
    })),
  );
}

/**
 * The instance rules admit the endpoint's security groups by ID (AWS's "security group
 * referencing" example); without `securityGroupIds` the endpoint gets the VPC's default group,
 * whose ID is not known before deployment.
 */
function instanceSecurityGroups(c: CheckableConfig): string[] {
  return declaredEndpoints(c.instanceConnect, c.region ?? "").flatMap(({ key, endpoint }) =>
    endpoint.instanceSecurityGroupIds.length > 0 && endpoint.securityGroupIds.length === 0
      ? [
          `${keyPath(["instanceConnect", ...key, "instanceSecurityGroupIds"])}: got ${show(endpoint.instanceSecurityGroupIds)}; ` +
            `expected them beside the endpoint's own securityGroupIds: the instances admit the endpoint's security groups by ID`,
        ]
      : [],
  );
}

/** Session Manager encrypts with a key in the session's own region (model/sessionKey.ts). */
function kmsKeyRegion(c: CheckableConfig): string[] {
  const key = c.sessionManager?.preferences?.kmsKey;
  if (!key || key === "create" || key === "none" || !c.regions) return [];
  const fault = sessionKeyRegionFault(key, c.regions);
  if (!fault) return [];
  const at = `${keyPath(["sessionManager", "preferences", "kmsKey"])}: got ${show(key)}`;
  if (fault.kind === "outside") {
    return [
      `${at}; expected a key in one of the stack's regions ${show(c.regions)} (Session Manager needs the key in the session's region)`,
    ];
  }
  return [
    `${at}; expected create (one key per region) or a multi-Region key (key/mrk-...): a key in ${fault.keyRegion} cannot encrypt sessions in ${fault.others.join(", ")}`,
  ];
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
