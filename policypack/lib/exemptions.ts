// Exemptions: one finding on one resource acknowledged with a reason and an expiry, instead of
// a stack-wide switch. Every policy of the pack takes, in its own config,
//   "exemptions": [{ "resource": "<URN glob>", "reason": "...", "expires": "2027-03-31" }]
// A violation on a resource whose URN matches an exemption that has not expired is still
// reported, but as an ADVISORY violation that names the exemption, so every use shows in the
// preview and in Pulumi Cloud; the policy's own (mandatory) level no longer blocks. An expired
// exemption no longer applies: the violation comes back at the policy's level, saying so.
//
// The advisory level per violation uses the engine's own reporting path: @pulumi/policy's
// analyzer (server.js, makeReportViolationFun) accepts a violation object whose
// `enforcementLevel` overrides the policy's. Its typings declare only (message, urn).
import type {
  EnforcementLevel,
  Policy,
  ReportViolation,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { globMatches } from "./glob";
import { rethrowIfUnknown } from "./unknown";

export interface Exemption {
  /** A glob over the resource's URN (`*`, `?`), e.g. `urn:pulumi:prod::ci::*::deployer-admin`. */
  resource: string;
  /** Why the finding is accepted: shown whenever the exemption is used. */
  reason: string;
  /** ISO 8601 date or date-time; the exemption applies before this instant (a date: 00:00 UTC that day). */
  expires: string;
}

/** The violation as @pulumi/policy's analyzer accepts it (server.js): level and urn per violation. */
export interface ViolationObject {
  message: string;
  urn?: string;
  enforcementLevel?: EnforcementLevel;
}

const ISO_DATE = "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$";

/** The `exemptions` config property every policy of the pack gets; the engine validates it. */
export const EXEMPTIONS_PROPERTY = {
  type: "array",
  default: [] as Exemption[],
  description:
    "Resources whose violations of this policy are accepted until a date: [{ resource: <URN glob>, reason, expires: <ISO date> }]. " +
    "A used exemption is reported as an advisory violation; an expired one no longer applies.",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["resource", "reason", "expires"],
    properties: {
      resource: {
        type: "string",
        pattern: "^urn:pulumi:",
        description: "A glob over the resource's URN (urn:pulumi:<stack>::<project>::<type>::<name>).",
      },
      reason: { type: "string", pattern: "\\S", description: "Why the violation is accepted (required, not blank)." },
      expires: {
        type: "string",
        pattern: ISO_DATE,
        description: "ISO 8601 date (or date-time) from which the exemption no longer applies.",
      },
    },
  },
};

/** The config's exemptions that are well formed; anything else is ignored (the engine refuses it first). */
export function readExemptions(config: unknown): Exemption[] {
  const list = config !== null && typeof config === "object" ? (config as Record<string, unknown>).exemptions : undefined;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (e): e is Exemption =>
      e !== null &&
      typeof e === "object" &&
      typeof e.resource === "string" &&
      typeof e.reason === "string" &&
      e.reason.trim() !== "" &&
      typeof e.expires === "string",
  );
}

/** When the exemption stops applying (ms since the epoch); NaN (never applies) when unreadable. */
export function expiryOf(e: Exemption): number {
  return new RegExp(ISO_DATE).test(e.expires.trim()) ? Date.parse(e.expires.trim()) : NaN;
}

/**
 * Wraps a report function: violations on exempted resources are reported as advisory and name
 * the exemption; those whose only matching exemption has expired say so. `now` is read per
 * violation so that a long-running analyzer honours expiry dates as they pass.
 */
export function exemptingReporter(
  report: ReportViolation,
  exemptions: readonly Exemption[],
  defaultUrn: string | undefined,
  now: () => number,
): ReportViolation {
  if (exemptions.length === 0) return report;
  const send = report as unknown as (v: ViolationObject | string, urn?: string) => void;
  return (message: string, urn?: string) => {
    const target = urn ?? defaultUrn;
    const matching = target ? exemptions.filter((e) => globMatches(e.resource, target)) : [];
    const t = now();
    const active = matching.find((e) => t < expiryOf(e));
    if (active) {
      send({
        message: `Exempted until ${active.expires} (${JSON.stringify(active.reason)}; exemption ${JSON.stringify(active.resource)}): ${message}`,
        urn: target,
        enforcementLevel: "advisory",
      });
      return;
    }
    const expired = matching[0];
    send(
      expired
        ? `${message} (The exemption ${JSON.stringify(expired.resource)} expired on ${expired.expires} and no longer applies.)`
        : message,
      urn,
    );
  };
}

function configOf(getConfig: () => unknown): Exemption[] {
  try {
    return readExemptions(getConfig());
  } catch (e) {
    rethrowIfUnknown(e);
    return [];
  }
}

/**
 * exemptingReporter over the policy's config, read when the policy first reports: most
 * validations report nothing, and the config is the same whenever it is read.
 */
function lazyExemptingReporter(
  report: ReportViolation,
  args: { getConfig: () => unknown },
  defaultUrn: string | undefined,
  now: () => number,
): ReportViolation {
  let exempting: ReportViolation | undefined;
  return ((message: string, urn?: string) => {
    exempting ??= exemptingReporter(
      report,
      configOf(() => args.getConfig()),
      defaultUrn,
      now,
    );
    return (exempting as (m: string, u?: string) => void)(message, urn);
  }) as ReportViolation;
}

const WRAPPED = Symbol.for("ec2-access.exemptions");

/**
 * Gives the policy an `exemptions` config property, applied to every violation it reports.
 * The policy object itself is changed (once), so that the pack's list and a rule imported on its
 * own are the same object and behave the same.
 */
export function withExemptions<P extends Policy>(policy: P, now: () => number = Date.now): P {
  const marked = policy as P & { [WRAPPED]?: boolean };
  if (marked[WRAPPED]) return policy;
  marked[WRAPPED] = true;
  policy.configSchema = {
    ...(policy.configSchema ?? {}),
    properties: { ...(policy.configSchema?.properties ?? {}), exemptions: EXEMPTIONS_PROPERTY },
  } as P["configSchema"];
  const resourcePolicy = policy as unknown as ResourceValidationPolicy;
  if (resourcePolicy.validateResource !== undefined) {
    const wrap = (v: ResourceValidation): ResourceValidation => {
      const wrapped: ResourceValidation = (args, report) => v(args, lazyExemptingReporter(report, args, args.urn, now));
      // validateResourceOfType marks its function with the type it checks; the analyzer uses the
      // mark to skip other types (reported as not applicable). Keep it.
      const type = (v as { __pulumiType?: string }).__pulumiType;
      if (type) (wrapped as { __pulumiType?: string }).__pulumiType = type;
      return wrapped;
    };
    const v = resourcePolicy.validateResource;
    resourcePolicy.validateResource = Array.isArray(v) ? v.map(wrap) : wrap(v);
    return policy;
  }
  const stackPolicy = policy as unknown as StackValidationPolicy;
  if (typeof stackPolicy.validateStack === "function") {
    const validateStack = stackPolicy.validateStack;
    stackPolicy.validateStack = (args: StackValidationArgs, report: ReportViolation) =>
      validateStack(args, lazyExemptingReporter(report, args, undefined, now));
  }
  return policy;
}
