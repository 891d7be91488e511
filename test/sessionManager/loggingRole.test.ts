// The managed instances' role writes every session log the preferences ask for, as AWS's page
// "Create a custom IAM role for Session Manager" (permissions for S3 and CloudWatch Logs)
// grants it: PutObject and GetEncryptionConfiguration, kms:GenerateDataKey for SSE-KMS buckets,
// CreateLogStream/PutLogEvents, DescribeLogGroups and DescribeLogStreams. Asked of the IAM
// simulator for each logging form, allowed and denied.
import assert from "node:assert/strict";
import { simulate } from "../support/iamSimulator";
import type { SessionDataAccessSpec } from "../../documents/instanceProfile";
import { sessionDataAccessDocument } from "../../documents/instanceProfile";
import { osPasswordKeyPolicy } from "../../documents/osPassword";
import type { PolicyDocument } from "../../documents/policyDocument";

const SCOPE = { partition: "aws", accountId: "111122223333" };
const INSTANCE_ROLE = "arn:aws:sts::111122223333:assumed-role/ec2-access-prod-session-manager-instance/i-0598c7d356eba48d7";
const BUCKET = "arn:aws:s3:::example-prod-session-logs";
/** The bucket's own SSE-KMS key: not the stack's, and unknown to it. */
const BUCKET_KEY = "arn:aws:kms:us-east-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
/** AWS's default key policy: the account delegates to IAM. */
const DEFAULT_KEY_POLICY = osPasswordKeyPolicy(SCOPE);
const GROUP = (name: string) => `arn:aws:logs:us-east-1:111122223333:log-group:${name}`;

const base: SessionDataAccessSpec = { regions: ["us-east-1"], sessionKeyArns: [], s3EncryptionEnabled: false };
const FORMS: Record<string, SessionDataAccessSpec> = {
  s3: { ...base, s3Bucket: "example-prod-session-logs", s3KeyPrefix: "sessions/" },
  "s3 with SSE-KMS": { ...base, s3Bucket: "example-prod-session-logs", s3KeyPrefix: "sessions/", s3EncryptionEnabled: true },
  cloudwatch: { ...base, cloudWatchLogGroup: "/ssm/sessions/prod" },
  "cloudwatch encrypted": { ...base, cloudWatchLogGroup: "/ssm/sessions/prod" },
};

function role(spec: SessionDataAccessSpec): PolicyDocument {
  const doc = sessionDataAccessDocument(spec, SCOPE);
  assert.ok(doc, "the preferences need a role policy");
  return doc;
}

const ask = (doc: PolicyDocument, action: string, resource: string, context?: Record<string, string>) =>
  simulate({
    identityPolicies: [doc],
    action,
    resource,
    principalArn: INSTANCE_ROLE,
    context,
    resourcePolicy: resource.startsWith("arn:aws:kms:") ? DEFAULT_KEY_POLICY : undefined,
  });

describe("instance role: session logs to S3", () => {
  for (const form of ["s3", "s3 with SSE-KMS"]) {
    const doc = role(FORMS[form]);
    it(`${form}: writes objects under the prefix only, and reads the bucket's encryption`, async () => {
      assert.equal(await ask(doc, "s3:PutObject", `${BUCKET}/sessions/alice-0a1b2c3d4e5f67890.log`), "Allowed");
      assert.equal(await ask(doc, "s3:PutObject", `${BUCKET}/other/x.log`), "ImplicitlyDenied");
      assert.equal(await ask(doc, "s3:PutObject", "arn:aws:s3:::another-bucket/sessions/x.log"), "ImplicitlyDenied");
      assert.equal(await ask(doc, "s3:GetObject", `${BUCKET}/sessions/alice-0a1b2c3d4e5f67890.log`), "ImplicitlyDenied");
      assert.equal(
        await ask(doc, "s3:GetEncryptionConfiguration", BUCKET),
        FORMS[form].s3EncryptionEnabled ? "Allowed" : "ImplicitlyDenied",
      );
    });

    it(`${form}: generates data keys through S3 only (SSE-KMS buckets)`, async () => {
      assert.equal(await ask(doc, "kms:GenerateDataKey", BUCKET_KEY, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }), "Allowed");
      assert.equal(await ask(doc, "kms:GenerateDataKey", BUCKET_KEY), "ImplicitlyDenied", "not through S3");
      assert.equal(
        await ask(doc, "kms:GenerateDataKey", BUCKET_KEY, { "kms:ViaService": "ssm.us-east-1.amazonaws.com" }),
        "ImplicitlyDenied",
      );
      assert.equal(await ask(doc, "kms:Decrypt", BUCKET_KEY, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }), "ImplicitlyDenied");
    });
  }
});

describe("instance role: session logs to CloudWatch Logs", () => {
  for (const form of ["cloudwatch", "cloudwatch encrypted"]) {
    const doc = role(FORMS[form]);
    it(`${form}: creates, finds and writes streams of the session log group only`, async () => {
      const stream = `${GROUP("/ssm/sessions/prod")}:log-stream:alice-0a1b2c3d4e5f67890`;
      assert.equal(await ask(doc, "logs:CreateLogStream", stream), "Allowed");
      assert.equal(await ask(doc, "logs:PutLogEvents", stream), "Allowed");
      assert.equal(await ask(doc, "logs:DescribeLogStreams", `${GROUP("/ssm/sessions/prod")}:*`), "Allowed");
      assert.equal(await ask(doc, "logs:DescribeLogStreams", `${GROUP("/app/secrets")}:*`), "ImplicitlyDenied");
      assert.equal(await ask(doc, "logs:PutLogEvents", `${GROUP("/app/secrets")}:log-stream:x`), "ImplicitlyDenied");
      assert.equal(await ask(doc, "logs:GetLogEvents", stream), "ImplicitlyDenied");
    });

    it(`${form}: checks the group's encryption (DescribeLogGroups supports no resource)`, async () => {
      assert.equal(await ask(doc, "logs:DescribeLogGroups", "*"), "Allowed");
    });
  }
});
