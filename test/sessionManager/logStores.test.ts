// Session log stores the stack creates (preferences.s3Bucket / cloudWatchLogGroup with
// `create: true`): the documents that secure them, compared with the AWS pages that define
// them, the instance role's access to them asked of the IAM simulator both ways, the config's
// errors, and the offline plan of a stack that creates them.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { simulate } from "../support/iamSimulator";
import { logGroupKeyPolicy, sessionLogBucketEncryption, sessionLogBucketName, tlsOnlyBucketPolicy } from "../../documents/logStores";
import { sessionDataAccessDocument } from "../../documents/instanceProfile";
import { sessionKeyPolicy } from "../../documents/sessionPreferences";
import type { PolicyDocument } from "../../documents/policyDocument";
import { ConfigError, loadStackConfig } from "../../config/load";
import { readStackFile } from "../../config/stackFile";
import { runPlan } from "../../plan/run";
import { AWS_LOG_GROUP_KEY_STATEMENT, AWS_TLS_ONLY_BUCKET_POLICY } from "./fixtures/logStorePages";

const SCOPE = { partition: "aws", accountId: "111122223333" };
const REGION = "us-east-1";
const BUCKET = sessionLogBucketName("prod", SCOPE.accountId, REGION);
const SESSION_KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_KEY = "arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const INSTANCE_ROLE_ARN = "arn:aws:iam::111122223333:role/ec2-access/ec2-access-prod-session-manager-instance";
const INSTANCE_SESSION = "arn:aws:sts::111122223333:assumed-role/ec2-access-prod-session-manager-instance/i-0598c7d356eba48d7";

describe("session log stores: documents as the AWS pages define them", () => {
  it("the bucket policy is AWS's RestrictToTLSRequestsOnly example for the created bucket", () => {
    const page = JSON.parse(AWS_TLS_ONLY_BUCKET_POLICY.replaceAll("amzn-s3-demo-bucket", BUCKET));
    assert.deepEqual(tlsOnlyBucketPolicy("aws", BUCKET), page);
  });

  it("the log group key lets CloudWatch Logs of the Region use it for that group only, as the CloudWatch Logs page's ArnEquals statement", () => {
    const page = JSON.parse(
      AWS_LOG_GROUP_KEY_STATEMENT.replaceAll("REGION", REGION)
        .replaceAll("ACCOUNT_ID", SCOPE.accountId)
        .replaceAll("LOG_GROUP_NAME", "/ssm/sessions/prod"),
    );
    const policy = logGroupKeyPolicy(SCOPE, REGION, "/ssm/sessions/prod");
    const { Sid: _sid, ...logs } = policy.Statement[1];
    assert.deepEqual(logs, page);
    // And the account keeps governing the key through IAM, as AWS's default key policy does.
    assert.deepEqual(policy.Statement[0], {
      Sid: "AccountIamPolicies",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "kms:*",
      Resource: "*",
    });
  });

  it("the China partition's CloudWatch Logs principal ends in amazonaws.com.cn", () => {
    const policy = logGroupKeyPolicy({ partition: "aws-cn", accountId: "111122223333" }, "cn-north-1", "/ssm/sessions");
    assert.deepEqual(policy.Statement[1].Principal, { Service: "logs.cn-north-1.amazonaws.com.cn" });
  });

  it("encrypts with the session key when there is one (SSE-KMS, bucket key), else SSE-S3", () => {
    assert.deepEqual(sessionLogBucketEncryption(SESSION_KEY), {
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: SESSION_KEY,
      bucketKeyEnabled: true,
    });
    assert.deepEqual(sessionLogBucketEncryption(undefined), { sseAlgorithm: "AES256" });
  });

  it("bucket names fit S3's 63 characters for the longest environment and Region", () => {
    const name = sessionLogBucketName("a".repeat(20), "111122223333", "ap-southeast-2");
    assert.ok(name.length <= 63, `${name} has ${name.length} characters`);
    assert.match(name, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
  });
});

describe("session log stores: the instance role writes the created stores, nothing else (IAM simulator)", () => {
  const role = sessionDataAccessDocument(
    {
      regions: [REGION],
      sessionKeyArns: [SESSION_KEY],
      createdBuckets: [{ name: BUCKET, keyArn: SESSION_KEY }],
      s3KeyPrefix: "sessions/",
      s3EncryptionEnabled: true,
      cloudWatchLogGroup: "/ssm/sessions/prod",
    },
    SCOPE,
  ) as PolicyDocument;
  const bucketPolicy = tlsOnlyBucketPolicy("aws", BUCKET);
  const object = `arn:aws:s3:::${BUCKET}/sessions/alice-0a1b2c3d4e5f67890.log`;
  const put = (identityPolicies: PolicyDocument[], resource: string, secure: "true" | "false", principalArn = INSTANCE_SESSION) =>
    simulate({
      identityPolicies,
      action: "s3:PutObject",
      resource,
      principalArn,
      resourcePolicy: bucketPolicy,
      resourceAccountId: SCOPE.accountId,
      context: { "aws:SecureTransport": secure },
    });

  it("writes session logs over TLS under the prefix", async () => {
    assert.equal(await put([role], object, "true"), "Allowed");
  });

  it("is refused over plain HTTP by the bucket policy's explicit deny, whatever IAM allows", async () => {
    assert.equal(await put([role], object, "false"), "ExplicitlyDenied");
    const admin: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };
    assert.equal(await put([admin], object, "false", "arn:aws:iam::111122223333:user/admin"), "ExplicitlyDenied");
  });

  it("writes nowhere else, and no other principal writes without its own grant", async () => {
    assert.equal(await put([role], `arn:aws:s3:::${BUCKET}/other/x.log`, "true"), "ImplicitlyDenied");
    assert.equal(
      await put([role], `arn:aws:s3:::${sessionLogBucketName("prod", SCOPE.accountId, "eu-west-1")}/sessions/x.log`, "true"),
      "ImplicitlyDenied",
    );
    assert.equal(await put([], object, "true", "arn:aws:iam::111122223333:user/alice"), "ImplicitlyDenied");
  });

  it("generates data keys with the session key through S3 only, with no other key", async () => {
    const kms = (resource: string, via?: string) =>
      simulate({
        identityPolicies: [role],
        action: "kms:GenerateDataKey",
        resource,
        principalArn: INSTANCE_SESSION,
        resourcePolicy: sessionKeyPolicy(SCOPE, INSTANCE_ROLE_ARN),
        context: via ? { "kms:ViaService": via } : undefined,
      });
    assert.equal(await kms(SESSION_KEY, "s3.us-east-1.amazonaws.com"), "Allowed");
    assert.equal(await kms(SESSION_KEY), "ImplicitlyDenied");
    assert.equal(await kms(OTHER_KEY, "s3.us-east-1.amazonaws.com"), "ImplicitlyDenied");
  });

  it("a bucket the stack created with SSE-S3 needs no key permission at all", () => {
    const doc = sessionDataAccessDocument(
      { regions: [REGION], sessionKeyArns: [], createdBuckets: [{ name: BUCKET }], s3EncryptionEnabled: true },
      SCOPE,
    )!;
    assert.deepEqual(
      doc.Statement.map((s) => s.Action),
      ["s3:PutObject", "s3:GetEncryptionConfiguration"],
    );
  });
});

describe("session log stores: configuration", () => {
  const load = (preferences: unknown) =>
    loadStackConfig(
      { "aws:region": REGION, "ec2-access:environment": "prod", "ec2-access:sessionManager": JSON.stringify({ preferences }) },
      "prod",
    );
  const problems = (preferences: unknown) => {
    try {
      load(preferences);
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    return [];
  };

  it("a created bucket and group read as what the program creates; encryption and streaming default on", () => {
    const prefs = load({
      s3Bucket: { create: true, expireAfterDays: 365 },
      cloudWatchLogGroup: { create: true, name: "/ssm/sessions", retentionDays: 365 },
    }).sessionManager!.preferences!;
    assert.deepEqual(
      {
        s3Bucket: prefs.s3Bucket,
        createBucket: prefs.createBucket,
        cloudWatchLogGroup: prefs.cloudWatchLogGroup,
        createLogGroup: prefs.createLogGroup,
      },
      {
        s3Bucket: undefined,
        createBucket: { create: true, expireAfterDays: 365 },
        cloudWatchLogGroup: "/ssm/sessions",
        createLogGroup: { create: true, name: "/ssm/sessions", retentionDays: 365 },
      },
    );
    assert.deepEqual([prefs.s3EncryptionEnabled, prefs.cloudWatchEncryptionEnabled, prefs.cloudWatchStreamingEnabled], [true, true, true]);
  });

  it("names the key, the value and what is expected", () => {
    assert.deepEqual(problems({ s3Bucket: { create: true, expireAfterDays: 0 } }), [
      "ec2-access:sessionManager.preferences.s3Bucket.expireAfterDays: got 0; expected a whole number of days, at least 1 (S3 lifecycle Expiration.Days)",
    ]);
    assert.deepEqual(problems({ cloudWatchLogGroup: { create: true, name: "/ssm/sessions", retentionDays: 10 } }), [
      "ec2-access:sessionManager.preferences.cloudWatchLogGroup.retentionDays: got 10; expected one of the retention periods CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days",
    ]);
    assert.deepEqual(problems({ s3Bucket: { create: false, expireAfterDays: 3 } }), [
      'ec2-access:sessionManager.preferences.s3Bucket: got {"create":false,"expireAfterDays":3}; expected an S3 bucket name (3-63 of a-z 0-9 . -) or { create: true, expireAfterDays: N }',
    ]);
  });
});

describe("session log stores: the offline plan of a stack that creates them", function () {
  this.timeout(120_000);
  const ROOT = path.resolve(__dirname, "..", "..", "..");

  it("registers the secured stores in each Region and points the preferences at them", async () => {
    const file = readStackFile(path.join(ROOT, "Pulumi.dev.yaml"));
    const sm = structuredClone(file.raw["ec2-access:sessionManager"]) as { preferences: Record<string, unknown> };
    sm.preferences.s3Bucket = { create: true, expireAfterDays: 400 };
    sm.preferences.s3KeyPrefix = "sessions/";
    sm.preferences.cloudWatchLogGroup = { create: true, name: "/ssm/sessions/dev", retentionDays: 365 };
    const policyConfig = JSON.parse(fs.readFileSync(path.join(ROOT, "policypack", "config", "dev.json"), "utf8"));
    const { plan } = await runPlan({
      stack: "dev",
      policyConfig,
      config: { ...file.raw, "ec2-access:sessionManager": sm, "ec2-access:regions": ["us-east-1", "eu-west-1"] },
    });
    const of = (type: string) => plan.resources.filter((r) => r.type === type);
    for (const region of ["us-east-1", "eu-west-1"]) {
      const bucket = `ec2-access-dev-111122223333-${region}`;
      const inputsOf = (type: string) => of(type).find((r) => r.inputs.bucket === bucket)?.inputs;
      assert.deepEqual(inputsOf("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"), {
        region,
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      assert.deepEqual(inputsOf("aws:s3/bucketOwnershipControls:BucketOwnershipControls")?.rule, {
        objectOwnership: "BucketOwnerEnforced",
      });
      assert.deepEqual(inputsOf("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")?.rules, [
        { id: "expire-session-logs", status: "Enabled", filter: {}, expiration: { days: 400 } },
      ]);
      assert.deepEqual(JSON.parse(inputsOf("aws:s3/bucketPolicy:BucketPolicy")?.policy as string), tlsOnlyBucketPolicy("aws", bucket));
      const sessionKey = of("aws:kms/key:Key").find(
        (k) => k.inputs.region === region && String(k.inputs.description).startsWith("Encrypts Session Manager session data"),
      );
      const sse = (
        inputsOf("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")?.rules as {
          applyServerSideEncryptionByDefault: { kmsMasterKeyId: string };
        }[]
      )[0];
      assert.equal(
        sse.applyServerSideEncryptionByDefault.kmsMasterKeyId,
        sessionKey?.outputs?.arn,
        "the bucket encrypts with the Region's session key",
      );
      const group = of("aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.region === region);
      assert.equal(group?.inputs.retentionInDays, 365);
      const groupKey = of("aws:kms/key:Key").find((k) => k.outputs?.arn === group?.inputs.kmsKeyId);
      assert.deepEqual(JSON.parse(groupKey?.inputs.policy as string), logGroupKeyPolicy(SCOPE, region, "/ssm/sessions/dev"));
      const prefs = of("aws:ssm/document:Document").find((d) => d.inputs.region === region && d.inputs.documentType === "Session");
      const inputs = JSON.parse(prefs?.inputs.content as string).inputs;
      assert.deepEqual([inputs.s3BucketName, inputs.cloudWatchLogGroupName], [bucket, "/ssm/sessions/dev"]);
    }
    const rolePolicy = JSON.parse(
      of("aws:iam/rolePolicy:RolePolicy").find((r) => r.inputs.name === "session-data")?.inputs.policy as string,
    );
    const put = rolePolicy.Statement.find((s: { Action: string }) => s.Action === "s3:PutObject");
    assert.deepEqual(put.Resource, [
      "arn:aws:s3:::ec2-access-dev-111122223333-us-east-1/sessions/*",
      "arn:aws:s3:::ec2-access-dev-111122223333-eu-west-1/sessions/*",
    ]);
    assert.deepEqual(
      plan.violations.filter((v) => v.enforcementLevel === "mandatory"),
      [],
    );
  });
});
