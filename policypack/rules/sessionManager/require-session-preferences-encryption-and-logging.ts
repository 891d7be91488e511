import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ssmDocumentProps } from "../../lib/sources/ssmDocuments";
import { isTrue, nonEmptyString, readSessionPreferences } from "./sessionPreferences";

export interface SessionPreferencesEncryptionConfig {
  /** Require `inputs.kmsKeyId` (session data encrypted with a KMS key). Default true. */
  requireKmsEncryption?: boolean;
  /** Require session logs to S3 or CloudWatch Logs, encrypted. Default true. */
  requireLogging?: boolean;
}

const PREFIX = "Session preferences document";

/**
 * A Standard_Stream Session document (the session preferences) encrypts session data with a KMS
 * key (`kmsKeyId`) and sends session logs to S3 and/or CloudWatch Logs with the destination's
 * encryption enforced (`s3EncryptionEnabled` / `cloudWatchEncryptionEnabled` true).
 *
 * Why: AWS recommends KMS encryption of session data and session logging (seeds 004 callout 3);
 * without a key the session stream is only TLS-protected, and without logs nobody can tell what
 * was done on an instance.
 */
export const requireSessionPreferencesEncryptionAndLogging: ResourceValidationPolicy = {
  name: "require-session-preferences-encryption-and-logging",
  description:
    "Session Manager preferences (Session documents of sessionType Standard_Stream) must encrypt session data with a KMS key and log sessions to S3 or CloudWatch Logs with encryption enforced.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: [
    "In the Session document's inputs:",
    "1. Set kmsKeyId to a KMS key (ID, alias or ARN) in the session's Region; users need kms:GenerateDataKey on it, instances kms:Decrypt.",
    "2. Set s3BucketName with s3EncryptionEnabled: true, and/or cloudWatchLogGroupName with cloudWatchEncryptionEnabled: true (the log group must itself be KMS-encrypted).",
  ].join("\n"),
  configSchema: {
    properties: {
      requireKmsEncryption: { type: "boolean", default: true, description: "Require inputs.kmsKeyId." },
      requireLogging: { type: "boolean", default: true, description: "Require encrypted session logs to S3 or CloudWatch Logs." },
    },
  },
  // aws.ssm.Document and aws-native:ssm:Document alike.
  validateResource: (args, reportViolation) => {
    const props = ssmDocumentProps(args);
    if (props === undefined) return;
    const config = readConfig(args.getConfig<SessionPreferencesEncryptionConfig>());
    const reading = readSessionPreferences(props);
    if (reading.kind === "not-applicable") return;
    if (reading.kind === "unreadable") {
      reportViolation(
        `${PREFIX} cannot be checked for encryption and logging: ${reading.reason}. Write the preferences as a JSON (or plain YAML) object with sessionType "Standard_Stream" and an inputs object.`,
      );
      return;
    }
    const inputs = reading.inputs;
    if (config.requireKmsEncryption && !nonEmptyString(inputs["kmsKeyId"])) {
      reportViolation(
        `${PREFIX}: inputs.kmsKeyId is not set, so session data is not encrypted with a KMS key. Set kmsKeyId to a KMS key in the session's Region and grant users kms:GenerateDataKey on it.`,
      );
    }
    if (!config.requireLogging) return;
    const s3 = nonEmptyString(inputs["s3BucketName"]);
    const cloudWatch = nonEmptyString(inputs["cloudWatchLogGroupName"]);
    if (!s3 && !cloudWatch) {
      reportViolation(
        `${PREFIX}: neither inputs.s3BucketName nor inputs.cloudWatchLogGroupName is set, so sessions are not logged. Set one of them (with s3EncryptionEnabled or cloudWatchEncryptionEnabled true).`,
      );
      return;
    }
    if (s3 && !isTrue(inputs["s3EncryptionEnabled"])) {
      reportViolation(
        `${PREFIX}: inputs.s3BucketName is set but inputs.s3EncryptionEnabled is not true, so session logs may go to an unencrypted bucket. Set s3EncryptionEnabled to true and enable default encryption on the bucket.`,
      );
    }
    if (cloudWatch && !isTrue(inputs["cloudWatchEncryptionEnabled"])) {
      reportViolation(
        `${PREFIX}: inputs.cloudWatchLogGroupName is set but inputs.cloudWatchEncryptionEnabled is not true, so session logs may go to an unencrypted log group. Set cloudWatchEncryptionEnabled to true and give the log group a KMS key.`,
      );
    }
  },
};

function readConfig(c: unknown): Required<SessionPreferencesEncryptionConfig> {
  const o = typeof c === "object" && c !== null ? (c as Record<string, unknown>) : {};
  return {
    requireKmsEncryption: typeof o["requireKmsEncryption"] === "boolean" ? o["requireKmsEncryption"] : true,
    requireLogging: typeof o["requireLogging"] === "boolean" ? o["requireLogging"] : true,
  };
}
