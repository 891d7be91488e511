// Compliant: every Allow of ec2-instance-connect:SendSerialConsoleSSHPublicKey names instance
// ARNs or holds only under a resource-tag condition. Both serial console pages: "We recommend
// restricting access to specific EC2 instances. Otherwise, all IAM users with this permission
// can connect to the serial console of all EC2 instances."
import {
  allowAllInstancesProperty,
  documentPolicy,
  grantPhrase,
  SEND_SERIAL_CONSOLE_KEY,
  projectStackOf,
  unscopedInstanceGrant,
} from "../../lib";

export const requireSerialConsoleInstanceScope = documentPolicy({
  name: "require-serial-console-instance-scope",
  description:
    "Allows of ec2-instance-connect:SendSerialConsoleSSHPublicKey must be limited to specific instances: instance ARNs, or a condition on a resource tag of the instance.",
  remediationSteps:
    'In the statement that allows ec2-instance-connect:SendSerialConsoleSSHPublicKey, replace "*" (or instance/*) with the instance ARNs ' +
    "(arn:aws:ec2:<region>:<account>:instance/<id>), or add a StringEquals condition on aws:ResourceTag/<key> (for example equal to " +
    '${aws:PrincipalTag/<key>}). Keep ec2:DescribeInstances, ec2:DescribeInstanceTypes and ec2:GetSerialConsoleAccessStatus in a separate statement on "*".',
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: allowAllInstancesProperty(
      'Stacks where an unscoped grant is accepted, for the documented "allow all, deny some" pattern. Default: none.',
    ),
  },
  defaults: { allowAllInstancesInStacks: [] as string[] },
  checkStatement(stmt, { config, args }) {
    const how = unscopedInstanceGrant(stmt, SEND_SERIAL_CONSOLE_KEY, projectStackOf(args.urn), config.allowAllInstancesInStacks);
    if (how === undefined) return [];
    return [
      `${stmt.label} allows ${grantPhrase(stmt, SEND_SERIAL_CONSOLE_KEY)} ${how} with no instance scope: anyone with this policy can connect to ` +
        `every instance's serial console. Fix: list instance ARNs (arn:aws:ec2:<region>:<account>:instance/<id>) or add a condition on aws:ResourceTag/<key>.`,
    ];
  },
});
