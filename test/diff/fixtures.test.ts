// The fixture plans differ in known ways (test/diff/fixtures: dev changes, prod does not); the
// diff reports exactly those changes and nothing else, and the committed example comment is
// the tool's output on them.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { diffAll } from "../../plan/diff/compare";
import { resolveSources } from "../../plan/diff/sources";
import { EXAMPLE_PATH, ROOT, renderExample } from "./exampleComment";

const FIXTURES = path.join(ROOT, "test", "diff", "fixtures");

describe("diff: the fixture plans", () => {
  const diff = diffAll(resolveSources({ base: [], head: [], baseDir: path.join(FIXTURES, "base"), headDir: path.join(FIXTURES, "head") }, ROOT));

  it("finds dev and prod, sorted, and nothing changes in prod", () => {
    assert.deepEqual(diff.environments.map((e) => [e.name, e.status]), [["dev", "compared"], ["prod", "compared"]]);
    const prod = diff.environments[1];
    assert.deepEqual([prod.access, prod.resources, prod.violations, prod.headMandatory], [[], [], [], 0]);
  });

  it("dev: exactly the access changes made", () => {
    const dev = diff.environments[0];
    assert.deepEqual(
      dev.access.map((a) => ({ kind: a.kind, effect: a.effect, row: `${a.pattern}/${a.grant}/${a.principal.type} ${a.principal.name}`, target: a.target, osUsers: a.osUsers, denied: a.deniedInstanceIds })),
      [
        { kind: "changed", effect: "gains", row: "instance-connect/web-devs/group web-devs", target: { added: ["i-0fedcba9876543210"], removed: [] }, osUsers: { added: [], removed: [] }, denied: { added: [], removed: [] } },
        { kind: "changed", effect: "gains", row: "instance-connect/ubuntu-builders/user bob", target: { added: [], removed: [] }, osUsers: { added: ["ec2-user"], removed: [] }, denied: { added: [], removed: [] } },
        { kind: "gained", effect: undefined, row: "serial-console/team-abac/role developer", target: undefined, osUsers: undefined, denied: undefined },
        { kind: "lost", effect: undefined, row: "instance-connect/ubuntu-builders/user alice", target: undefined, osUsers: undefined, denied: undefined },
      ],
    );
  });

  it("dev: exactly the resource changes made, replacements first", () => {
    assert.deepEqual(
      diff.environments[0].resources.map((r) => [r.op, r.type, r.name, r.changedInputs, r.replacedBecause]),
      [
        ["replace", "aws:ssm/document:Document", "session-manager-preferences-us-east-1", ["name"], ["name"]],
        ["delete", "aws:iam/userPolicyAttachment:UserPolicyAttachment", "instance-connect-ubuntu-builders-user-alice", [], []],
        ["create", "aws:iam/policy:Policy", "serial-console-team-abac", [], []],
        ["create", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "serial-console-team-abac-role-developer", [], []],
        ["create", "ec2-access:iam:GrantPolicy", "serial-console-team-abac", [], []],
        ["update", "aws:iam/policy:Policy", "instance-connect-ubuntu-builders", ["policy"], []],
        ["update", "aws:iam/policy:Policy", "instance-connect-web-devs", ["policy"], []],
        ["update", "aws:ec2/serialConsoleAccess:SerialConsoleAccess", "serial-console-account-us-east-1", ["enabled"], []],
      ],
    );
  });

  it("dev: the mandatory violation is resolved and one advisory appears", () => {
    assert.deepEqual(
      diff.environments[0].violations.map((v) => [v.change, v.violation.enforcementLevel, v.violation.policy]),
      [
        ["new", "advisory", "require-instance-connect-osuser-allowlist"],
        ["resolved", "mandatory", "restrict-serial-console-account-setting"],
      ],
    );
    assert.equal(diff.environments[0].headMandatory, 0);
  });

  it("docs/example-pr-comment.md is what the tool prints (regenerate: node dist/test/diff/regenerate.js)", async () => {
    const { code, stdout, stderr } = await renderExample();
    assert.deepEqual([code, stderr], [0, ""]);
    assert.equal(fs.readFileSync(EXAMPLE_PATH, "utf8"), stdout, "docs/example-pr-comment.md is stale: run `npx tsc -p . && node dist/test/diff/regenerate.js`");
  });
});
