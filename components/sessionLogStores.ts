// The session log stores a stack creates (preferences.s3Bucket / cloudWatchLogGroup with
// `create: true`), in each Region of the stack, secured as the documents in
// documents/logStores.ts say: the S3 bucket private, encrypted, TLS-only, owner-enforced and
// expiring; the log group with retention and a key only CloudWatch Logs may use, for it alone.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { CreatedLogBucket, CreatedLogGroup } from "../model/logStores";
import { logGroupKeyPolicy, sessionLogBucketEncryption, sessionLogBucketName, tlsOnlyBucketPolicy } from "../documents/logStores";
import type { StackContext } from "./context";
import { iamName } from "./context";

export interface SessionLogStoresArgs {
  context: StackContext;
  bucket?: CreatedLogBucket;
  logGroup?: CreatedLogGroup;
  /** The session key of each Region, when the stack has one: the bucket there encrypts with it. */
  sessionKeyArnByRegion: Record<string, pulumi.Output<string>>;
}

// Session logs are audit evidence: destroying the stack leaves the stores (and the key without
// which the log group's events cannot be read) in place; a non-empty bucket could not be
// deleted anyway.
const KEEP: pulumi.CustomResourceOptions = { retainOnDelete: true };

export class SessionLogStores extends pulumi.ComponentResource {
  /** The created bucket of each Region (empty without `s3Bucket.create`). */
  readonly bucketNameByRegion: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: SessionLogStoresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:sessionManager:SessionLogStores", name, {}, opts);
    const { context: ctx } = args;
    const child = { parent: this };
    for (const region of ctx.regions) {
      if (args.bucket) {
        const bucketName = ctx.accountId.apply((accountId) => sessionLogBucketName(ctx.environment, accountId, region));
        const bucket = new aws.s3.Bucket(
          `${name}-bucket-${region}`,
          { region, bucket: bucketName, forceDestroy: false, tags: ctx.tags },
          { ...child, ...KEEP },
        );
        const of = { region, bucket: bucket.bucket };
        // Blocked before the policy exists: no moment in which the bucket could be made public.
        const block = new aws.s3.BucketPublicAccessBlock(
          `${name}-bucket-${region}`,
          { ...of, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
          child,
        );
        // ACLs off: the bucket owner owns every object, whoever wrote it.
        new aws.s3.BucketOwnershipControls(`${name}-bucket-${region}`, { ...of, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        const encryption = pulumi
          .output(args.sessionKeyArnByRegion[region] ?? "")
          .apply((keyArn) => sessionLogBucketEncryption(keyArn || undefined));
        new aws.s3.BucketServerSideEncryptionConfiguration(
          `${name}-bucket-${region}`,
          {
            ...of,
            rules: [
              {
                applyServerSideEncryptionByDefault: encryption.apply((e) => ({
                  sseAlgorithm: e.sseAlgorithm,
                  kmsMasterKeyId: e.kmsMasterKeyId,
                })),
                bucketKeyEnabled: encryption.apply((e) => e.bucketKeyEnabled),
              },
            ],
          },
          child,
        );
        new aws.s3.BucketPolicy(
          `${name}-bucket-${region}`,
          { ...of, policy: bucket.bucket.apply((b) => JSON.stringify(tlsOnlyBucketPolicy(ctx.partition, b))) },
          { ...child, dependsOn: [block] },
        );
        new aws.s3.BucketLifecycleConfiguration(
          `${name}-bucket-${region}`,
          {
            ...of,
            rules: [{ id: "expire-session-logs", status: "Enabled", filter: {}, expiration: { days: args.bucket.expireAfterDays } }],
          },
          child,
        );
        this.bucketNameByRegion[region] = bucket.bucket;
      }
      if (args.logGroup) {
        const group = args.logGroup;
        const key = new aws.kms.Key(
          `${name}-group-key-${region}`,
          {
            region,
            description: `Encrypts the Session Manager log group ${group.name} (${iamName(ctx, "session-manager")})`,
            enableKeyRotation: true,
            policy: ctx.accountId.apply((accountId) =>
              JSON.stringify(logGroupKeyPolicy({ partition: ctx.partition, accountId }, region, group.name)),
            ),
            tags: ctx.tags,
          },
          { ...child, ...KEEP },
        );
        new aws.cloudwatch.LogGroup(
          `${name}-group-${region}`,
          { region, name: group.name, retentionInDays: group.retentionDays, kmsKeyId: key.arn, tags: ctx.tags },
          { ...child, ...KEEP },
        );
      }
    }
    this.registerOutputs({ bucketNameByRegion: this.bucketNameByRegion });
  }
}
