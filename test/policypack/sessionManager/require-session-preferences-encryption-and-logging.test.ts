import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { requireSessionPreferencesEncryptionAndLogging as rule } from "../../../policypack/rules/sessionManager/require-session-preferences-encryption-and-logging";
import { sessionPreferencesContent } from "../../../documents/sessionPreferences";
import { UnknownValueError, assertMetadata, runRule, unknown } from "../support";
import { KEY_ARN, goodInputs, preferencesProps } from "./fixtures";

const run = (props: Record<string, unknown>, config?: Record<string, unknown>) => runRule(rule, aws.ssm.Document, props, { config });
const P = "Session preferences document";
const NO_KEY = `${P}: inputs.kmsKeyId is not set, so session data is not encrypted with a KMS key. Set kmsKeyId to a KMS key in the session's Region and grant users kms:GenerateDataKey on it.`;
const NO_LOGS = `${P}: neither inputs.s3BucketName nor inputs.cloudWatchLogGroupName is set, so sessions are not logged. Set one of them (with s3EncryptionEnabled or cloudWatchEncryptionEnabled true).`;
const S3_PLAIN = `${P}: inputs.s3BucketName is set but inputs.s3EncryptionEnabled is not true, so session logs may go to an unencrypted bucket. Set s3EncryptionEnabled to true and enable default encryption on the bucket.`;
const CW_PLAIN = `${P}: inputs.cloudWatchLogGroupName is set but inputs.cloudWatchEncryptionEnabled is not true, so session logs may go to an unencrypted log group. Set cloudWatchEncryptionEnabled to true and give the log group a KMS key.`;
const unreadable = (reason: string) =>
  `${P} cannot be checked for encryption and logging: ${reason}. Write the preferences as a JSON (or plain YAML) object with sessionType "Standard_Stream" and an inputs object.`;

describe("require-session-preferences-encryption-and-logging", () => {
  it("has its metadata", () => {
    assertMetadata(rule, {
      name: "require-session-preferences-encryption-and-logging",
      severity: "high",
      enforcementLevel: "mandatory",
      configKeys: ["requireKmsEncryption", "requireLogging"],
    });
  });

  it("passes encrypted, logged preferences (JSON, and the program's own builder)", async () => {
    assert.deepEqual(await run(preferencesProps(goodInputs())), []);
    const built = sessionPreferencesContent({
      kmsKeyId: KEY_ARN,
      cloudWatchLogGroup: "/ssm/sessions",
      s3EncryptionEnabled: false,
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      idleSessionTimeoutMinutes: 20,
      runAs: { enabled: false, defaultUser: "" },
      shellProfile: { linux: "", windows: "" },
    });
    assert.deepEqual(await run({ name: "SSM-SessionManagerRunShell", documentType: "Session", content: built }), []);
  });

  it("passes the same preferences written as YAML", async () => {
    const yaml = [
      "schemaVersion: '1.0'",
      "description: Document to hold regional settings for Session Manager # a comment",
      "sessionType: Standard_Stream",
      "inputs:",
      "  s3BucketName: ''",
      "  cloudWatchLogGroupName: /ssm/sessions",
      "  cloudWatchEncryptionEnabled: true",
      `  kmsKeyId: "${KEY_ARN}"`,
      "  idleSessionTimeout: '15'",
      "  shellProfile:",
      "    linux: |",
      "      cd $HOME",
      "      exec bash",
      "    windows: ''",
    ].join("\n");
    assert.deepEqual(await run({ documentType: "Session", documentFormat: "YAML", content: yaml }), []);
  });

  it("flags missing KMS key and missing logging", async () => {
    assert.deepEqual(await run(preferencesProps({})), [NO_KEY, NO_LOGS]);
    assert.deepEqual(await run(preferencesProps({ ...goodInputs(), kmsKeyId: "  " })), [NO_KEY]);
    assert.deepEqual(await run(preferencesProps({ ...goodInputs(), s3BucketName: "", cloudWatchLogGroupName: "" })), [NO_LOGS]);
  });

  it("flags a log destination without its encryption flag", async () => {
    assert.deepEqual(await run(preferencesProps({ ...goodInputs(), s3EncryptionEnabled: false })), [S3_PLAIN]);
    assert.deepEqual(await run(preferencesProps({ ...goodInputs(), cloudWatchEncryptionEnabled: "false" })), [CW_PLAIN]);
    const { cloudWatchEncryptionEnabled: _omitted, ...withoutFlag } = goodInputs();
    void _omitted;
    assert.deepEqual(await run(preferencesProps(withoutFlag)), [CW_PLAIN]);
    // "true" as a string is what templates render; it counts.
    assert.deepEqual(
      await run(preferencesProps({ ...goodInputs(), s3EncryptionEnabled: "true", cloudWatchEncryptionEnabled: "TRUE" })),
      [],
    );
  });

  it("follows its config", async () => {
    assert.deepEqual(await run(preferencesProps({}), { requireKmsEncryption: false }), [NO_LOGS]);
    assert.deepEqual(await run(preferencesProps({}), { requireLogging: false }), [NO_KEY]);
    assert.deepEqual(
      await run(preferencesProps({}), { requireKmsEncryption: "no" }),
      [NO_KEY, NO_LOGS],
      "a wrong type falls back to the default",
    );
  });

  it("says when it cannot read the document", async () => {
    assert.deepEqual(await run({ documentType: "Session", content: "{not json" }), [
      unreadable("its content is not valid JSON (documentFormat is JSON)"),
    ]);
    assert.deepEqual(await run({ documentType: "Session" }), [unreadable("its content is missing or not a string")]);
    assert.deepEqual(await run({ documentType: "Session", content: "[1]" }), [unreadable("its content is not an object")]);
    assert.deepEqual(await run({ documentType: "Session", content: '{"sessionType":"Standard_Stream","inputs":[]}' }), [
      unreadable("its inputs element is not an object"),
    ]);
    assert.deepEqual(await run({ documentType: "Session", documentFormat: "TEXT", content: "x" }), [
      unreadable('its documentFormat "TEXT" cannot hold session preferences (use JSON or YAML)'),
    ]);
    assert.deepEqual(await run({ documentType: "Session", documentFormat: "YAML", content: "a: &x 1\nb: *x" }), [
      unreadable("its YAML content could not be read (anchors, tags and multi-line flow collections are not supported; JSON always is)"),
    ]);
  });

  it("leaves other documents alone: other types, and Session documents of other session types", async () => {
    assert.deepEqual(await run({ documentType: "Command", content: "{}" }), []);
    assert.deepEqual(await run({ content: "{}" }), []);
    assert.deepEqual(
      await run({ documentType: "Session", content: JSON.stringify({ schemaVersion: "1.0", sessionType: "Port", properties: {} }) }),
      [],
    );
    assert.deepEqual(await run({ documentType: "session", content: "{}" }), [], "the API's enum is case-sensitive: not a Session document");
  });

  it("raises the engine's UnknownValueError when the content is unknown during preview", async () => {
    await assert.rejects(run({ documentType: "Session", content: unknown.string }), (e: unknown) => e instanceof UnknownValueError);
  });
});
