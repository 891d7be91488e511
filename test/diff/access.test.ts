// Access changes between two rows of the same (pattern, grant, principal): what was added and
// removed, and whether the principal now reaches more (widens), less (narrows) or both.
import assert from "node:assert/strict";
import type { AccessEntry, AccessTarget } from "../../components/access";
import { diffAccess } from "../../plan/diff/access";

const row = (target: AccessTarget, osUsers: string[] = [], denied: string[] = [], grant = "g"): AccessEntry => ({
  pattern: "instance-connect",
  grant,
  principal: { type: "group", name: "team" },
  osUsers,
  target,
  deniedInstanceIds: denied,
});

const effect = (before: AccessEntry, after: AccessEntry) => diffAccess([before], [after]).map((c) => [c.kind, c.effect]);

describe("diff: access", () => {
  it("equal rows (lists in another order) are no change", () => {
    assert.deepEqual(diffAccess([row({ tags: { T: ["a", "b"] } }, ["u", "v"])], [row({ tags: { T: ["b", "a"] } }, ["v", "u"])]), []);
  });

  it("a row on one side only is gained or lost, head order first", () => {
    const a = row({ instanceIds: ["i-a"] }, [], [], "a");
    const b = row({ instanceIds: ["i-b"] }, [], [], "b");
    const c = row({ instanceIds: ["i-c"] }, [], [], "c");
    assert.deepEqual(
      diffAccess([a, b], [c, a]).map((x) => [x.kind, x.grant]),
      [
        ["gained", "c"],
        ["lost", "b"],
      ],
    );
  });

  it("instance IDs: added widens, removed narrows, both is both", () => {
    assert.deepEqual(effect(row({ instanceIds: ["i-a"] }), row({ instanceIds: ["i-a", "i-b"] })), [["changed", "gains"]]);
    assert.deepEqual(effect(row({ instanceIds: ["i-a", "i-b"] }), row({ instanceIds: ["i-a"] })), [["changed", "loses"]]);
    assert.deepEqual(effect(row({ instanceIds: ["i-a"] }), row({ instanceIds: ["i-b"] })), [["changed", "gains and loses"]]);
  });

  it("tags: a value added or a key dropped widens; a value removed or a key added narrows", () => {
    assert.deepEqual(effect(row({ tags: { T: ["a"] } }), row({ tags: { T: ["a", "b"] } })), [["changed", "gains"]]);
    assert.deepEqual(effect(row({ tags: { T: ["a"], E: ["dev"] } }), row({ tags: { T: ["a"] } })), [["changed", "gains"]]);
    assert.deepEqual(effect(row({ tags: { T: ["a", "b"] } }), row({ tags: { T: ["a"] } })), [["changed", "loses"]]);
    assert.deepEqual(effect(row({ tags: { T: ["a"] } }), row({ tags: { T: ["a"], E: ["dev"] } })), [["changed", "loses"]]);
  });

  it("target kinds: to all instances widens, from it narrows, others are both", () => {
    assert.deepEqual(effect(row({ instanceIds: ["i-a"] }), row({ allInstances: true })), [["changed", "gains"]]);
    assert.deepEqual(effect(row({ allInstances: true }), row({ tags: { T: ["a"] } })), [["changed", "loses"]]);
    assert.deepEqual(effect(row({ instanceIds: ["i-a"] }), row({ principalTagKey: "T" })), [["changed", "gains and loses"]]);
    assert.deepEqual(effect(row({ principalTagKey: "T" }), row({ principalTagKey: "U" })), [["changed", "gains and loses"]]);
  });

  it("OS users and denied instances", () => {
    assert.deepEqual(effect(row({ instanceIds: ["i-a"] }, ["u"]), row({ instanceIds: ["i-a"] }, ["u", "root"])), [["changed", "gains"]]);
    assert.deepEqual(effect(row({ instanceIds: ["i-a"] }, [], []), row({ instanceIds: ["i-a"] }, [], ["i-z"])), [["changed", "loses"]]);
    assert.deepEqual(effect(row({ instanceIds: ["i-a"] }, [], ["i-z"]), row({ instanceIds: ["i-a"] }, [], [])), [["changed", "gains"]]);
    const [c] = diffAccess([row({ instanceIds: ["i-a"] }, ["u"], ["i-y"])], [row({ instanceIds: ["i-b"] }, ["v"], ["i-z"])]);
    assert.deepEqual(
      [c.target, c.osUsers, c.deniedInstanceIds],
      [
        { added: ["i-b"], removed: ["i-a"] },
        { added: ["v"], removed: ["u"] },
        { added: ["i-z"], removed: ["i-y"] },
      ],
    );
  });
});
