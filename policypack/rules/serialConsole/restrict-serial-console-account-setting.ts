// Compliant: aws.ec2.SerialConsoleAccess enables the account setting only in stacks the pack's
// config lists. The setting opens the serial console of every instance of the account in the
// region to whoever holds SendSerialConsoleSSHPublicKey, so it is switched on deliberately, per
// environment, not by any program that happens to include the resource.
import { AwsTypes } from "../../lib/resourceTypes";
import { validateResourceOfType } from "@pulumi/policy";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { matchesAny, readConfig, stackOf } from "../../lib";

const defaults = { allowedStacks: [] as string[] };

export const restrictSerialConsoleAccountSetting: ResourceValidationPolicy = {
  name: "restrict-serial-console-account-setting",
  description: "EC2 Serial Console account access (aws.ec2.SerialConsoleAccess with enabled true, the default) may be enabled only in the stacks the policy config allows.",
  remediationSteps:
    "Set enabled: false on aws.ec2.SerialConsoleAccess (or remove the resource), or add this stack to allowedStacks of " +
    "restrict-serial-console-account-setting in the policy pack config if this environment needs the serial console.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedStacks: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Stacks (names or glob patterns such as \"dev\", \"staging-*\") that may enable serial console access. Default: none.",
      },
    },
  },
  validateResource: validateResourceOfType(AwsTypes.serialConsoleAccess, (props, args, reportViolation) => {
    // The provider's default is true: a resource without `enabled` turns access on.
    const enabled = props.enabled;
    if (enabled === false || (enabled as unknown) === "false") return;
    const { allowedStacks } = readConfig(args, defaults);
    const stack = stackOf(args.urn);
    if (matchesAny(stack, allowedStacks)) return;
    const region = typeof props.region === "string" ? ` in ${props.region}` : "";
    reportViolation(
      `aws.ec2.SerialConsoleAccess ${JSON.stringify(args.name)} enables EC2 Serial Console access for the account${region} in stack ${JSON.stringify(stack)}, ` +
        `which allowedStacks does not list (${allowedStacks.length ? allowedStacks.map((s) => JSON.stringify(s)).join(", ") : "none"}): every instance's serial console ` +
        `becomes reachable to whoever holds ec2-instance-connect:SendSerialConsoleSSHPublicKey. Fix: set enabled: false, or add ${JSON.stringify(stack)} to allowedStacks.`,
    );
  }),
};
