import assert from "node:assert/strict";
import type { PreferencesOwner } from "../../documents/sessionPreferences";
import { preferencesOwnershipConflicts, sessionKeyChoice } from "../../documents/sessionPreferences";
import type { SessionDataAccessSpec } from "../../documents/instanceProfile";
import { sessionDataAccessDocument } from "../../documents/instanceProfile";

const owner = (stack: string, over: Partial<PreferencesOwner> = {}): PreferencesOwner => ({
  stack,
  accountId: "111122223333",
  regions: ["us-east-1"],
  managesPreferences: true,
  document: "SSM-SessionManagerRunShell",
  ...over,
});

describe("sessionPreferences: one owner per account, Region and document", () => {
  it("reports two stacks of one account and Region that both manage the document", () => {
    assert.deepEqual(preferencesOwnershipConflicts([owner("dev", { regions: ["us-east-1", "eu-west-1"] }), owner("staging")]), [
      "stacks dev, staging all manage the Session Manager preferences document SSM-SessionManagerRunShell in account 111122223333, us-east-1: " +
        "it exists once per account and Region; keep ec2-access:sessionManager.preferences in one of them only",
    ]);
  });

  it("accepts other accounts, other Regions, other documents, and stacks that only grant access", () => {
    assert.deepEqual(
      preferencesOwnershipConflicts([
        owner("dev"),
        owner("prod", { accountId: "444455556666" }),
        owner("eu", { regions: ["eu-west-1"] }),
        owner("custom", { document: "Team-Preferences" }),
        owner("grants-only", { managesPreferences: false }),
        owner("unknown-account", { accountId: undefined }),
      ]),
      [],
    );
  });
});

describe("sessionPreferences: the session key of each Region", () => {
  const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const MRK = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";

  it("uses a given key in its own Region", () => {
    assert.deepEqual(sessionKeyChoice(KEY, ["us-east-1"]), { choice: { kind: "given", arnByRegion: { "us-east-1": KEY } }, problems: [] });
  });

  it("uses each Region's replica of a multi-Region key", () => {
    assert.deepEqual(sessionKeyChoice(MRK, ["us-east-1", "eu-west-1"]).choice, {
      kind: "given",
      arnByRegion: { "us-east-1": MRK, "eu-west-1": "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab" },
    });
  });

  it("refuses a single-Region key for another Region, naming the key path and the fix", () => {
    const { choice, problems } = sessionKeyChoice(KEY, ["us-east-1", "eu-west-1"]);
    assert.equal(choice, undefined);
    assert.deepEqual(problems, [
      `ec2-access:sessionManager.preferences.kmsKey: got a key in us-east-1; expected a key in each of the stack's Regions ["us-east-1","eu-west-1"] ` +
        "(a session key must be in the session's Region): use create, or a multi-Region key (key/mrk-...) replicated to each Region",
    ]);
  });
});

describe("instanceProfile: the instance role's permissions for the preferences", () => {
  const scope = { partition: "aws", accountId: "111122223333" };
  const none: SessionDataAccessSpec = { regions: ["us-east-1"], sessionKeyArns: [], s3EncryptionEnabled: false };

  it("is nothing when the preferences need nothing", () => {
    assert.equal(sessionDataAccessDocument(none, scope), undefined);
  });

  it("writes to the bucket's whole key space without a prefix, and skips the encryption check when S3 encryption is off", () => {
    assert.deepEqual(sessionDataAccessDocument({ ...none, s3Bucket: "logs" }, scope)?.Statement, [
      { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::logs/*" },
      // A bucket whose default encryption is SSE-KMS needs it whatever s3EncryptionEnabled says.
      {
        Effect: "Allow",
        Action: "kms:GenerateDataKey",
        Resource: "arn:aws:kms:*:*:key/*",
        Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
      },
    ]);
  });

  it("scopes the log streams to the group in each Region, in the stack's partition", () => {
    const doc = sessionDataAccessDocument(
      { ...none, regions: ["cn-north-1", "cn-northwest-1"], cloudWatchLogGroup: "/ssm/sessions" },
      { partition: "aws-cn", accountId: "111122223333" },
    );
    assert.deepEqual(doc?.Statement, [
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [
          "arn:aws-cn:logs:cn-north-1:111122223333:log-group:/ssm/sessions:*",
          "arn:aws-cn:logs:cn-northwest-1:111122223333:log-group:/ssm/sessions:*",
        ],
      },
      { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    ]);
  });
});
