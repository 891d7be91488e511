// The example pull request (test/diff/exampleComment.ts: the example stacks against edited
// copies, each planned for real): the diff reports exactly the edits made and nothing else, every
// policy it cites is one the pack has, and docs/example-pr-comment.md is the tool's output on it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffAll } from "../../plan/diff/compare";
import { resolveSources } from "../../plan/diff/sources";
import type { PlanDiff } from "../../plan/diff/model";
import { policies } from "../../policypack/policies";
import { ACCESS_POLICY } from "../../plan/accessEvaluation";
import { EXAMPLE_PATH, ROOT, planExample, renderExample } from "./exampleComment";

describe("diff: the example pull request, from real plans of edited example stacks", () => {
  let diff: PlanDiff;
  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-example-"));
    try {
      await planExample(dir);
      diff = diffAll(resolveSources({ base: [], head: [], baseDir: path.join(dir, "base"), headDir: path.join(dir, "head") }, ROOT));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  const env = (name: string) => diff.environments.find((e) => e.name === name)!;

  it("dev, org and prod, sorted; nothing changes in prod", () => {
    assert.deepEqual(
      diff.environments.map((e) => [e.name, e.status]),
      [
        ["dev", "compared"],
        ["org", "compared"],
        ["prod", "compared"],
      ],
    );
    const prod = env("prod");
    assert.deepEqual([prod.access, prod.powers, prod.resources, prod.violations], [[], [], [], []]);
  });

  it("dev: exactly the access changes made", () => {
    assert.deepEqual(
      env("dev").access.map((a) => ({
        kind: a.kind,
        effect: a.effect,
        row: `${a.pattern}/${a.grant}/${a.principal.type} ${a.principal.name}`,
        target: a.target,
        osUsers: a.osUsers,
        documents: a.documents,
      })),
      [
        {
          kind: "changed",
          effect: "gains",
          row: "instance-connect/ubuntu-builders/user bob",
          target: { added: [], removed: [] },
          osUsers: { added: ["ec2-user"], removed: [] },
          documents: undefined,
        },
        {
          kind: "changed",
          effect: "gains",
          row: "instance-connect/web-devs/group web-devs",
          target: { added: ["i-0fedcba9876543210"], removed: [] },
          osUsers: { added: [], removed: [] },
          documents: undefined,
        },
        {
          // The admins' policy now names its documents under the access check: the shell as before, and SSH.
          kind: "changed",
          effect: "gains",
          row: "session-manager/platform-admins/role platform-admin",
          target: { added: [], removed: [] },
          osUsers: { added: [], removed: [] },
          documents: { added: ["AWS-StartSSHSession"], removed: [] },
        },
        {
          kind: "lost",
          effect: undefined,
          row: "instance-connect/ubuntu-builders/user alice",
          target: undefined,
          osUsers: undefined,
          documents: undefined,
        },
      ],
    );
  });

  it("dev and org: exactly the powers changed", () => {
    const powers = (name: string) =>
      env(name).powers.map(
        (p) =>
          `${p.change} ${p.kind} ${p.subject.principal ? `${p.subject.principal.type} ${p.subject.principal.name}` : p.subject.name}: ${p.fields.map((f) => f.field).join(", ")}`,
      );
    assert.deepEqual(powers("dev"), [
      "gained serial-console-setting-admin role auditor: ",
      "changed session-settings SSM-SessionManagerRunShell: shell profile (Linux)",
      "changed instance-connect-tunnel group web-devs: remote ports",
      "changed instance-connect-tunnel user bob: remote ports",
      "lost instance-connect-tunnel user alice: ",
    ]);
    assert.deepEqual(powers("org"), ["changed organization-policy deny-serial-console-outside-dev: rules"]);
  });

  it("the pack refuses the RDP tunnels (mandatory), and every policy cited is one the pack or the plan has", () => {
    assert.deepEqual(
      env("dev").violations.map((v) => [v.change, v.violation.enforcementLevel, v.violation.policy, v.violation.urn.split("::").pop()]),
      [
        ["new", "mandatory", "restrict-instance-connect-tunnel", "instance-connect-ubuntu-builders"],
        ["new", "mandatory", "restrict-instance-connect-tunnel", "instance-connect-web-devs"],
      ],
    );
    const known = new Set([...policies.map((p) => p.name), ACCESS_POLICY]);
    const cited = diff.environments.flatMap((e) => e.violations.map((v) => v.violation.policy));
    assert.deepEqual(
      cited.filter((p) => !known.has(p)),
      [],
    );
  });

  it("docs/example-pr-comment.md is what the tool prints (regenerate: node dist/test/diff/regenerate.js)", async () => {
    const { code, stdout, stderr } = await renderExample();
    assert.deepEqual([code, stderr], [1, ""]);
    assert.equal(
      fs.readFileSync(EXAMPLE_PATH, "utf8"),
      stdout,
      "docs/example-pr-comment.md is stale: run `npx tsc -p . && node dist/test/diff/regenerate.js`",
    );
  });
});
