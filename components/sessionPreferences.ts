// The Session Manager preferences document in each Region of the stack, the KMS key that
// encrypts sessions there (when created here), and what the managed instances' role needs
// for these preferences.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { SessionPreferences as SessionPreferencesConfig } from "../model/schema";
import type { SessionKeyChoice } from "../documents/sessionPreferences";
import { sessionKeyPolicy, sessionPreferencesContent } from "../documents/sessionPreferences";
import { sessionDataAccessDocument } from "../documents/instanceProfile";
import { sessionLogBucketName } from "../documents/logStores";
import { SessionLogStores } from "./sessionLogStores";
import { renderCompact } from "../documents/policyDocument";
import type { StackContext } from "./context";
import { iamName } from "./context";

export interface SessionPreferencesArgs {
  context: StackContext;
  /** The document's name: one per account and Region. */
  documentName: string;
  preferences: SessionPreferencesConfig;
  /** From `sessionKeyChoice`: already checked against the stack's Regions. */
  sessionKey: SessionKeyChoice;
  /** The managed instances' role, when the stack creates it. */
  instanceRole?: { name: pulumi.Input<string>; arn: pulumi.Input<string> };
}

export class SessionPreferences extends pulumi.ComponentResource {
  /** The key that encrypts sessions in each Region, in the order of the stack's Regions; empty when none. */
  readonly sessionKeyArns: pulumi.Output<string[]>;

  constructor(name: string, args: SessionPreferencesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:sessionManager:SessionPreferences", name, {}, opts);
    const { context: ctx, preferences: prefs, sessionKey } = args;

    const keyArnByRegion: Record<string, pulumi.Output<string>> = {};
    for (const region of ctx.regions) {
      if (sessionKey.kind === "given") keyArnByRegion[region] = pulumi.output(sessionKey.arnByRegion[region]);
      if (sessionKey.kind === "create") {
        const policy = pulumi
          .all([ctx.accountId, args.instanceRole?.arn])
          .apply(([accountId, roleArn]) => JSON.stringify(sessionKeyPolicy({ partition: ctx.partition, accountId }, roleArn)));
        const key = new aws.kms.Key(
          `${name}-key-${region}`,
          {
            region,
            description: `Encrypts Session Manager session data (${iamName(ctx, "session-manager")})`,
            enableKeyRotation: true,
            policy,
            tags: ctx.tags,
          },
          { parent: this },
        );
        keyArnByRegion[region] = key.arn;
      }
    }
    this.sessionKeyArns = pulumi.all(ctx.regions.filter((r) => keyArnByRegion[r]).map((r) => keyArnByRegion[r]));

    // The stores this stack creates; the preferences and the instance role name exactly them.
    const stores =
      prefs.createBucket || prefs.createLogGroup
        ? new SessionLogStores(
            `${name}-logs`,
            { context: ctx, bucket: prefs.createBucket, logGroup: prefs.createLogGroup, sessionKeyArnByRegion: keyArnByRegion },
            { parent: this },
          )
        : undefined;

    for (const region of ctx.regions) {
      const bucket = stores?.bucketNameByRegion[region] ?? pulumi.output(prefs.s3Bucket);
      const content = pulumi.all([keyArnByRegion[region] ?? "", bucket]).apply(([kmsKeyId, s3Bucket]) =>
        sessionPreferencesContent({
          kmsKeyId,
          s3Bucket,
          s3KeyPrefix: prefs.s3KeyPrefix,
          s3EncryptionEnabled: prefs.s3EncryptionEnabled,
          cloudWatchLogGroup: prefs.cloudWatchLogGroup,
          cloudWatchEncryptionEnabled: prefs.cloudWatchEncryptionEnabled,
          cloudWatchStreamingEnabled: prefs.cloudWatchStreamingEnabled,
          idleSessionTimeoutMinutes: prefs.idleSessionTimeoutMinutes,
          maxSessionDurationMinutes: prefs.maxSessionDurationMinutes,
          runAs: prefs.runAs,
          shellProfile: prefs.shellProfile,
        }),
      );
      new aws.ssm.Document(
        `${name}-${region}`,
        {
          region,
          name: args.documentName,
          documentType: "Session",
          documentFormat: "JSON",
          content,
          // An import must match the existing document exactly; the console creates it untagged.
          tags: prefs.import ? undefined : ctx.tags,
        },
        {
          parent: this,
          // `name@region`: without the suffix the provider looks in its default Region only.
          import: prefs.import ? `${args.documentName}@${region}` : undefined,
          // An adopted document held the account's preferences before this stack; destroying
          // the stack must not delete them.
          retainOnDelete: prefs.import,
        },
      );
    }

    if (args.instanceRole) {
      // A created bucket's name is known from the account; its key is the Region's session key
      // (keyArns holds one per Region, in the order of the Regions, or none).
      const createdBuckets = (keyArns: string[], accountId: string) =>
        prefs.createBucket
          ? ctx.regions.map((region, i) => ({ name: sessionLogBucketName(ctx.environment, accountId, region), keyArn: keyArns[i] }))
          : undefined;
      const dataAccess = (keyArns: string[], accountId: string) =>
        sessionDataAccessDocument(
          {
            regions: ctx.regions,
            sessionKeyArns: keyArns,
            s3Bucket: prefs.s3Bucket,
            createdBuckets: createdBuckets(keyArns, accountId),
            s3KeyPrefix: prefs.s3KeyPrefix,
            s3EncryptionEnabled: prefs.s3EncryptionEnabled,
            cloudWatchLogGroup: prefs.cloudWatchLogGroup,
          },
          { partition: ctx.partition, accountId },
        );
      // Whether a policy is needed is known before the key ARNs are.
      const needed = dataAccess(sessionKey.kind === "none" ? [] : ["stand-in"], "000000000000") !== undefined;
      if (needed) {
        new aws.iam.RolePolicy(
          `${name}-instance-access`,
          {
            name: "session-data",
            role: args.instanceRole.name,
            policy: pulumi
              .all([this.sessionKeyArns, ctx.accountId])
              .apply(([keyArns, accountId]) => renderCompact(dataAccess(keyArns, accountId)!)),
          },
          { parent: this },
        );
      }
    }

    this.registerOutputs({ sessionKeyArns: this.sessionKeyArns });
  }
}
