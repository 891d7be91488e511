import { AwsTypes, validateResourceOfType } from "../../lib/resourceTypes";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { limitFrom } from "./enforce-managed-policy-size";
import { countIamCharacters, formatCount, largestStatements, policyText, scpSize } from "./policySize";

export interface ScpSizeConfig {
  /** At most this many characters (Organizations' limit is 5,120). */
  maxCharacters?: number;
}

/** Organizations' quota for a service control policy document. */
export const SCP_LIMIT = 5120;

/**
 * A service control policy's content is at most 5,120 characters as sent. Organizations counts
 * white space too (only its console minifies before saving), so the text is measured as is.
 *
 * Why: the serial console SCP lists account exceptions; each one adds characters, and the
 * limit is only found when `CreatePolicy`/`UpdatePolicy` fails in the management account.
 */
export const enforceScpSize: ResourceValidationPolicy = {
  name: "enforce-scp-size",
  description: "A service control policy must fit AWS Organizations' limit of 5,120 characters, white space included.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Send the SCP as compact JSON (JSON.stringify without indentation), merge statements that share Effect, Resource and Condition, or split it into several SCPs (at most 5 per root, OU or account).",
  configSchema: {
    properties: {
      maxCharacters: {
        type: "integer",
        minimum: 1,
        maximum: SCP_LIMIT,
        default: SCP_LIMIT,
        description: "Largest size allowed; lower it to keep headroom.",
      },
    },
  },
  validateResource: validateResourceOfType(AwsTypes.organizationsPolicy, (_props, args, reportViolation) => {
    // The resource's type defaults to SERVICE_CONTROL_POLICY; other policy types have other limits.
    const type: unknown = args.props["type"];
    if (type !== undefined && type !== null && type !== "" && type !== "SERVICE_CONTROL_POLICY") return;
    const max = limitFrom(args.getConfig<ScpSizeConfig>(), SCP_LIMIT);
    const content: unknown = args.props["content"];
    const size = scpSize(content);
    if (size === undefined || size <= max) return;
    const text = policyText(content) ?? "";
    const compact = countIamCharacters(text);
    const hint = compact <= max ? ` Without white space it would be ${formatCount(compact)}: send it as compact JSON.` : "";
    const largest = largestStatements(content, 2)
      .map((s) => `${s.label}: ${formatCount(s.size)}`)
      .join(", ");
    reportViolation(
      `Service control policy is ${formatCount(size)} characters (white space included), over the limit of ${formatCount(max)}${max === SCP_LIMIT ? "" : ` (Organizations' limit is ${formatCount(SCP_LIMIT)})`}: CreatePolicy fails with "maximum policy size".${hint}${largest ? ` Largest: ${largest}.` : ""} Merge statements or split it into several SCPs.`,
    );
  }),
};
