import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ssmDocumentProps } from "../../lib/sources/ssmDocuments";
import { describe, minutes, readSessionPreferences } from "./sessionPreferences";

export interface SessionTimeoutConfig {
  /** Longest idle timeout allowed, minutes (AWS allows 1-60, default 20). Default 20. */
  maxIdleSessionTimeoutMinutes?: number;
  /** When set, inputs.maxSessionDuration must be set and at most this (AWS allows 1-1,440). */
  maxSessionDurationMinutes?: number;
}

const PREFIX = "Session preferences document";
/** Session Manager's own default when idleSessionTimeout is absent. */
export const AWS_DEFAULT_IDLE_MINUTES = 20;
const AWS_MAX_IDLE_MINUTES = 60;
const AWS_MAX_SESSION_MINUTES = 1440;

/**
 * The session preferences end idle sessions within the configured maximum
 * (`inputs.idleSessionTimeout`, AWS default 20 minutes) and, when configured, cap every session
 * (`inputs.maxSessionDuration`).
 *
 * Why: an abandoned shell on an instance is an open door; AWS's default of 20 minutes is the
 * baseline, and environments can tighten it.
 */
export const restrictSessionIdleTimeout: ResourceValidationPolicy = {
  name: "restrict-session-idle-timeout",
  description:
    "Session Manager preferences must end idle sessions within the configured maximum (default 20 minutes) and, if configured, limit the session duration.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "In the Session document's inputs set idleSessionTimeout (whole minutes, as a string, e.g. \"20\") to at most the configured maximum, and maxSessionDuration when the policy's maxSessionDurationMinutes is configured.",
  configSchema: {
    properties: {
      maxIdleSessionTimeoutMinutes: {
        type: "integer",
        minimum: 1,
        maximum: AWS_MAX_IDLE_MINUTES,
        default: AWS_DEFAULT_IDLE_MINUTES,
        description: "Longest idle timeout allowed, in minutes.",
      },
      maxSessionDurationMinutes: {
        type: "integer",
        minimum: 1,
        maximum: AWS_MAX_SESSION_MINUTES,
        description: "When set: the longest session allowed, in minutes.",
      },
    },
  },
  // aws.ssm.Document and aws-native:ssm:Document alike.
  validateResource: (args, reportViolation) => {
    const props = ssmDocumentProps(args);
    if (props === undefined) return;
    const config = readConfig(args.getConfig<SessionTimeoutConfig>());
    const reading = readSessionPreferences(props);
    if (reading.kind === "not-applicable") return;
    if (reading.kind === "unreadable") {
      reportViolation(
        `${PREFIX} cannot be checked for session timeouts: ${reading.reason}. Write the preferences as a JSON (or plain YAML) object with sessionType "Standard_Stream" and an inputs object.`,
      );
      return;
    }
    const raw = reading.inputs["idleSessionTimeout"];
    const idle = minutes(raw);
    const max = config.maxIdleSessionTimeoutMinutes;
    if (idle !== undefined && (Number.isNaN(idle) || idle < 1 || idle > AWS_MAX_IDLE_MINUTES)) {
      reportViolation(
        `${PREFIX}: inputs.idleSessionTimeout ${describe(raw)} is not a whole number of minutes from 1 to ${AWS_MAX_IDLE_MINUTES}. Set it to at most "${max}".`,
      );
    } else if ((idle ?? AWS_DEFAULT_IDLE_MINUTES) > max) {
      const what =
        idle === undefined
          ? `is not set, so idle sessions end after AWS's default of ${AWS_DEFAULT_IDLE_MINUTES} minutes`
          : `is ${idle} minutes`;
      reportViolation(
        `${PREFIX}: inputs.idleSessionTimeout ${what}, more than the allowed ${max}. Set idleSessionTimeout to at most "${max}".`,
      );
    }

    const limit = config.maxSessionDurationMinutes;
    if (limit === undefined) return;
    const rawDuration = reading.inputs["maxSessionDuration"];
    const duration = minutes(rawDuration);
    if (duration === undefined) {
      reportViolation(
        `${PREFIX}: inputs.maxSessionDuration is not set, so sessions never end on their own. Set maxSessionDuration to at most "${limit}".`,
      );
    } else if (Number.isNaN(duration) || duration < 1 || duration > AWS_MAX_SESSION_MINUTES) {
      reportViolation(
        `${PREFIX}: inputs.maxSessionDuration ${describe(rawDuration)} is not a whole number of minutes from 1 to ${AWS_MAX_SESSION_MINUTES}. Set it to at most "${limit}".`,
      );
    } else if (duration > limit) {
      reportViolation(
        `${PREFIX}: inputs.maxSessionDuration is ${duration} minutes, more than the allowed ${limit}. Set maxSessionDuration to at most "${limit}".`,
      );
    }
  },
};

function readConfig(c: unknown): { maxIdleSessionTimeoutMinutes: number; maxSessionDurationMinutes?: number } {
  const o = typeof c === "object" && c !== null ? (c as Record<string, unknown>) : {};
  const idle = o["maxIdleSessionTimeoutMinutes"];
  const duration = o["maxSessionDurationMinutes"];
  return {
    maxIdleSessionTimeoutMinutes: wholeIn(idle, 1, AWS_MAX_IDLE_MINUTES) ? idle : AWS_DEFAULT_IDLE_MINUTES,
    maxSessionDurationMinutes: wholeIn(duration, 1, AWS_MAX_SESSION_MINUTES) ? duration : undefined,
  };
}

function wholeIn(v: unknown, lo: number, hi: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
}
