import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { requireSessionDocumentAccessCheck as rule } from "../../../policypack/rules/sessionManager/require-session-document-access-check";
import { assertMetadata, runRule } from "../support";
import { ALL_INSTANCES, DOCUMENT_ARN, INSTANCE_ARN, fill, policy, seedTabs } from "./fixtures";

const run = (doc: string) => runRule(rule, aws.iam.Policy, { policy: doc });
const FIX = 'Add "Condition": {"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}} to this statement.';
const msg = (label: string, how: string) =>
  `${label}: allows ${how} without requiring ssm:SessionDocumentAccessCheck, so a session can start with the default session document without checking that the user may use it. ${FIX}`;

describe("require-session-document-access-check", () => {
  it("has its metadata", () => {
    assertMetadata(rule, { name: "require-session-document-access-check", severity: "medium", enforcementLevel: "mandatory", configKeys: [] });
  });

  for (const [tab, doc] of seedTabs) {
    it(`passes the 004 quickstart policy ${tab}`, async () => {
      assert.deepEqual(await run(JSON.stringify(fill(doc))), []);
    });
  }

  it("passes Bool and BoolIfExists with true in any case, and statements on instances only", async () => {
    for (const op of ["Bool", "BoolIfExists"]) {
      for (const v of ["true", "TRUE", ["true"]]) {
        assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: DOCUMENT_ARN, Condition: { [op]: { "ssm:SessionDocumentAccessCheck": v } } })), []);
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
      assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: DOCUMENT_ARN, Condition: condition })), [msg("Statement[0]", `ssm:StartSession on "${DOCUMENT_ARN}"`)], JSON.stringify(condition));
    }
  });

  it("flags StartSession on *, on every document, and through NotResource", async () => {
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:*", Resource: "*" })), [msg("Statement[0]", 'ssm:StartSession (through "ssm:*") on "*"')]);
    const allDocs = "arn:aws:ssm:*:*:document/*";
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: [INSTANCE_ARN, allDocs] })), [msg("Statement[0]", `ssm:StartSession on "${allDocs}"`)]);
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", NotResource: INSTANCE_ARN })), [msg("Statement[0]", `ssm:StartSession on everything but ["${INSTANCE_ARN}"]`)]);
  });

  it("ignores Deny statements and documents of other services' ARNs", async () => {
    assert.deepEqual(await run(policy({ Effect: "Deny", Action: "ssm:StartSession", Resource: "*" })), []);
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:StartSession", Resource: "arn:aws:ecs:us-east-2:111122223333:task/*" })), []);
  });
});
