// Session documents per grant (`grants[].documents`) and the CLI-only client, against AWS's
// pages (test/fixtures/aws-pages/004-008) and the IAM simulator, in both directions.
import assert from "node:assert/strict";
import { sessionGrantDocument } from "../../documents/sessionManager";
import type { ArnScope } from "../../documents/arn";
import type { PolicyDocument } from "../../documents/policyDocument";
import { AWS_SESSION_DOCUMENTS } from "../../model/awsNames";
import { awsPage } from "../support/awsPages";
import { simulate } from "../support/iamSimulator";
import { sessionKeyPolicy } from "../../documents/sessionPreferences";
import { SEED_ACCOUNT, SEED_INSTANCE, SEED_KEY, SEED_REGION, seedPolicy } from "./quickstartSeed";
import { sessionGrantSpec as grant } from "./grantSpec";

const SCOPE: ArnScope = { partition: "aws", accountId: "111122223333" };
const INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7";
const OTHER_INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0";
const awsDocument = (name: string, region = "us-east-1") => `arn:aws:ssm:${region}::document/${name}`;
const accountDocument = (name: string, account = "111122223333") => `arn:aws:ssm:us-east-1:${account}:document/${name}`;
const SHELL = accountDocument("SSM-SessionManagerRunShell");
const CHECKED = { "ssm:SessionDocumentAccessCheck": "true" };
const UNCHECKED = { "ssm:SessionDocumentAccessCheck": "false" };

const decide = (doc: PolicyDocument, action: string, resource: string, context?: Record<string, string>) =>
  simulate({ identityPolicies: [doc], action, resource, context });

/** The JSON blocks of a guide page (005-008 are the guide's Markdown sources). */
function jsonBlocks(page: string): unknown[] {
  return [...awsPage(page).matchAll(/```\n\s*(\{[\s\S]*?\})\s*\n\s*```/g)].map((m) => JSON.parse(m[1]));
}

describe("sessionManager: the AWS session documents a grant may name", () => {
  it("every one is named by an AWS page as the --document-name of aws ssm start-session", () => {
    const pages = ["005_session-manager-ssh-connections.md", "007_session-manager-start-session.md", "008_managed-node-password-reset.md"]
      .map(awsPage)
      .join("\n");
    const named = new Set([...pages.matchAll(/--document-name "?(AWS-[A-Za-z0-9_.-]+)"?/g)].map((m) => m[1]));
    assert.deepEqual([...AWS_SESSION_DOCUMENTS].sort(), [...named].sort());
  });

  it("the document access check is the condition page 006 gives, on every StartSession statement", () => {
    const page = awsPage("006_session-document-access-check.md");
    const condition = JSON.parse(`{${/```\n("Condition": \{[\s\S]*?\n\})\n```/.exec(page)![1]}}`).Condition;
    const doc = sessionGrantDocument(
      grant({ sessionDocuments: ["AWS-StartSSHSession"], target: { kind: "tags", tags: { Team: ["data"] } } }),
      SCOPE,
    );
    const starts = doc.Statement.filter((s) => [s.Action].flat().includes("ssm:StartSession"));
    assert.equal(starts.length, 2);
    for (const s of starts) assert.deepEqual(s.Condition?.BoolIfExists, condition.BoolIfExists);
  });
});

describe("sessionManager: grants[].documents, the exact document", () => {
  it("names each AWS-owned document with an empty account and each custom one with the account, in every Region", () => {
    const doc = sessionGrantDocument(
      grant({ regions: ["us-east-1", "eu-west-1"], sessionDocuments: ["AWS-StartPortForwardingSessionToRemoteHost", "Team-RunShell"] }),
      SCOPE,
    );
    assert.deepEqual(doc.Statement[0], {
      Effect: "Allow",
      Action: "ssm:StartSession",
      Resource: [
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
        "arn:aws:ec2:eu-west-1:111122223333:instance/i-0598c7d356eba48d7",
        "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSessionToRemoteHost",
        "arn:aws:ssm:us-east-1:111122223333:document/Team-RunShell",
        "arn:aws:ssm:eu-west-1::document/AWS-StartPortForwardingSessionToRemoteHost",
        "arn:aws:ssm:eu-west-1:111122223333:document/Team-RunShell",
      ],
      Condition: { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
    });
  });

  it("a tag target keeps the documents in a statement of their own (documents carry no instance tags)", () => {
    const doc = sessionGrantDocument(
      grant({ target: { kind: "tags", tags: { Team: ["data"] } }, sessionDocuments: ["AWS-StartSSHSession"] }),
      SCOPE,
    );
    assert.deepEqual(doc.Statement.slice(0, 2), [
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*",
        Condition: { StringLike: { "ssm:resourceTag/Team": "data" }, BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
      },
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession",
        Condition: { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
      },
    ]);
  });

  it("an administrator that lists documents gets them under the check; the preferences rights stay on the section's document", () => {
    const doc = sessionGrantDocument(grant({ role: "admin", sessionDocuments: ["AWS-StartSSHSession"] }), SCOPE);
    assert.deepEqual(doc.Statement[0].Resource, [INSTANCE, awsDocument("AWS-StartSSHSession")]);
    assert.deepEqual(doc.Statement[0].Condition, { BoolIfExists: CHECKED });
    const prefs = doc.Statement.find((s) => [s.Action].flat().includes("ssm:UpdateDocument"));
    assert.equal(prefs?.Resource, SHELL);
  });
});

describe("sessionManager: grants[].documents, simulated both ways", () => {
  const tunnels = sessionGrantDocument(
    grant({ sessionDocuments: ["AWS-StartPortForwardingSessionToRemoteHost", "AWS-StartSSHSession"] }),
    SCOPE,
  );
  const byTag = sessionGrantDocument(
    grant({
      target: { kind: "tags", tags: { Team: ["data"] } },
      sessionDocuments: ["AWS-StartPortForwardingSessionToRemoteHost", "Team-RunShell"],
    }),
    SCOPE,
  );

  it("reaches each listed document and the granted instance, with the check on", async () => {
    assert.equal(await decide(tunnels, "ssm:StartSession", awsDocument("AWS-StartPortForwardingSessionToRemoteHost"), CHECKED), "Allowed");
    assert.equal(await decide(tunnels, "ssm:StartSession", awsDocument("AWS-StartSSHSession"), CHECKED), "Allowed");
    assert.equal(await decide(tunnels, "ssm:StartSession", INSTANCE, CHECKED), "Allowed");
    assert.equal(await decide(byTag, "ssm:StartSession", accountDocument("Team-RunShell"), CHECKED), "Allowed");
    assert.equal(await decide(byTag, "ssm:StartSession", INSTANCE, { ...CHECKED, "ssm:resourceTag/Team": "data" }), "Allowed");
  });

  it("reaches no other document: not the default shell, not another AWS document, not the same name in another account or Region", async () => {
    for (const doc of [tunnels, byTag]) {
      assert.equal(await decide(doc, "ssm:StartSession", SHELL, CHECKED), "ImplicitlyDenied");
      assert.equal(await decide(doc, "ssm:StartSession", awsDocument("AWS-StartPortForwardingSession"), CHECKED), "ImplicitlyDenied");
      assert.equal(await decide(doc, "ssm:StartSession", awsDocument("AWS-PasswordReset"), CHECKED), "ImplicitlyDenied");
      assert.equal(
        await decide(doc, "ssm:StartSession", awsDocument("AWS-StartPortForwardingSessionToRemoteHost", "eu-west-1"), CHECKED),
        "ImplicitlyDenied",
      );
    }
    assert.equal(await decide(tunnels, "ssm:StartSession", accountDocument("AWS-StartSSHSession"), CHECKED), "ImplicitlyDenied");
    assert.equal(await decide(byTag, "ssm:StartSession", accountDocument("Team-RunShell", "444455556666"), CHECKED), "ImplicitlyDenied");
  });

  it("reaches nothing with the check turned off, and no other instance", async () => {
    assert.equal(await decide(tunnels, "ssm:StartSession", awsDocument("AWS-StartSSHSession"), UNCHECKED), "ImplicitlyDenied");
    assert.equal(await decide(tunnels, "ssm:StartSession", INSTANCE, UNCHECKED), "ImplicitlyDenied");
    assert.equal(await decide(tunnels, "ssm:StartSession", OTHER_INSTANCE, CHECKED), "ImplicitlyDenied");
    assert.equal(await decide(byTag, "ssm:StartSession", INSTANCE, { ...CHECKED, "ssm:resourceTag/Team": "web" }), "ImplicitlyDenied");
  });

  it("allows on the SSH document what page 005's statement allows, and unlike it refuses the check turned off", async () => {
    const page = jsonBlocks("005_session-manager-ssh-connections.md")[0] as PolicyDocument;
    const ssh = sessionGrantDocument(grant({ sessionDocuments: ["AWS-StartSSHSession"] }), SCOPE);
    assert.equal(await decide(page, "ssm:StartSession", awsDocument("AWS-StartSSHSession"), CHECKED), "Allowed");
    assert.equal(await decide(ssh, "ssm:StartSession", awsDocument("AWS-StartSSHSession"), CHECKED), "Allowed");
    assert.equal(await decide(page, "ssm:StartSession", awsDocument("AWS-StartSSHSession"), UNCHECKED), "Allowed");
    assert.equal(await decide(ssh, "ssm:StartSession", awsDocument("AWS-StartSSHSession"), UNCHECKED), "ImplicitlyDenied");
  });
});

describe("sessionManager: clients: [cli]", () => {
  it("is the page's Session Manager and CLI tab without the console's describe statement", () => {
    const page = seedPolicy("user-session-manager");
    const cli = sessionGrantDocument(
      grant({
        clients: ["cli"],
        target: { kind: "instanceIds", instanceIds: [SEED_INSTANCE] },
        regions: [SEED_REGION],
        sessionKeyArns: [SEED_KEY],
        options: { anyRegionAndAccount: true, terminateOnly: true, sendCommandWithStartSession: true },
      }),
      { partition: "aws", accountId: SEED_ACCOUNT },
    );
    const describe = page.Statement[1];
    assert.deepEqual(describe.Action, [
      "ssm:DescribeSessions",
      "ssm:GetConnectionStatus",
      "ssm:DescribeInstanceProperties",
      "ec2:DescribeInstances",
    ]);
    assert.deepEqual(cli, { ...page, Statement: page.Statement.filter((s) => s !== describe) });
  });

  const cli = sessionGrantDocument(
    grant({ clients: ["cli"], sessionKeyArns: ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"] }),
    SCOPE,
  );

  it("allows StartSession, ending and resuming one's own sessions, and the session key", async () => {
    assert.equal(await decide(cli, "ssm:StartSession", INSTANCE, CHECKED), "Allowed");
    assert.equal(await decide(cli, "ssm:StartSession", SHELL, CHECKED), "Allowed");
    for (const action of ["ssm:TerminateSession", "ssm:ResumeSession"]) {
      assert.equal(
        await decide(cli, action, "arn:aws:ssm:us-east-1:111122223333:session/alice-0a1b2c3d4e5f67890", { "aws:username": "alice" }),
        "Allowed",
      );
      assert.equal(
        await decide(cli, action, "arn:aws:ssm:us-east-1:111122223333:session/bob-0a1b2c3d4e5f67890", { "aws:username": "alice" }),
        "ImplicitlyDenied",
      );
    }
    const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    assert.equal(
      await simulate({ identityPolicies: [cli], action: "kms:GenerateDataKey", resource: key, resourcePolicy: sessionKeyPolicy(SCOPE) }),
      "Allowed",
    );
  });

  it("denies every describe permission of the consoles, and SendCommand", async () => {
    for (const action of [
      "ssm:DescribeSessions",
      "ssm:GetConnectionStatus",
      "ssm:DescribeInstanceProperties",
      "ssm:DescribeInstanceInformation",
      "ec2:DescribeInstances",
    ]) {
      assert.equal(await decide(cli, action, "*"), "ImplicitlyDenied", action);
    }
    assert.equal(await decide(cli, "ssm:SendCommand", INSTANCE), "ImplicitlyDenied");
  });
});
