// Stable names: plans of a generated stack before and after a change, compared by URN. Adding
// or removing one instance or one grant never renames (replaces) another grant's resources,
// and a grant that grows into more policies, or shrinks into fewer, keeps its first policy.
import assert from "node:assert/strict";
import type { PlanRun } from "../../plan/run";
import { runPlan } from "../../plan/run";
import type { GeneratedGrant } from "../../bench/stacks";
import { generatedGrants, instanceId, stackConfig } from "../../bench/stacks";

const PREFIX = "urn:pulumi:scale::ec2-access::";
const GRANT = "ec2-access:iam:GrantPolicy";
const POLICY = `${GRANT}$aws:iam/policy:Policy`;
const GROUP = `${GRANT}$aws:iam/groupPolicyAttachment:GroupPolicyAttachment`;
const USER = `${GRANT}$aws:iam/userPolicyAttachment:UserPolicyAttachment`;

/** 600 instances in 6 grants of 100 (serial console, Instance Connect, Session Manager, twice): each grant is 2 policies. */
const grants = () => generatedGrants({ instances: 600, grants: 6 });
const plan = (gs: GeneratedGrant[]) => runPlan({ stack: "scale", config: stackConfig(gs) });

function urnDiff(before: PlanRun, after: PlanRun): { removed: string[]; added: string[] } {
  const a = new Set(before.registrations.map((r) => r.urn));
  const b = new Set(after.registrations.map((r) => r.urn));
  const short = (u: string) => u.slice(PREFIX.length);
  return {
    removed: [...a]
      .filter((u) => !b.has(u))
      .map(short)
      .sort(),
    added: [...b]
      .filter((u) => !a.has(u))
      .map(short)
      .sort(),
  };
}

/** The URNs of one policy part and its two attachments, as the engine writes them. */
function part(component: string, resource: string, grant: string): string[] {
  return [
    `${component}$${GROUP}::${resource}-group-${grant}-team`,
    `${component}$${POLICY}::${resource}`,
    `${component}$${USER}::${resource}-user-${grant}-lead`,
  ];
}

function policyInputs(run: PlanRun, name: string): Record<string, unknown> {
  const r = run.registrations.find((x) => x.type === "aws:iam/policy:Policy" && x.name === name);
  assert.ok(r, `no policy ${name}`);
  return r.inputs;
}

describe("stable resource names across plans (URNs)", () => {
  let base: PlanRun;
  before(async () => {
    base = await plan(grants());
  });

  it("plans two policies per 100-instance grant, the second named with .2", () => {
    const names = base.registrations
      .filter((r) => r.type === "aws:iam/policy:Policy")
      .map((r) => r.name)
      .sort();
    assert.deepEqual(names.slice(0, 4), [
      "instance-connect-grant-001",
      "instance-connect-grant-001.2",
      "instance-connect-grant-004",
      "instance-connect-grant-004.2",
    ]);
    assert.equal(names.length, 12);
    assert.deepEqual(base.plan.violations, []);
  });

  it("removing one instance from grant A and the whole grant B changes only B's URNs, and A only in content", async () => {
    const gs = grants();
    gs[0] = { ...gs[0], instanceIds: gs[0].instanceIds.slice(1) };
    const after = await plan(gs.filter((g) => g.name !== "grant-001"));
    const ic = "ec2-access:access:InstanceConnectAccess";
    assert.deepEqual(urnDiff(base, after), {
      removed: [
        `${ic}$${GRANT}::instance-connect-grant-001`,
        ...part(ic, "instance-connect-grant-001", "grant-001"),
        ...part(ic, "instance-connect-grant-001.2", "grant-001"),
      ].sort(),
      added: [],
    });
    // A's policies keep the inputs that would replace them; only the part that held the instance changes.
    for (const name of ["serial-console-grant-000", "serial-console-grant-000.2"]) {
      const [was, is] = [policyInputs(base, name), policyInputs(after, name)];
      assert.deepEqual([is.name, is.path, is.description], [was.name, was.path, was.description]);
    }
    // The removed instance was in the first part; the cut between the two parts moved with it,
    // so both documents change: two in-place updates (new policy versions), no replacement.
    const removed = grants()[0].instanceIds[0];
    const names = ["serial-console-grant-000", "serial-console-grant-000.2"];
    assert.ok(String(policyInputs(base, names[0]).policy).includes(removed));
    assert.deepEqual(
      names.filter((n) => policyInputs(base, n).policy !== policyInputs(after, n).policy),
      names,
    );
  });

  it("adding a grant ahead of the others adds only its URNs", async () => {
    const extra: GeneratedGrant = { pattern: "serialConsole", name: "grant-new", instanceIds: [instanceId(10_000)] };
    const after = await plan([extra, ...grants()]);
    const sc = "ec2-access:access:SerialConsoleAccess";
    assert.deepEqual(urnDiff(base, after), {
      removed: [],
      added: [`${sc}$${GRANT}::serial-console-grant-new`, ...part(sc, "serial-console-grant-new", "grant-new")].sort(),
    });
  });

  it("a grant that shrinks into one policy loses only its .2 part; its first policy keeps name and description", async () => {
    const gs = grants();
    gs[0] = { ...gs[0], instanceIds: gs[0].instanceIds.slice(0, 80) };
    const after = await plan(gs);
    const sc = "ec2-access:access:SerialConsoleAccess";
    assert.deepEqual(urnDiff(base, after), { removed: part(sc, "serial-console-grant-000.2", "grant-000").sort(), added: [] });
    const [was, is] = [policyInputs(base, "serial-console-grant-000"), policyInputs(after, "serial-console-grant-000")];
    assert.deepEqual([is.name, is.description], [was.name, was.description]);
    assert.equal(is.description, "ec2-access serial-console grant grant-000 (scale)");
  });

  it("a grant that grows into a third policy adds only the .3 part, named and described without a count", async () => {
    const gs = grants();
    gs[0] = { ...gs[0], instanceIds: [...gs[0].instanceIds, ...Array.from({ length: 90 }, (_, i) => instanceId(20_000 + i))] };
    const after = await plan(gs);
    const sc = "ec2-access:access:SerialConsoleAccess";
    assert.deepEqual(urnDiff(base, after), { removed: [], added: part(sc, "serial-console-grant-000.3", "grant-000").sort() });
    const third = policyInputs(after, "serial-console-grant-000.3");
    assert.deepEqual(
      [third.name, third.description],
      ["ec2-access-scale-serial-console-grant-000.3", "ec2-access serial-console grant grant-000 (scale) part 3"],
    );
    assert.equal(
      policyInputs(after, "serial-console-grant-000.2").description,
      policyInputs(base, "serial-console-grant-000.2").description,
    );
  });
});
