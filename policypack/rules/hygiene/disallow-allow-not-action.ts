// Compliant: no Allow uses NotAction or NotResource in a way that reaches an access action
// (SendSerialConsoleSSHPublicKey, SendSSHPublicKey, OpenTunnel, ssm:StartSession,
// ssm:SendCommand, ssm-guiconnect:StartConnection, Enable/DisableSerialConsoleAccess). "Allow everything except" grants every
// action and resource AWS adds later, and access to instances is then nobody's decision.
import { ACCESS_ACTIONS, documentPolicy, listForMessage, statementGrants } from "../../lib";

export const disallowAllowNotAction = documentPolicy({
  name: "disallow-allow-not-action",
  description:
    "An Allow with NotAction or NotResource must not reach the instance access actions; access is granted by naming actions and resources.",
  remediationSteps:
    "Rewrite the statement with Action (the actions to allow) and Resource (the instances or documents); to carve out exceptions, add a Deny statement.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  defaults: {},
  checkStatement(stmt) {
    if (stmt.effect !== "Allow") return [];
    const reached = ACCESS_ACTIONS.filter((a) => statementGrants(stmt, a));
    if (reached.length === 0) return [];
    const out: string[] = [];
    if (stmt.notActions !== undefined) {
      out.push(
        `${stmt.label} is an Allow with NotAction ${JSON.stringify(stmt.notActions)}, which allows ${listForMessage(reached, ACCESS_ACTIONS.length)}: ` +
          `NotAction allows every action it does not list, including ones AWS adds later. Fix: list the actions to allow in Action.`,
      );
    }
    if (stmt.notResources !== undefined) {
      out.push(
        `${stmt.label} is an Allow with NotResource ${JSON.stringify(stmt.notResources)} for ${listForMessage(reached, ACCESS_ACTIONS.length)}: ` +
          `it reaches every instance it does not list. Fix: list the resources in Resource, and deny exceptions in a Deny statement.`,
      );
    }
    return out;
  },
});
