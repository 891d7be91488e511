// What a Session Manager row may run, between two plans: a session document or a Run Command
// document gained widens the row, one lost narrows it, and the text, Markdown and JSON of the
// diff say which.
import assert from "node:assert/strict";
import type { AccessEntry } from "../../components/access";
import { diffAccess } from "../../plan/diff/access";
import { renderDiffMarkdown } from "../../plan/diff/markdown";
import { renderDiffText } from "../../plan/diff/text";
import type { PlanDiff } from "../../plan/diff/model";

const session = (documents: string[] | undefined, commandDocuments?: string[]): AccessEntry => ({
  pattern: "session-manager",
  grant: "db-tunnels",
  principal: { type: "role", name: "data-engineer" },
  osUsers: ["ssm-user"],
  target: { tags: { Team: ["data"] } },
  deniedInstanceIds: [],
  ...(documents !== undefined && { documents }),
  ...(commandDocuments !== undefined && { commandDocuments }),
});

const PORT = "AWS-StartPortForwardingSessionToRemoteHost";
const SHELL = "SSM-SessionManagerRunShell";
const change = (before: AccessEntry, after: AccessEntry) => diffAccess([before], [after]);
const effect = (before: AccessEntry, after: AccessEntry) => change(before, after).map((c) => [c.effect, c.documents]);

describe("diff: the documents a Session Manager row may run", () => {
  it("a shell added to a port-forwarding-only grant widens it; removed again, narrows it", () => {
    assert.deepEqual(effect(session([PORT]), session([PORT, SHELL])), [["gains", { added: [SHELL], removed: [] }]]);
    assert.deepEqual(effect(session([PORT, SHELL]), session([PORT])), [["loses", { added: [], removed: [SHELL] }]]);
    assert.deepEqual(effect(session([PORT]), session([SHELL])), [["gains and loses", { added: [SHELL], removed: [PORT] }]]);
  });

  it("Run Command: gaining the agent update widens, losing it narrows", () => {
    assert.deepEqual(effect(session([SHELL]), session([SHELL], ["AWS-UpdateSSMAgent"])), [
      ["gains", { added: ["AWS-UpdateSSMAgent (Run Command)"], removed: [] }],
    ]);
    assert.deepEqual(effect(session([SHELL], ["AWS-UpdateSSMAgent"]), session([SHELL])), [
      ["loses", { added: [], removed: ["AWS-UpdateSSMAgent (Run Command)"] }],
    ]);
  });

  it("`*` covers every name of its kind: names replacing it only narrow, and it replacing names only widens", () => {
    assert.deepEqual(effect(session(["*"]), session([PORT])), [["loses", { added: [PORT], removed: ["*"] }]]);
    assert.deepEqual(effect(session([PORT]), session(["*"])), [["gains", { added: ["*"], removed: [PORT] }]]);
    // A session `*` does not cover Command documents.
    assert.deepEqual(effect(session(["*"]), session(["*"], ["AWS-RunShellScript"])), [
      ["gains", { added: ["AWS-RunShellScript (Run Command)"], removed: [] }],
    ]);
  });

  it("the same documents in another order, or a plan that did not read them (an older plan file), is no change", () => {
    assert.deepEqual(change(session([SHELL, PORT]), session([PORT, SHELL])), []);
    assert.deepEqual(change(session(undefined), session([PORT])), []);
  });

  it("text, Markdown and JSON show the documents gained and lost", () => {
    const diff: PlanDiff = {
      environments: [
        {
          name: "staging",
          status: "compared",
          access: change(session([PORT]), session([PORT, SHELL], ["AWS-UpdateSSMAgent"])),
          powers: [],
          resources: [],
          violations: [],
          headMandatory: 0,
        },
      ],
    };
    assert.ok(
      renderDiffText(diff).includes(
        "  widens          session-manager db-tunnels, role data-engineer: instances tag Team=data; OS users ssm-user; denied -; documents +AWS-UpdateSSMAgent (Run Command), +SSM-SessionManagerRunShell\n",
      ),
      renderDiffText(diff),
    );
    const md = renderDiffMarkdown(diff);
    assert.ok(md.includes("| access | pattern | grant | principal | instances | OS users | denied | documents |\n"), md);
    assert.ok(
      md.includes(
        "| :arrow_up: widens | session-manager | `db-tunnels` | role `data-engineer` | tag `Team=data` | `ssm-user` | - | +`AWS-UpdateSSMAgent` (Run Command), +`SSM-SessionManagerRunShell` |\n",
      ),
      md,
    );
    const json = JSON.parse(JSON.stringify(diff)) as PlanDiff;
    assert.deepEqual(json.environments[0].access[0].documents, {
      added: ["AWS-UpdateSSMAgent (Run Command)", SHELL],
      removed: [],
    });
    assert.deepEqual(json.environments[0].access[0].after?.commandDocuments, ["AWS-UpdateSSMAgent"]);
  });

  it("a table of other patterns only has no documents column", () => {
    const ic: AccessEntry = { ...session(undefined), pattern: "instance-connect", osUsers: ["ec2-user"] };
    const diff: PlanDiff = {
      environments: [
        {
          name: "dev",
          status: "compared",
          access: diffAccess([], [ic]),
          powers: [],
          resources: [],
          violations: [],
          headMandatory: 0,
        },
      ],
    };
    assert.ok(renderDiffMarkdown(diff).includes("| access | pattern | grant | principal | instances | OS users | denied |\n"));
  });
});
