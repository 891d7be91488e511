// The session log stores a stack creates (preferences.s3Bucket / cloudWatchLogGroup with
// `create: true`): their names and the documents that secure them, as pure functions.
import type { ArnScope } from "./arn";
import type { Statement } from "./policyDocument";
import { statement } from "./policyDocument";

/**
 * A created log bucket's name, one per Region: bucket names are global, so the account ID makes
 * it the stack's own, and the Region keeps each Region's sessions (and the key that encrypts
 * them, which must be in the bucket's Region) apart. At most 11 + 20 + 1 + 12 + 1 + 14 = 59
 * characters, inside S3's 63, whatever the environment name.
 */
export function sessionLogBucketName(environment: string, accountId: string, region: string): string {
  return `ec2-access-${environment}-${accountId}-${region}`;
}

export function bucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** A bucket policy: statements that name their principal ("*" for everyone). */
export interface BucketPolicy {
  Version: "2012-10-17";
  Statement: (Statement & { Principal: "*" | { AWS: string | string[] } })[];
}

/**
 * Denies every request that does not use TLS, to the bucket and its objects, whoever makes it:
 * AWS's example "Managing access based on HTTP or HTTPS requests" (Amazon S3 User Guide,
 * example-bucket-policies.html), statement RestrictToTLSRequestsOnly. An explicit deny, so no
 * identity policy can grant plain-HTTP access.
 */
export function tlsOnlyBucketPolicy(partition: string, bucket: string): BucketPolicy {
  const arn = bucketArn(partition, bucket);
  const deny = statement({
    sid: "RestrictToTLSRequestsOnly",
    effect: "Deny",
    actions: ["s3:*"],
    resources: [arn, `${arn}/*`],
    conditions: { Bool: { "aws:SecureTransport": "false" } },
  });
  return { Version: "2012-10-17", Statement: [{ ...deny, Principal: "*" }] };
}

/** The bucket's default encryption (a rule of PutBucketEncryption). */
export interface BucketEncryption {
  sseAlgorithm: "aws:kms" | "AES256";
  kmsMasterKeyId?: string;
  bucketKeyEnabled?: boolean;
}

/**
 * Session Manager writes logs "using the key specified for the bucket, either an AWS KMS key or
 * an Amazon S3 Server-Side Encryption (SSE) key (AES-256)" (Session Manager user guide, "Logging
 * session data using Amazon S3"); with a customer managed key the instance profile needs
 * permission to use that key. So: the session key when the stack has one in the bucket's Region
 * (the instances already use it, and one key then guards sessions and their logs), otherwise
 * SSE-S3, which needs no key permission at all. An S3 Bucket Key cuts the KMS requests per object.
 */
export function sessionLogBucketEncryption(sessionKeyArn: string | undefined): BucketEncryption {
  return sessionKeyArn ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: sessionKeyArn, bucketKeyEnabled: true } : { sseAlgorithm: "AES256" };
}

/** The log group's ARN as CloudWatch Logs puts it in the encryption context (no trailing `:*`). */
export function logGroupArn(scope: ArnScope, region: string, name: string): string {
  return `arn:${scope.partition}:logs:${region}:${scope.accountId}:log-group:${name}`;
}

/**
 * The key policy of a created log group's key. The account statement lets IAM policies govern
 * the key (as AWS's default key policy does); the CloudWatch Logs statement is the one AWS's page
 * "Encrypt log data in CloudWatch Logs using AWS KMS" (step 2) gives, with the ArnEquals form
 * that limits the service to one log group: logs.<region>.amazonaws.com may use the key only when
 * the encryption context names this group.
 */
export interface LogGroupKeyPolicy {
  Version: "2012-10-17";
  Statement: (Statement & { Principal: { AWS: string } | { Service: string } })[];
}

export function logGroupKeyPolicy(scope: ArnScope, region: string, groupName: string): LogGroupKeyPolicy {
  const account = {
    Sid: "AccountIamPolicies",
    Effect: "Allow" as const,
    Principal: { AWS: `arn:${scope.partition}:iam::${scope.accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
  const logs = {
    Sid: "CloudWatchLogsForTheSessionLogGroup",
    Effect: "Allow" as const,
    Principal: { Service: `logs.${region}.${scope.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn(scope, region, groupName) } },
  };
  return { Version: "2012-10-17", Statement: [account, logs] };
}
