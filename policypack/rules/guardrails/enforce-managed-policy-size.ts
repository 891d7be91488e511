import { AwsTypes, validateResourceOfType } from "../../lib/resourceTypes";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { formatCount, iamPolicySize, largestStatements } from "./policySize";

export interface ManagedPolicySizeConfig {
  /** At most this many non-white-space characters (IAM's limit is 6,144). */
  maxCharacters?: number;
}

/** IAM's quota for a customer managed policy, white space not counted. */
export const MANAGED_POLICY_LIMIT = 6144;

/**
 * A customer managed policy's document is at most 6,144 characters, white space outside strings
 * not counted.
 *
 * Why: nothing before the API call catches it (CloudFormation's schema allows 131,072), so an
 * oversized grant only fails at `pulumi up`, half-applied, with `LimitExceeded`.
 */
export const enforceManagedPolicySize: ResourceValidationPolicy = {
  name: "enforce-managed-policy-size",
  description: "A customer managed IAM policy must fit IAM's limit of 6,144 characters (white space outside strings not counted).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Split the document into several managed policies (attach each to the principal), merge statements that share Effect, Resource and Condition, or name fewer resources per statement (e.g. one instance/* ARN with a resource-tag condition instead of many instance ARNs).",
  configSchema: {
    properties: {
      maxCharacters: {
        type: "integer",
        minimum: 1,
        maximum: MANAGED_POLICY_LIMIT,
        default: MANAGED_POLICY_LIMIT,
        description: "Largest size allowed; lower it to keep headroom.",
      },
    },
  },
  validateResource: validateResourceOfType(AwsTypes.iamPolicy, (_props, args, reportViolation) => {
    const max = limitFrom(args.getConfig<ManagedPolicySizeConfig>(), MANAGED_POLICY_LIMIT);
    const policy: unknown = args.props["policy"];
    const size = iamPolicySize(policy);
    if (size === undefined || size <= max) return; // unreadable documents are the document rules' business
    const largest = largestStatements(policy, 2)
      .map((s) => `${s.label}: ${formatCount(s.size)}`)
      .join(", ");
    reportViolation(
      `Managed policy document is ${formatCount(size)} characters (white space not counted), over the limit of ${formatCount(max)}${max === MANAGED_POLICY_LIMIT ? "" : ` (IAM's limit is ${formatCount(MANAGED_POLICY_LIMIT)})`}: CreatePolicy fails with LimitExceeded.${largest ? ` Largest: ${largest}.` : ""} Split it into several managed policies or merge statements that share Effect, Resource and Condition.`,
    );
  }),
};

export function limitFrom(config: unknown, fallback: number, key = "maxCharacters"): number {
  const o = typeof config === "object" && config !== null ? (config as Record<string, unknown>) : {};
  const v = o[key];
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= fallback ? v : fallback;
}
