import { ResourceValidationPolicy } from "@pulumi/policy";
import { scopesInstance } from "../../lib/scope";
import { DOCUMENT_RESOURCE_TYPES } from "../../lib/sources";
import { START_SESSION, allowStatements, configBoolean, howGranted, statementGrants } from "./grantStatements";

export interface SessionInstanceScopeConfig {
  /** Allow StartSession on every instance (the `allInstances: true` target). Default false. */
  allowAllInstances?: boolean;
}

/**
 * Every Allow of `ssm:StartSession` is confined to chosen instances: instance ARNs that each
 * name one instance, or a condition on a resource-tag key of the target (`ssm:resourceTag/K`,
 * `aws:ResourceTag/K`) that the instance must match. Any other condition (source IP, MFA, time)
 * still lets its holder into every instance, so it does not count.
 *
 * Why: AWS's Session Manager pages grant StartSession "to a particular instance" or to instances
 * with a tag; a shell on every instance of the account is rarely what anyone meant.
 */
export const requireSessionInstanceScope: ResourceValidationPolicy = {
  name: "require-session-instance-scope",
  description:
    "ssm:StartSession must be granted on specific instance ARNs or under a resource-tag condition (ssm:resourceTag/<key> or aws:ResourceTag/<key>), not on every instance.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: [
    "In the statement that allows ssm:StartSession, either:",
    "- list the instances: \"Resource\": [\"arn:aws:ec2:<region>:<account>:instance/i-...\"], or",
    "- keep \"arn:aws:ec2:<region>:<account>:instance/*\" and add \"Condition\": {\"StringEquals\": {\"ssm:resourceTag/<key>\": \"<value>\"}}.",
    "Keep the session document ARN in its own statement: documents carry no instance tags.",
  ].join("\n"),
  configSchema: {
    properties: {
      allowAllInstances: { type: "boolean", default: false, description: "Accept StartSession on every instance (the allInstances target) in this stack." },
    },
  },
  validateResource: (args, reportViolation) => {
    if (!DOCUMENT_RESOURCE_TYPES.includes(args.type)) return;
    if (configBoolean(args.getConfig<SessionInstanceScopeConfig>(), "allowAllInstances", false)) return;
    for (const { statement, where } of allowStatements(args)) {
      if (!statementGrants(statement, START_SESSION)) continue;
      const scope = scopesInstance(statement);
      if (scope.scoped) continue;
      reportViolation(
        `${where}: allows ${howGranted(statement, START_SESSION)} ${scope.how} without a resource-tag condition, so it opens a shell on every instance of the account. ` +
          `Name the instances (arn:aws:ec2:<region>:<account>:instance/i-...) or add a condition such as StringEquals on ssm:resourceTag/<key>.`,
      );
    }
  },
};
