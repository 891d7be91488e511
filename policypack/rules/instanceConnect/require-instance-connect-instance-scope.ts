// Compliant: every Allow of ec2-instance-connect:SendSSHPublicKey names instance ARNs or holds
// only under a resource-tag condition. The Instance Connect page: "Consider restricting access
// to specific EC2 instances. Otherwise, all IAM principals with permission for the
// ec2-instance-connect:SendSSHPublicKey action can connect to all EC2 instances."
import { allowAllInstancesProperty, documentPolicy, grantPhrase, SEND_SSH_KEY, projectStackOf, unscopedInstanceGrant } from "../../lib";

export const requireInstanceConnectInstanceScope = documentPolicy({
  name: "require-instance-connect-instance-scope",
  description:
    "Allows of ec2-instance-connect:SendSSHPublicKey must be limited to specific instances: instance ARNs, or a condition on a resource tag of the instance.",
  remediationSteps:
    'In the statement that allows ec2-instance-connect:SendSSHPublicKey, replace "*" (or instance/*) with the instance ARNs ' +
    "(arn:aws:ec2:<region>:<account>:instance/<id>), or add a StringEquals condition on aws:ResourceTag/<key>. " +
    'Keep ec2:DescribeInstances in a separate statement on "*".',
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: allowAllInstancesProperty("Stacks where an unscoped grant is accepted. Default: none.") },
  defaults: { allowAllInstancesInStacks: [] as string[] },
  checkStatement(stmt, { config, args }) {
    const how = unscopedInstanceGrant(stmt, SEND_SSH_KEY, projectStackOf(args.urn), config.allowAllInstancesInStacks);
    if (how === undefined) return [];
    return [
      `${stmt.label} allows ${grantPhrase(stmt, SEND_SSH_KEY)} ${how} with no instance scope: anyone with this policy can push an SSH key to ` +
        `every instance. Fix: list instance ARNs (arn:aws:ec2:<region>:<account>:instance/<id>) or add a condition on aws:ResourceTag/<key>.`,
    ];
  },
});
