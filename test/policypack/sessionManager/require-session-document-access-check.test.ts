import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { requireSessionDocumentAccessCheck as rule } from "../../../policypack/rules/sessionManager/require-session-document-access-check";
import { assertMetadata, runRule } from "../support";
import { ALL_INSTANCES, DOCUMENT_ARN, INSTANCE_ARN, fill, policy, seedTabs } from "./fixtures";
import { sessionGrantDocument } from "../../../documents/sessionManager";

const run = (doc: string) => runRule(rule, aws.iam.Policy, { policy: doc });
const FIX = 'Add "Condition": {"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}} to this statement.';
const msg = (label: string, how: string) =>
  `${label}: allows ${how} without requiring ssm:SessionDocumentAccessCheck, so a session can start with the default session document without checking that the user may use it. ${FIX}`;

describe("require-session-document-access-check", () => {
  it("has its metadata", () => {
    assertMetadata(rule, {
      name: "require-session-document-access-check",
      severity: "medium",
      enforcementLevel: "mandatory",
      configKeys: [],
    });
  });

  for (const [tab, doc] of seedTabs) {
    it(`passes the 004 quickstart policy ${tab}`, async () => {
      assert.deepEqual(await run(JSON.stringify(fill(doc))), []);
    });
  }

  it("passes Bool and BoolIfExists with true in any case, and statements on instances only", async () => {
    for (const op of ["Bool", "BoolIfExists"]) {
      for (const v of ["true", "TRUE", ["true"]]) {
        assert.deepEqual(
          await run(
            policy({
              Effect: "Allow",
              Action: "ssm:StartSession",
              Resource: DOCUMENT_ARN,
              Condition: { [op]: { "ssm:SessionDocumentAccessCheck": v } },
            }),
          ),
          [],
        );
      }
    }
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: [INSTANCE_ARN, ALL_INSTANCES] })), []);
  });

  it("flags the document grant without the check (the page's policy with callout 2 removed)", async () => {
    const doc = fill(seedTabs.find(([t]) => t === "endUserSessionManagerCli")![1]);
    delete doc.Statement[0]["Condition"];
    assert.deepEqual(await run(JSON.stringify(doc)), [msg("Statement[0]", `ssm:StartSession on "${DOCUMENT_ARN}"`)]);
  });

  it("flags a check that is false or under another operator", async () => {
    for (const condition of [
      { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "false" } },
      { StringEquals: { "ssm:SessionDocumentAccessCheck": "true" } },
      { BoolIfExists: { "ssm:SomethingElse": "true" } },
    ]) {
      assert.deepEqual(
        await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: DOCUMENT_ARN, Condition: condition })),
        [msg("Statement[0]", `ssm:StartSession on "${DOCUMENT_ARN}"`)],
        JSON.stringify(condition),
      );
    }
  });

  it("flags StartSession on *, on every document, and through NotResource", async () => {
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:*", Resource: "*" })), [
      msg("Statement[0]", 'ssm:StartSession (through "ssm:*") on "*"'),
    ]);
    const allDocs = "arn:aws:ssm:*:*:document/*";
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: [INSTANCE_ARN, allDocs] })), [
      msg("Statement[0]", `ssm:StartSession on "${allDocs}"`),
    ]);
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", NotResource: INSTANCE_ARN })), [
      msg("Statement[0]", `ssm:StartSession on everything but ["${INSTANCE_ARN}"]`),
    ]);
  });

  it("ignores Deny statements and documents of other services' ARNs", async () => {
    assert.deepEqual(await run(policy({ Effect: "Deny", Action: "ssm:StartSession", Resource: "*" })), []);
    assert.deepEqual(
      await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: "arn:aws:ecs:us-east-2:111122223333:task/*" })),
      [],
    );
  });

  describe("grants[].documents and managed nodes", () => {
    const spec = {
      role: "user" as const,
      identity: "iam-user" as const,
      regions: ["us-east-1"],
      documentName: "SSM-SessionManagerRunShell",
      sessionKeyArns: [],
      sessionDocuments: ["AWS-StartPortForwardingSessionToRemoteHost", "AWS-StartSSHSession", "Team-RunShell"],
    };
    const scope = { partition: "aws", accountId: "111122223333" };

    it("passes the documents the program builds for them, by IDs, tags, managed nodes and for the cli client", async () => {
      for (const [clients, target] of [
        [["session-manager"], { kind: "instanceIds", instanceIds: ["i-0598c7d356eba48d7"] }],
        [["cli"], { kind: "tags", tags: { Team: ["data"] } }],
        [["session-manager"], { kind: "managedInstanceIds", managedInstanceIds: ["mi-0123456789abcdef0"] }],
      ] as const) {
        const doc = sessionGrantDocument({ ...spec, clients: [...clients], target: target as never }, scope);
        assert.deepEqual(await run(JSON.stringify(doc)), [], JSON.stringify(target));
      }
    });

    it("flags a grant of an AWS-owned document (empty account) without the check", async () => {
      const doc = sessionGrantDocument({ ...spec, clients: ["cli"], target: { kind: "tags", tags: { Team: ["data"] } } }, scope);
      const documents = doc.Statement[1];
      delete documents.Condition;
      assert.deepEqual(await run(JSON.stringify(doc)), [
        msg(
          "Statement[1]",
          'ssm:StartSession on "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSessionToRemoteHost", "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession", "arn:aws:ssm:us-east-1:111122223333:document/Team-RunShell"',
        ),
      ]);
    });
  });
});
