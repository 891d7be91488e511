import { documentPolicy, matchesAny, stackOf } from "../../lib/rule";
import { scopesInstance } from "../../lib/scope";
import { START_SESSION, howGranted, statementGrants } from "./grantStatements";

/**
 * Every Allow of `ssm:StartSession` is confined to chosen instances: instance ARNs that each
 * name one instance, or a condition on a resource-tag key of the target (`ssm:resourceTag/K`,
 * `aws:ResourceTag/K`) that the instance must match. Any other condition (source IP, MFA, time)
 * still lets its holder into every instance, so it does not count.
 *
 * Why: AWS's Session Manager pages grant StartSession "to a particular instance" or to instances
 * with a tag; a shell on every instance of the account is rarely what anyone meant. The
 * `allInstances` target of the stack configuration exists for the documented "allow all, deny
 * some" pattern and is accepted only in the stacks that `allowAllInstancesInStacks` names.
 */
export const requireSessionInstanceScope = documentPolicy({
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
      allowAllInstancesInStacks: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Stacks (glob patterns) where StartSession on every instance (the allInstances target) is accepted.",
      },
    },
  },
  defaults: { allowAllInstancesInStacks: [] as string[] },
  checkStatement: (stmt, { config, args }) => {
    if (stmt.effect !== "Allow" || !statementGrants(stmt, START_SESSION)) return [];
    const scope = scopesInstance(stmt);
    if (scope.scoped || matchesAny(stackOf(args.urn), config.allowAllInstancesInStacks)) return [];
    return [
      `${stmt.label}: allows ${howGranted(stmt, START_SESSION)} ${scope.how} without a resource-tag condition, so it opens a shell on every instance of the account. ` +
        `Name the instances (arn:aws:ec2:<region>:<account>:instance/i-...) or add a condition such as StringEquals on ssm:resourceTag/<key>.`,
    ];
  },
});
