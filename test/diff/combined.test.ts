// Access gained or lost through combined Session Manager grants (plan/diff/combined.ts): the
// fixture stack (one group in two grants with different documents) planned with its second
// grant and without it, written as `plan --format json` writes it, read back by the diff.
import assert from "node:assert/strict";
import * as path from "node:path";
import type { Plan } from "../../plan/run";
import { planStack } from "../../plan/run";
import { readStackFile } from "../../config/stackFile";
import { parsePlan } from "../../plan/diff/planFile";
import { diffEnvironment, diffPlans } from "../../plan/diff/compare";
import { renderDiffText } from "../../plan/diff/text";
import { renderDiffMarkdown } from "../../plan/diff/markdown";
import { COMBINED_BASE_UNLISTED } from "../../plan/diff/summary";

const STACK = path.join(__dirname, "..", "..", "..", "test", "fixtures", "stacks", "combined-grants.yaml");

/** The fixture's plan as a plan file, read back (`drop` removes its last grant first). */
async function planFile(drop: boolean): Promise<{ json: string; plan: Plan }> {
  const config = readStackFile(STACK).raw;
  if (drop) (config["ec2-access:sessionManager"] as { grants: unknown[] }).grants.pop();
  const json = JSON.stringify(await planStack({ stack: "test", config }), null, 2) + "\n";
  return { json, plan: parsePlan(json, "test.json") };
}

const widening = [
  "  widens          session-manager dev-tunnels, group ops: instances i-0a1b2c3d4e5f60718; documents +SSM-SessionManagerRunShell through combined grants (prod-shell)",
  "  widens          session-manager prod-shell, group ops: instances i-0fedcba9876543210; documents +AWS-StartPortForwardingSession through combined grants (dev-tunnels)",
];
const narrowing = widening.map((l) => l.replace("widens ", "narrows").replace("documents +", "documents -"));
const text = (base: Plan, head: Plan) => renderDiffText({ environments: [diffPlans("test", base, head)] }).split("\n");
const markdown = (base: Plan, head: Plan) => renderDiffMarkdown({ environments: [diffPlans("test", base, head)] }).split("\n");

describe("diff: access through combined Session Manager grants", () => {
  let one: { json: string; plan: Plan };
  let both: { json: string; plan: Plan };
  before(async () => {
    one = await planFile(true);
    both = await planFile(false);
  });

  it("a second grant to the group widens each grant's instances by the other's documents, in text and Markdown", () => {
    assert.equal(one.plan.combinedAccess, undefined, "one grant: the plan file lists no combined access");
    const lines = text(one.plan, both.plan);
    assert.equal(
      lines[0],
      "OK: no mandatory policy violation; access: 1 gained, 2 combined-grant changes; resources: 3 to create; policy violations: 2 new",
    );
    const at = lines.findIndex((l) => l.startsWith("  widens"));
    assert.deepEqual(lines.slice(at, at + 3), [...widening, `  (${COMBINED_BASE_UNLISTED})`]);
    const md = markdown(one.plan, both.plan);
    const table = md.indexOf("| access | grant | principal | instances | documents | through |");
    assert.ok(table > 0, md.join("\n"));
    assert.deepEqual(md.slice(table + 2, table + 6), [
      "| :arrow_up: widens | `dev-tunnels` | group `ops` | `i‑0a1b2c3d4e5f60718` | +`SSM-SessionManagerRunShell` | `prod-shell` |",
      "| :arrow_up: widens | `prod-shell` | group `ops` | `i‑0fedcba9876543210` | +`AWS-StartPortForwardingSession` | `dev-tunnels` |",
      "",
      "_The base plan lists no combined access: it had none, or was written before plans listed it; either way the head plan's is shown as widening._",
    ]);
  });

  it("the second grant removed narrows them, with no note (the head listing none is known: the base was read)", () => {
    const lines = text(both.plan, one.plan);
    assert.match(lines[0], /access: 1 lost, 2 combined-grant changes;/);
    const at = lines.findIndex((l) => l.startsWith("  narrows"));
    assert.deepEqual(lines.slice(at, at + 2), narrowing);
    assert.ok(!lines.some((l) => l.includes(COMBINED_BASE_UNLISTED)));
    const md = markdown(both.plan, one.plan);
    assert.ok(
      md.includes(
        "| :arrow_down: narrows | `prod-shell` | group `ops` | `i‑0fedcba9876543210` | −`AWS-StartPortForwardingSession` | `dev-tunnels` |",
      ),
    );
  });

  it("the same plan on both sides is no change", () => {
    const e = diffPlans("test", both.plan, both.plan);
    assert.equal(e.combined, undefined);
    assert.equal(e.combinedBaseUnlisted, undefined);
    assert.deepEqual(text(both.plan, both.plan), [
      "OK: no mandatory policy violation; access: no change; resources: no change; policy violations: no change",
      "",
      "No change in test",
      "",
    ]);
  });

  it("a base plan file without the key (written before plans listed it) loads, and the head's combined access shows as widening with the note", () => {
    const older = JSON.parse(both.json) as Record<string, unknown>;
    delete older.combinedAccess;
    const base = parsePlan(JSON.stringify(older), "base.json");
    assert.equal(base.combinedAccess, undefined);
    const e = diffPlans("test", base, both.plan);
    assert.equal(e.combinedBaseUnlisted, true);
    assert.deepEqual(
      e.combined?.map((c) => [c.change, c.grant, c.documents]),
      [
        ["widens", "dev-tunnels", { added: ["SSM-SessionManagerRunShell"], removed: [] }],
        ["widens", "prod-shell", { added: ["AWS-StartPortForwardingSession"], removed: [] }],
      ],
    );
    const lines = text(base, both.plan);
    assert.deepEqual(lines.slice(2), [
      "test",
      "  access: 2 combined-grant changes; resources: no change; policy violations: no change",
      ...widening,
      `  (${COMBINED_BASE_UNLISTED})`,
      "",
      "",
    ]);
  });

  it("a stack new in the change shows its combined access as widening, without the note (it has no base plan)", () => {
    const e = diffEnvironment({ name: "test", base: { missing: true }, head: { plan: both.plan } });
    assert.equal(e.status, "added");
    assert.equal(e.combined?.length, 2);
    assert.equal(e.combinedBaseUnlisted, undefined);
  });

  it("a Run Command document gained through another grant is marked as such, and a document both gained and lost changes", () => {
    const entry = both.plan.combinedAccess![1];
    const head = {
      ...both.plan,
      combinedAccess: [{ ...entry, documents: ["AWS-StartInteractiveCommand"], commandDocuments: ["AWS-RunShellScript"] }],
    };
    const base = { ...both.plan, combinedAccess: [entry] };
    const e = diffPlans("test", base, head);
    assert.deepEqual(
      e.combined?.map((c) => [c.change, c.documents]),
      [
        [
          "changes",
          { added: ["AWS-RunShellScript (Run Command)", "AWS-StartInteractiveCommand"], removed: ["AWS-StartPortForwardingSession"] },
        ],
      ],
    );
  });

  it("a plan file whose combinedAccess is malformed is bad input, named", () => {
    const bad = JSON.parse(both.json) as { combinedAccess: Record<string, unknown>[] };
    bad.combinedAccess[0].documents = "SSM-SessionManagerRunShell";
    assert.throws(() => parsePlan(JSON.stringify(bad), "head.json"), {
      message: 'head.json: combinedAccess[0].documents: got "SSM-SessionManagerRunShell"; expected a list of strings',
    });
  });
});
