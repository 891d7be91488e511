// Compliant: every service-specific condition key in a statement is one that the access actions
// of that statement support (AWS's service authorization data). IAM never sets a key an action
// does not support: a condition on it (ec2:osuser on ssm:StartSession) never matches, or, negated,
// never constrains. Either way the author's intent is lost.
// Not reported: `...IfExists` and `Null` conditions, which are written for requests that may lack
// the key. AWS's own Session Manager quickstart puts `BoolIfExists ssm:SessionDocumentAccessCheck`
// on a statement with ssm:SendCommand, which does not support that key: the condition then
// applies to StartSession only, as intended.
// Global `aws:` keys are always accepted. Checked actions: the access actions (Serial Console,
// Instance Connect, Session Manager, account setting) and any access-service action the
// statement names literally; wildcards would otherwise list hundreds of unrelated actions.
import {
  ACCESS_ACTIONS,
  canonicalAction,
  conditionKeySupport,
  coveredActions,
  documentPolicy,
  hasWildcard,
  listForMessage,
} from "../../lib";

const ACCESS = new Set<string>(ACCESS_ACTIONS);

export const disallowUnsupportedConditionKeys = documentPolicy({
  name: "disallow-unsupported-condition-keys",
  description:
    "Service-specific condition keys must be supported by the access actions of their statement (for example ec2:osuser is supported by ec2-instance-connect:SendSSHPublicKey, not by ssm:StartSession).",
  remediationSteps:
    "Move the condition to a statement whose actions support the key, or use the key the action supports " +
    "(ssm:resourceTag/<key> or aws:ResourceTag/<key> for ssm:StartSession; ec2:osuser only for ec2-instance-connect:SendSSHPublicKey).",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  defaults: {},
  kinds: ["identity", "scp"],
  checkStatement(stmt) {
    if (stmt.conditions.length === 0) return [];
    const literal = new Set(
      (stmt.actions ?? [])
        .filter((a) => !hasWildcard(a))
        .map((a) => canonicalAction(a.trim()))
        .filter((a): a is string => a !== undefined),
    );
    const checked = coveredActions(stmt).filter((a) => ACCESS.has(a) || literal.has(a));
    if (checked.length === 0) return [];
    const out: string[] = [];
    const seen = new Set<string>();
    for (const c of stmt.conditions) {
      if (/IfExists$/i.test(c.operator) || /^Null$/i.test(c.operator)) continue;
      const key = c.key.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const unsupported = checked.filter((a) => conditionKeySupport(a, c.key) === "unsupported");
      if (unsupported.length === 0) continue;
      out.push(
        `${stmt.label} conditions ${listForMessage(unsupported)} on ${c.key} (${c.operator}), which ${unsupported.length === 1 ? "that action does" : "those actions do"} not support: ` +
          `IAM never sets the key for ${unsupported.length === 1 ? "it" : "them"}, so the condition never matches (or, negated, never constrains). ` +
          `Fix: move ${c.key} to a statement of actions that support it, or use a key these actions support.`,
      );
    }
    return out;
  },
});
