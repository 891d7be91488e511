// Expiring grants through the whole plan and diff: the access table reads the end from the
// documents, an expired grant is marked and advised (not failed), a new grant already past its
// end is refused by the diff, and a changed end is an access change.
import assert from "node:assert/strict";
import type { Plan } from "../../plan/run";
import { runPlan } from "../../plan/run";
import { diffPlans } from "../../plan/diff/compare";
import { renderDiffText } from "../../plan/diff/text";
import { renderText } from "../../plan/format/text";
import { renderMarkdown } from "../../plan/format/markdown";
import { compareAccess } from "../../plan/accessEvaluation";
import { parsePlan } from "../../plan/diff/planFile";

const END = "2027-01-31T18:00:00Z";
const BEFORE_END = Date.parse("2026-12-01T00:00:00Z");
const AFTER_END = Date.parse("2027-02-01T00:00:00Z");
const I1 = "i-0598c7d356eba48d7";

const grant = (name: string, expires?: string) => ({
  name,
  principals: { groups: ["oncall"] },
  instanceIds: [I1],
  ...(expires && { expires }),
});
const config = (...grants: object[]) => ({
  "aws:region": "us-east-1",
  "ec2-access:environment": "prod",
  "ec2-access:accountId": "111122223333",
  "ec2-access:serialConsole": { grants },
});
const plan = async (now: number, ...grants: object[]): Promise<Plan> =>
  (await runPlan({ stack: "prod", config: config(...grants), now })).plan;

describe("expiring grants: plan", () => {
  it("the access table shows the end the documents carry; no finding before it", async () => {
    const p = await plan(BEFORE_END, grant("oncall", END), grant("standing"));
    assert.deepEqual(
      p.access.map((a) => [a.grant, a.expires, a.expired]),
      [
        ["oncall", END, undefined],
        ["standing", undefined, undefined],
      ],
    );
    assert.deepEqual(p.violations, []);
    const text = renderText(p);
    assert.match(text, /denied\s+expires\n/);
    assert.match(text, new RegExp(`oncall\\s+group oncall\\s+${I1}\\s+-\\s+-\\s+${END}\\n`));
    assert.match(text, /standing\s+group oncall\s+\S+\s+-\s+-\s+never\n/);
    assert.match(renderMarkdown(p), /\| pattern \| grant \| principal \| instances \| OS users \| denied \| expires \|\n/);
    assert.match(renderMarkdown(p), /\| serial-console \| `oncall` \| group `oncall` \| `[^`]+` \| - \| - \| 2027-01-31T18:00:00Z \|\n/);
  });

  it("after the end: the row is marked expired and the plan advises removing the grant, without failing", async () => {
    const p = await plan(AFTER_END, grant("oncall", END));
    assert.equal(p.access[0].expired, true);
    assert.deepEqual(p.violations, [
      {
        policy: "grant-expired",
        enforcementLevel: "advisory",
        urn: "",
        severity: "low",
        message: `serial-console grant "oncall" expired at ${END}: IAM has denied its access since then; remove the grant from the stack file, which deletes its policies and attachments`,
      },
    ]);
    assert.match(renderText(p), new RegExp(`${END} \\(expired: remove the grant\\)\\n[\\s\\S]*OK: no mandatory policy violation`));
    // The JSON plan keeps both keys, and the diff reads them back.
    assert.deepEqual(
      parsePlan(JSON.stringify(p), "head.json").access.map((a) => [a.expires, a.expired]),
      [[END, true]],
    );
  });

  it("a document without the end the config gives is a mandatory mismatch", () => {
    const row = {
      pattern: "serial-console" as const,
      grant: "oncall",
      principal: { type: "group" as const, name: "oncall" },
      osUsers: [],
      target: { instanceIds: [I1] },
      deniedInstanceIds: [],
    };
    assert.deepEqual(
      compareAccess([{ ...row, expires: END }], [row]).map((v) => [v.enforcementLevel, v.message]),
      [["mandatory", `serial-console grant "oncall" for group oncall: expires: config ${END}, documents never`]],
    );
  });
});

describe("expiring grants: diff", () => {
  let standing: Plan;
  before(async () => {
    standing = await plan(BEFORE_END, grant("oncall"));
  });

  it("adding an end narrows the access; moving it later widens it; both say the dates", async () => {
    const ending = await plan(BEFORE_END, grant("oncall", END));
    const added = diffPlans("prod", standing, ending);
    assert.deepEqual(
      added.access.map((a) => [a.kind, a.effect, a.expires]),
      [["changed", "loses", { after: END }]],
    );
    assert.match(
      renderDiffText({ environments: [added] }),
      /narrows\s+serial-console oncall, group oncall: .*; expires never → 2027-01-31T18:00:00Z\n/,
    );
    const later = await plan(BEFORE_END, grant("oncall", "2027-06-30T00:00:00Z"));
    const moved = diffPlans("prod", ending, later);
    assert.deepEqual(
      moved.access.map((a) => [a.kind, a.effect, a.expires]),
      [["changed", "gains", { before: END, after: "2027-06-30T00:00:00Z" }]],
    );
    assert.equal(diffPlans("prod", ending, ending).access.length, 0);
  });

  it("a new grant already past its end is refused (mandatory); one that expired after deployment is only advised", async () => {
    const head = await plan(AFTER_END, grant("oncall"), grant("late", END));
    const d = diffPlans("prod", standing, head);
    assert.deepEqual(
      d.access.map((a) => [a.kind, a.grant, a.alreadyExpired]),
      [["gained", "late", true]],
    );
    assert.equal(d.headMandatory, 1);
    assert.deepEqual(
      d.violations.filter((v) => v.violation.enforcementLevel === "mandatory").map((v) => v.violation.message),
      [
        `serial-console grant "late" is new in this change and its expires (${END}) has already passed: IAM would deny its access from the start; set expires to a future date (ISO 8601 UTC) or leave the grant out`,
      ],
    );
    assert.match(renderDiffText({ environments: [d] }), /^BLOCKED/);

    const deployed = await plan(BEFORE_END, grant("oncall"), grant("late", END));
    const later = diffPlans("prod", deployed, head);
    assert.equal(later.headMandatory, 0);
    assert.deepEqual(
      later.violations.map((v) => [v.change, v.violation.policy]),
      [["new", "grant-expired"]],
    );
  });
});
