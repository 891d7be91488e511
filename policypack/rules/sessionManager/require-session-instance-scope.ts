import { grantPhrase, START_GUI_CONNECTION } from "../../lib/actions";
import { documentPolicy, projectStackOf } from "../../lib/rule";
import { allowAllInstancesProperty, unscopedInstanceGrant } from "../../lib/scope";
import { START_SESSION, statementGrants } from "./grantStatements";

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
 * `ssm-guiconnect:StartConnection` (Fleet Manager Remote Desktop) has no resource of its own: it
 * opens an RDP desktop on whatever StartSession reaches, so a document that grants it next to an
 * unscoped StartSession is reported for the desktop too.
 */
export const requireSessionInstanceScope = documentPolicy({
  name: "require-session-instance-scope",
  description:
    "ssm:StartSession must be granted on specific instance ARNs or under a resource-tag condition (ssm:resourceTag/<key> or aws:ResourceTag/<key>), not on every instance.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: [
    "In the statement that allows ssm:StartSession, either:",
    '- list the instances: "Resource": ["arn:aws:ec2:<region>:<account>:instance/i-..."], or',
    '- keep "arn:aws:ec2:<region>:<account>:instance/*" and add "Condition": {"StringEquals": {"ssm:resourceTag/<key>": "<value>"}}.',
    "Keep the session document ARN in its own statement: documents carry no instance tags.",
  ].join("\n"),
  configSchema: {
    properties: allowAllInstancesProperty(
      "Stacks where StartSession on every instance (the allInstances target) is accepted. Default: none.",
    ),
  },
  defaults: { allowAllInstancesInStacks: [] as string[] },
  checkStatement: (stmt, { config, args }) => {
    const how = unscopedInstanceGrant(stmt, START_SESSION, projectStackOf(args.urn), config.allowAllInstancesInStacks);
    if (how === undefined) return [];
    return [
      `${stmt.label}: allows ${grantPhrase(stmt, START_SESSION)} ${how} without a resource-tag condition, so it opens a shell on every instance of the account. ` +
        `Name the instances (arn:aws:ec2:<region>:<account>:instance/i-...) or add a condition such as StringEquals on ssm:resourceTag/<key>.`,
    ];
  },
  checkDocument: ({ source, config, args }) => {
    const allows = source.document.statements.filter((s) => s.effect === "Allow");
    const rdp = allows.find((s) => statementGrants(s, START_GUI_CONNECTION));
    if (!rdp) return [];
    const stack = projectStackOf(args.urn);
    for (const s of allows) {
      // The same statement is already reported for StartSession (`*`, `ssm*`, NotAction).
      if (s === rdp) continue;
      const how = unscopedInstanceGrant(s, START_SESSION, stack, config.allowAllInstancesInStacks);
      if (how === undefined) continue;
      return [
        `${rdp.label}: allows ${grantPhrase(rdp, START_GUI_CONNECTION)} (Fleet Manager Remote Desktop) while ${s.label} allows ssm:StartSession ${how}: ` +
          `a remote desktop on every Windows instance of the account, as well as a shell. Scope the StartSession statement to instance ARNs or a resource-tag condition; StartConnection itself takes no resource.`,
      ];
    }
    return [];
  },
});
