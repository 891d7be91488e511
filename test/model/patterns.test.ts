// The pattern table (model/patterns.ts) is the one vocabulary of the patterns: its sections are
// the stack config's grant sections, and its connect actions are actions AWS knows on an instance.
import assert from "node:assert/strict";
import { ACCESS_PATTERNS, GRANT_SECTIONS, ORGANIZATION } from "../../model/patterns";
import { projectKeys } from "../../model/schema";
import { allowedKeys } from "../../config/messages";
import { policyDocument, statement } from "../../documents/policyDocument";
import { simulate } from "../support/iamSimulator";

const INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7";

describe("model/patterns: one table of the access patterns", () => {
  it("has a row for each section of the stack config with grants, and the organization section apart", () => {
    const sections = allowedKeys(projectKeys(), []).filter((k) => allowedKeys(projectKeys(), [k]).includes("grants"));
    assert.deepEqual([...GRANT_SECTIONS].sort(), sections.sort());
    assert.ok(allowedKeys(projectKeys(), []).includes(ORGANIZATION.section));
  });

  it("names connect actions that the IAM simulator knows and that apply to an instance", async () => {
    for (const p of ACCESS_PATTERNS) {
      const allow = policyDocument([statement({ actions: [p.connectAction], resources: [INSTANCE] })]);
      // An unknown action makes the simulator throw rather than deny.
      assert.equal(await simulate({ identityPolicies: [allow], action: p.connectAction, resource: INSTANCE }), "Allowed", p.pattern);
    }
  });
});
