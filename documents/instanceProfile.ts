// What a managed instance's role needs for Session Manager: EC2 trust, the AWS managed core
// policy, and exactly the permissions that the chosen session preferences add.
import type { ArnScope } from "./arn";
import type { PolicyDocument, Statement } from "./policyDocument";
import { policyDocument, statement } from "./policyDocument";

export interface TrustPolicy {
  Version: "2012-10-17";
  Statement: { Effect: "Allow"; Principal: { Service: string }; Action: "sts:AssumeRole" }[];
}

export function ec2TrustPolicy(): TrustPolicy {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
}

/** Lets SSM Agent register the instance and open sessions (broad: it also reads SSM parameters). */
export function managedInstanceCorePolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`;
}

export interface SessionDataAccessSpec {
  regions: string[];
  /** Keys that encrypt sessions; the agent decrypts with them. */
  sessionKeyArns: string[];
  /** A bucket the stack does not own: its encryption key is unknown here. */
  s3Bucket?: string;
  /**
   * Buckets the stack creates (one per Region), each with the key it encrypts with (none: SSE-S3).
   * Both are known exactly, so the role gets exactly them.
   */
  createdBuckets?: { name: string; keyArn?: string }[];
  s3KeyPrefix?: string;
  s3EncryptionEnabled: boolean;
  cloudWatchLogGroup?: string;
}

/**
 * The instance role's inline policy for the chosen preferences, or undefined when they need
 * nothing beyond AmazonSSMManagedInstanceCore.
 */
export function sessionDataAccessDocument(spec: SessionDataAccessSpec, scope: ArnScope): PolicyDocument | undefined {
  const statements: Statement[] = [];
  if (spec.sessionKeyArns.length > 0) statements.push(statement({ actions: ["kms:Decrypt"], resources: spec.sessionKeyArns }));
  if (spec.s3Bucket) {
    const prefix = (spec.s3KeyPrefix ?? "").replace(/^\/+|\/+$/g, "");
    const objects = `arn:${scope.partition}:s3:::${spec.s3Bucket}/${prefix ? `${prefix}/` : ""}*`;
    statements.push(statement({ actions: ["s3:PutObject"], resources: [objects] }));
    // The agent reads the bucket's encryption only to honour s3EncryptionEnabled.
    if (spec.s3EncryptionEnabled)
      statements.push(
        statement({ actions: ["s3:GetEncryptionConfiguration"], resources: [`arn:${scope.partition}:s3:::${spec.s3Bucket}`] }),
      );
    // A bucket encrypted with SSE-KMS makes S3 generate a data key as the writer for each
    // object (AWS's logging instance-profile example grants it). The bucket's key is not the
    // stack's to know, so any key, but only through S3: with PutObject on the log prefix only,
    // that is a key for these session logs and nothing else.
    statements.push(
      statement({
        actions: ["kms:GenerateDataKey"],
        resources: [`arn:${scope.partition}:kms:*:*:key/*`],
        conditions: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
      }),
    );
  }
  const created = spec.createdBuckets ?? [];
  if (created.length > 0) {
    const prefix = (spec.s3KeyPrefix ?? "").replace(/^\/+|\/+$/g, "");
    const buckets = created.map((b) => `arn:${scope.partition}:s3:::${b.name}`);
    statements.push(statement({ actions: ["s3:PutObject"], resources: buckets.map((b) => `${b}/${prefix ? `${prefix}/` : ""}*`) }));
    if (spec.s3EncryptionEnabled) statements.push(statement({ actions: ["s3:GetEncryptionConfiguration"], resources: buckets }));
    // SSE-KMS with the session key: S3 generates each object's data key as the writer.
    const keys = created.map((b) => b.keyArn).filter((k): k is string => k !== undefined);
    if (keys.length > 0) {
      statements.push(
        statement({
          actions: ["kms:GenerateDataKey"],
          resources: keys,
          conditions: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
        }),
      );
    }
  }
  if (spec.cloudWatchLogGroup) {
    const group = spec.cloudWatchLogGroup;
    statements.push(
      statement({
        // DescribeLogStreams: the agent looks for the session's stream before writing to it.
        actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        resources: spec.regions.map((r) => `arn:${scope.partition}:logs:${r}:${scope.accountId}:log-group:${group}:*`),
      }),
    );
    // DescribeLogGroups supports no resource-level permissions.
    statements.push(statement({ actions: ["logs:DescribeLogGroups"], resources: ["*"] }));
  }
  return statements.length > 0 ? policyDocument(statements) : undefined;
}
