import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { restrictSessionIdleTimeout as rule } from "../../../policypack/rules/sessionManager/restrict-session-idle-timeout";
import { assertMetadata, runRule } from "../support";
import { goodInputs, preferencesProps } from "./fixtures";

const run = (inputs: Record<string, unknown>, config?: Record<string, unknown>) =>
  runRule(rule, aws.ssm.Document, preferencesProps(inputs), { config });
const P = "Session preferences document";

describe("restrict-session-idle-timeout", () => {
  it("has its metadata", () => {
    assertMetadata(rule, {
      name: "restrict-session-idle-timeout",
      severity: "medium",
      enforcementLevel: "mandatory",
      configKeys: ["maxIdleSessionTimeoutMinutes", "maxSessionDurationMinutes"],
    });
  });

  it("passes timeouts within the maximum, and AWS's default of 20 minutes when unset", async () => {
    assert.deepEqual(await run(goodInputs()), []);
    assert.deepEqual(await run({ ...goodInputs(), idleSessionTimeout: 5 }), []);
    assert.deepEqual(await run({ ...goodInputs(), idleSessionTimeout: undefined }), []);
    assert.deepEqual(await run({ ...goodInputs(), idleSessionTimeout: "" }), []);
    assert.deepEqual(await run({ ...goodInputs(), idleSessionTimeout: "45" }, { maxIdleSessionTimeoutMinutes: 60 }), []);
  });

  it("flags a longer idle timeout", async () => {
    assert.deepEqual(await run({ ...goodInputs(), idleSessionTimeout: "45" }), [
      `${P}: inputs.idleSessionTimeout is 45 minutes, more than the allowed 20. Set idleSessionTimeout to at most "20".`,
    ]);
  });

  it("flags AWS's default when the configured maximum is lower", async () => {
    assert.deepEqual(await run({ ...goodInputs(), idleSessionTimeout: undefined }, { maxIdleSessionTimeoutMinutes: 10 }), [
      `${P}: inputs.idleSessionTimeout is not set, so idle sessions end after AWS's default of 20 minutes, more than the allowed 10. Set idleSessionTimeout to at most "10".`,
    ]);
  });

  it("flags values AWS refuses", async () => {
    for (const [v, shown] of [
      ["0", '"0"'],
      ["61", '"61"'],
      ["20.5", '"20.5"'],
      [20.5, "20.5"],
      ["twenty", '"twenty"'],
      [true, "true"],
    ] as const) {
      assert.deepEqual(
        await run({ ...goodInputs(), idleSessionTimeout: v }),
        [`${P}: inputs.idleSessionTimeout ${shown} is not a whole number of minutes from 1 to 60. Set it to at most "20".`],
        String(v),
      );
    }
  });

  it("checks the session duration only when configured", async () => {
    assert.deepEqual(await run({ ...goodInputs(), maxSessionDuration: "" }), []);
    assert.deepEqual(await run({ ...goodInputs(), maxSessionDuration: "" }, { maxSessionDurationMinutes: 60 }), [
      `${P}: inputs.maxSessionDuration is not set, so sessions never end on their own. Set maxSessionDuration to at most "60".`,
    ]);
    assert.deepEqual(await run({ ...goodInputs(), maxSessionDuration: "120" }, { maxSessionDurationMinutes: 60 }), [
      `${P}: inputs.maxSessionDuration is 120 minutes, more than the allowed 60. Set maxSessionDuration to at most "60".`,
    ]);
    assert.deepEqual(await run({ ...goodInputs(), maxSessionDuration: "2000" }, { maxSessionDurationMinutes: 60 }), [
      `${P}: inputs.maxSessionDuration "2000" is not a whole number of minutes from 1 to 1440. Set it to at most "60".`,
    ]);
    assert.deepEqual(await run({ ...goodInputs(), maxSessionDuration: "60" }, { maxSessionDurationMinutes: 60 }), []);
  });

  it("ignores config values of the wrong type or range", async () => {
    assert.deepEqual(await run({ ...goodInputs(), idleSessionTimeout: "20" }, { maxIdleSessionTimeoutMinutes: "5" }), []);
    assert.deepEqual(await run({ ...goodInputs(), idleSessionTimeout: "20" }, { maxIdleSessionTimeoutMinutes: 500 }), []);
  });

  it("says when it cannot read the document, and leaves other documents alone", async () => {
    assert.deepEqual(await runRule(rule, aws.ssm.Document, { documentType: "Session", content: "nope" }), [
      `${P} cannot be checked for session timeouts: its content is not valid JSON (documentFormat is JSON). Write the preferences as a JSON (or plain YAML) object with sessionType "Standard_Stream" and an inputs object.`,
    ]);
    assert.deepEqual(await runRule(rule, aws.ssm.Document, { documentType: "Command", content: "nope" }), []);
  });
});
