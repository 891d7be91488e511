// Compliant: ec2:EnableSerialConsoleAccess and ec2:DisableSerialConsoleAccess are allowed only
// by policies the config names as serial console admin policies. Switching the account setting
// is an account-wide change (the pages' "Grant permission to IAM users to manage account
// access"), so it belongs to named admin policies, not to grants, wildcards or broad managed
// policies such as AdministratorAccess, PowerUserAccess or AmazonEC2FullAccess.
import { DISABLE_SERIAL_CONSOLE, documentPolicy, ENABLE_SERIAL_CONSOLE, grantPhrase, matchesAny, statementGrants } from "../../lib";

export const restrictSerialConsoleAdminActions = documentPolicy({
  name: "restrict-serial-console-admin-actions",
  description:
    "ec2:EnableSerialConsoleAccess and ec2:DisableSerialConsoleAccess may be allowed only by policies whose name the config lists as serial console admin policies.",
  remediationSteps:
    "Remove ec2:EnableSerialConsoleAccess / ec2:DisableSerialConsoleAccess (and wildcards that include them, such as ec2:* or *) from this policy and grant them " +
    "through the serial console admin policy, or add this policy's name to adminPolicyNames of restrict-serial-console-admin-actions.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      adminPolicyNames: {
        type: "array",
        items: { type: "string" },
        default: ["*serial-console-admin*"],
        description:
          'Names (or glob patterns) of the policies that may enable and disable serial console access. Default: ["*serial-console-admin*"].',
      },
    },
  },
  defaults: { adminPolicyNames: ["*serial-console-admin*"] },
  checkStatement(stmt, { source, config }) {
    if (stmt.effect !== "Allow" || matchesAny(source.policyName, config.adminPolicyNames)) return [];
    const granted = [ENABLE_SERIAL_CONSOLE, DISABLE_SERIAL_CONSOLE].filter((a) => statementGrants(stmt, a));
    if (granted.length === 0) return [];
    return [
      `${stmt.label} allows ${granted.map((a) => grantPhrase(stmt, a)).join(" and ")} in policy ${JSON.stringify(source.policyName)}, which adminPolicyNames ` +
        `(${config.adminPolicyNames.map((n) => JSON.stringify(n)).join(", ")}) does not name: whoever holds it can switch serial console access for the whole account. ` +
        `Fix: grant these actions only in a serial console admin policy, or add the policy's name to adminPolicyNames.`,
    ];
  },
});
