// Rules about whether what the stack sets up can actually be reached the way its grants say:
// a console session under the stack's preferences, and principals IAM lets the stack change.
import { keyPath, show } from "./messages";
import { DEFAULT_SESSION_DOCUMENT } from "../model/schema";
import type { ProjectKeys } from "../model/schema";
import type { GrantSection } from "../model/patterns";
import { ADMIN_GRANT_NAME, GRANT_SECTIONS, patternOfSection } from "../model/patterns";

/** The clients that start sessions from a console, where the user cannot choose the document. */
const CONSOLE_CLIENTS = ["session-manager", "ec2-console"];

/**
 * The EC2 console and the Session Manager console always start shell sessions with
 * SSM-SessionManagerRunShell. Preferences kept in a document of another name would apply only
 * to CLI sessions that name it: every console session would run unencrypted, unlogged and
 * without the stack's timeouts. Refused rather than silently accepted.
 */
export function consoleSessionsUnderPreferences(c: Partial<ProjectKeys>): string[] {
  const sm = c.sessionManager;
  if (!sm?.preferences || sm.document === DEFAULT_SESSION_DOCUMENT) return [];
  const consoleGrants = sm.grants
    .map((g, i) => ({ g, i, clients: g.clients.filter((x) => CONSOLE_CLIENTS.includes(x)) }))
    .filter((x) => x.clients.length > 0);
  if (consoleGrants.length === 0) return [];
  const first = consoleGrants[0];
  return [
    `${keyPath(["sessionManager", "document"])}: got ${show(sm.document)}; expected ${DEFAULT_SESSION_DOCUMENT} ` +
      `while ${keyPath(["sessionManager", "grants", first.i, "clients"])} has ${show(first.clients)}` +
      (consoleGrants.length > 1 ? ` (and ${consoleGrants.length - 1} more grant${consoleGrants.length > 2 ? "s" : ""})` : "") +
      `: the EC2 console and the Session Manager console always start sessions with ${DEFAULT_SESSION_DOCUMENT}, ` +
      `so the preferences in ${show(sm.document)} (encryption, logging, timeouts) would not apply to console sessions; ` +
      `name ${DEFAULT_SESSION_DOCUMENT} here (with preferences.import: true if it already exists in the account)`,
  ];
}

const SSO_ROLE = /^AWSReservedSSO_/;

/**
 * Roles named AWSReservedSSO_* are IAM Identity Center's: IAM refuses to attach or put any
 * policy on them (UnmodifiableEntity), so the deploy would fail half-way. SSO users get access
 * through their permission set, by a customer managed policy attachment (name and path) of the
 * policy this stack exports for the grant.
 */
export function ssoRoles(c: Partial<ProjectKeys>): string[] {
  const problems: string[] = [];
  const env = c.environment ?? "<environment>";
  const check = (section: GrantSection, grantPath: (string | number)[], grantName: string, roles: string[] | undefined) => {
    (roles ?? []).forEach((role, j) => {
      if (!SSO_ROLE.test(role)) return;
      const policy = ["ec2-access", env, patternOfSection(section), grantName].join("-");
      problems.push(
        `${keyPath([...grantPath, "principals", "roles", j])}: got ${show(role)}; expected a role IAM lets this stack attach policies to: ` +
          `AWSReservedSSO_* roles belong to IAM Identity Center and IAM refuses any change to them (UnmodifiableEntity). ` +
          `Reach SSO users through their permission set instead: remove the role here and add a customer managed policy attachment ` +
          `named ${policy} with path /ec2-access/ (this grant's exported policy; parts of a split grant are ${policy}.2, ...) ` +
          `to the permission set; the policy must exist under that name and path in every account the permission set is provisioned to`,
      );
    });
  };
  const sc = c.serialConsole;
  if (sc?.admins) check("serialConsole", ["serialConsole", "admins"], ADMIN_GRANT_NAME, sc.admins.roles);
  for (const section of GRANT_SECTIONS) {
    const config: { grants: { name: string; principals: { roles?: string[] } }[] } | undefined = c[section];
    (config?.grants ?? []).forEach((g, i) => check(section, [section, "grants", i], g.name, g.principals.roles));
  }
  return problems;
}
