// Resources by URN: created, deleted, updated, or replaced when a replace-forcing input changes.
import assert from "node:assert/strict";
import type { PlanResource } from "../../plan/run";
import { diffResources } from "../../plan/diff/resources";
import { diffViolations } from "../../plan/diff/violations";
import type { Violation } from "../../plan/policyRunner";

const r = (type: string, name: string, inputs: Record<string, unknown>): PlanResource => ({
  urn: `urn:pulumi:dev::ec2-access::${type}::${name}`,
  type,
  name,
  parent: null,
  inputs,
  outputs: {},
});
const ops = (base: PlanResource[], head: PlanResource[]) =>
  diffResources(base, head).map((c) => [c.op, c.name, c.changedInputs, c.replacedBecause]);

describe("diff: resources", () => {
  it("same inputs in another key order are no change", () => {
    assert.deepEqual(
      ops(
        [r("aws:iam/policy:Policy", "p", { a: 1, b: { x: [1, 2], y: null } })],
        [r("aws:iam/policy:Policy", "p", { b: { y: null, x: [1, 2] }, a: 1 })],
      ),
      [],
    );
  });

  it("replace-forcing inputs of the provider's table: policy name, path and description, document name, role name", () => {
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
      ["aws:iam/policy:Policy", { name: "a", path: "/", policy: "{}" }, { name: "b", path: "/", policy: "{}" }, "name"],
      ["aws:iam/policy:Policy", { name: "a", path: "/" }, { name: "a", path: "/x/" }, "path"],
      ["aws:iam/policy:Policy", { name: "a", description: "x" }, { name: "a", description: "y" }, "description"],
      ["aws:ssm/document:Document", { name: "d", documentType: "Session" }, { name: "e", documentType: "Session" }, "name"],
      ["aws:iam/role:Role", { name: "a" }, { name: "b" }, "name"],
      ["aws:kms/key:Key", { region: "us-east-1" }, { region: "eu-west-1" }, "region"],
    ];
    for (const [type, before, after, field] of cases) {
      assert.deepEqual(ops([r(type, "x", before)], [r(type, "x", after)]), [["replace", "x", [field], [field]]], `${type} ${field}`);
    }
  });

  it("other changes are updates; on a type missing from the table an update with a warning", () => {
    assert.deepEqual(
      ops(
        [r("aws:iam/policy:Policy", "p", { name: "a", policy: "{1}", tags: { a: "1" } })],
        [r("aws:iam/policy:Policy", "p", { name: "a", policy: "{2}" })],
      ),
      [["update", "p", ["policy", "tags"], []]],
    );
    assert.deepEqual(ops([r("aws:unknown/thing:Thing", "t", { name: "a" })], [r("aws:unknown/thing:Thing", "t", { name: "b" })]), [
      ["update", "t", ["name"], []],
    ]);
    assert.deepEqual(ops([r("ec2-access:x:Y", "c", { region: "a" })], [r("ec2-access:x:Y", "c", { region: "b" })]), [
      ["update", "c", ["region"], []],
    ]);
  });

  it("created and deleted by URN, sorted replace, delete, create, update", () => {
    const base = [
      r("aws:iam/policy:Policy", "old", {}),
      r("aws:iam/policy:Policy", "kept", { policy: "1" }),
      r("aws:iam/role:Role", "role", { name: "a" }),
    ];
    const head = [
      r("aws:iam/policy:Policy", "kept", { policy: "2" }),
      r("aws:iam/policy:Policy", "new", {}),
      r("aws:iam/role:Role", "role", { name: "b" }),
    ];
    assert.deepEqual(
      diffResources(base, head).map((c) => [c.op, c.name]),
      [
        ["replace", "role"],
        ["delete", "old"],
        ["create", "new"],
        ["update", "kept"],
      ],
    );
  });
});

describe("diff: policy violations", () => {
  const v = (policy: string, level: "mandatory" | "advisory", message = "m"): Violation => ({
    policy,
    enforcementLevel: level,
    urn: "u",
    message,
  });

  it("new (mandatory first) and resolved; unchanged ones are not reported", () => {
    const got = diffViolations(
      [v("kept", "mandatory"), v("gone", "advisory")],
      [v("adv", "advisory"), v("kept", "mandatory"), v("mand", "mandatory")],
    );
    assert.deepEqual(
      got.map((c) => [c.change, c.violation.policy]),
      [
        ["new", "mand"],
        ["new", "adv"],
        ["resolved", "gone"],
      ],
    );
  });

  it("a reworded message is one resolved and one new", () => {
    assert.deepEqual(
      diffViolations([v("p", "mandatory", "3 accounts")], [v("p", "mandatory", "4 accounts")]).map((c) => [c.change, c.violation.message]),
      [
        ["new", "4 accounts"],
        ["resolved", "3 accounts"],
      ],
    );
  });
});
