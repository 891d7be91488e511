// A diff larger than GitHub's 65,536-character comment: the comment keeps its marker and
// summary first, caps every table with "and N more", keeps each environment's heading and
// counts, and points to the full diff (the workflow's artifact) instead of being cut mid-table.
import assert from "node:assert/strict";
import { diffPlans } from "../../plan/diff/compare";
import { COMMENT_LIMIT, COMMENT_MARKER, FULL_DIFF, MAX_ROWS, renderDiffMarkdown } from "../../plan/diff/markdown";
import { renderDiffText } from "../../plan/diff/text";
import { emptyPlan, parsePlan } from "../../plan/diff/planFile";
import { planStack } from "../../plan/run";
import { generatedStack } from "../../bench/stacks";
import type { PlanDiff } from "../../plan/diff/model";
import { devPlanJson } from "../plan/support";

describe("diff: the PR comment beyond GitHub's limit", () => {
  let diff: PlanDiff;
  before(async () => {
    // Real plans: 150 generated grants (600 resources) new in one stack, and the dev stack new in 40 more.
    const big = await planStack({ stack: "big", config: generatedStack({ instances: 150, grants: 150 }) });
    const dev = parsePlan(await devPlanJson(), "dev.json");
    const environments = [diffPlans("big", emptyPlan("big"), big)];
    for (let i = 0; i < 40; i++) environments.push(diffPlans(`dev-${i}`, emptyPlan(`dev-${i}`), { ...dev, stack: `dev-${i}` }));
    diff = { environments };
  });

  it("stays under the limit where the whole diff would not", () => {
    assert.ok(renderDiffText(diff).length > 3 * COMMENT_LIMIT, "the uncapped diff is far over the limit");
    const md = renderDiffMarkdown(diff);
    assert.ok(md.length <= COMMENT_LIMIT, `${md.length} characters`);
  });

  it("keeps the marker and the summary first, and says where the full diff is", () => {
    const md = renderDiffMarkdown(diff);
    const [marker, title, , summary] = md.split("\n");
    assert.equal(marker, COMMENT_MARKER);
    assert.equal(title, "### ec2-access: access and resource changes");
    const created = diff.environments.reduce((n, e) => n + e.resources.length, 0);
    assert.match(summary, new RegExp(`^:(x|white_check_mark): .* · resources: ${created} to create · `));
    assert.ok(md.includes(FULL_DIFF));
  });

  it("caps each table at MAX_ROWS rows and counts the rest", () => {
    const md = renderDiffMarkdown(diff);
    const big = diff.environments[0];
    assert.ok(big.resources.length > MAX_ROWS);
    assert.ok(md.includes(`_… and ${big.resources.length - MAX_ROWS} more (${FULL_DIFF})._`));
  });

  it("keeps every environment's heading, by counts only where the rest does not fit", () => {
    const md = renderDiffMarkdown(diff);
    for (const e of diff.environments) assert.ok(md.includes(`#### \`${e.name}\``), e.name);
    assert.match(md, /:warning: \d+ environments are shown by counts only/);
  });

  it("leaves a diff that fits as it was", () => {
    const small: PlanDiff = { environments: diff.environments.slice(1, 2) };
    const md = renderDiffMarkdown(small);
    assert.ok(!md.includes(FULL_DIFF));
    assert.ok(!md.includes(":warning:"));
  });
});
