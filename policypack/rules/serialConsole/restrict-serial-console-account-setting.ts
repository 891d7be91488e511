// Compliant: EC2 Serial Console access is switched on only in stacks the pack's config lists,
// whether by the account setting (aws.ec2.SerialConsoleAccess) or by an AWS Organizations
// declarative policy (type DECLARATIVE_POLICY_EC2) that assigns
// `ec2_attributes.serial_console_access.status` = "enabled" to every account it is attached to.
// The setting opens the serial console of every instance of the account in the region to whoever
// holds SendSerialConsoleSSHPublicKey, so it is switched on deliberately, per environment, not by
// any program that happens to include the resource.
import { AwsTypes, validateResourceOfType } from "../../lib/resourceTypes";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { projectStackOf, readConfig, stackAllowed, stackListSchema } from "../../lib";
import { rethrowIfUnknown, throwIfUnknownSentinel } from "../../lib/unknown";

const defaults = { allowedStacks: [] as string[] };

function allowedList(allowedStacks: readonly string[]): string {
  return allowedStacks.length ? allowedStacks.map((s) => JSON.stringify(s)).join(", ") : "none";
}

/**
 * What a declarative policy's content assigns to `ec2_attributes.serial_console_access.status`
 * (`"enabled"`, `"disabled"`), or undefined when it does not set it or cannot be read (the
 * content's JSON is Organizations' to validate; an unreadable one enables nothing).
 */
export function declarativeSerialConsoleStatus(content: unknown): string | undefined {
  throwIfUnknownSentinel(content);
  let doc: unknown = content;
  try {
    if (typeof doc === "string") doc = JSON.parse(doc);
  } catch (e) {
    rethrowIfUnknown(e);
    return undefined;
  }
  const at = (o: unknown, key: string): unknown =>
    o !== null && typeof o === "object" && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined;
  const status = at(at(at(doc, "ec2_attributes"), "serial_console_access"), "status");
  const assigned = at(status, "@@assign");
  throwIfUnknownSentinel(assigned);
  return typeof assigned === "string" ? assigned : undefined;
}

export const restrictSerialConsoleAccountSetting: ResourceValidationPolicy = {
  name: "restrict-serial-console-account-setting",
  description:
    "EC2 Serial Console access may be enabled only in the stacks the policy config allows: by aws.ec2.SerialConsoleAccess (enabled true, the default) or by an Organizations declarative policy (DECLARATIVE_POLICY_EC2) that sets serial_console_access to enabled.",
  remediationSteps:
    'Set enabled: false on aws.ec2.SerialConsoleAccess (or remove the resource), or assign "disabled" to ec2_attributes.serial_console_access.status in the declarative policy; ' +
    'or add this stack as "<project>/<stack>" to allowedStacks of restrict-serial-console-account-setting in the policy pack config if this environment needs the serial console.',
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedStacks: stackListSchema(
        "Stacks that may enable serial console access (account setting or declarative policy). Default: none.",
      ),
    },
  },
  validateResource: [
    validateResourceOfType(AwsTypes.serialConsoleAccess, (props, args, reportViolation) => {
      // The provider's default is true: a resource without `enabled` turns access on.
      const enabled = props.enabled;
      if (enabled === false || (enabled as unknown) === "false") return;
      const { allowedStacks } = readConfig(args, defaults);
      if (stackAllowed(args.urn, allowedStacks)) return;
      const stack = projectStackOf(args.urn);
      const region = typeof props.region === "string" ? ` in ${props.region}` : "";
      reportViolation(
        `aws.ec2.SerialConsoleAccess ${JSON.stringify(args.name)} enables EC2 Serial Console access for the account${region} in stack ${JSON.stringify(stack)}, ` +
          `which allowedStacks does not list (${allowedList(allowedStacks)}): every instance's serial console ` +
          `becomes reachable to whoever holds ec2-instance-connect:SendSerialConsoleSSHPublicKey. Fix: set enabled: false, or add ${JSON.stringify(stack)} to allowedStacks.`,
      );
    }),
    validateResourceOfType(AwsTypes.organizationsPolicy, (props, args, reportViolation) => {
      const type: unknown = props.type;
      throwIfUnknownSentinel(type);
      if (type !== "DECLARATIVE_POLICY_EC2") return;
      const status = declarativeSerialConsoleStatus(props.content);
      if (status === undefined || status.toLowerCase() !== "enabled") return;
      const { allowedStacks } = readConfig(args, defaults);
      if (stackAllowed(args.urn, allowedStacks)) return;
      const stack = projectStackOf(args.urn);
      reportViolation(
        `Declarative policy ${JSON.stringify(typeof props.name === "string" ? props.name : args.name)} (DECLARATIVE_POLICY_EC2) assigns "enabled" to ec2_attributes.serial_console_access.status in stack ${JSON.stringify(stack)}, ` +
          `which allowedStacks does not list (${allowedList(allowedStacks)}): every account it is attached to gets EC2 Serial Console access switched on, and their administrators cannot switch it off. ` +
          `Fix: assign "disabled" (AWS Control Tower's CT.EC2.PV.9), or add ${JSON.stringify(stack)} to allowedStacks.`,
      );
    }),
  ],
};
