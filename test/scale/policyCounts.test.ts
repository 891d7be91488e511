// The configuration check counts each principal's managed policies with the number of parts
// each grant will be split into, before any resource exists; these tests hold that count to
// what the plan then creates, and show the message a principal over its quota gets.
import assert from "node:assert/strict";
import { ConfigError, loadStackConfig } from "../../config/load";
import { flattenConfig } from "../../config/stackFile";
import { grantPolicyLayouts } from "../../documents/grantPolicyCounts";
import { runPlan } from "../../plan/run";
import { instanceId } from "../../bench/stacks";

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => instanceId(from + i));
const base = { "aws:region": "us-east-1", "ec2-access:environment": "prod", "ec2-access:accountId": "111122223333" };
const load = (config: Record<string, unknown>) => loadStackConfig(flattenConfig(config).config, "prod");

/**
 * Every pattern, two Regions, an endpoint and created session keys: each sizes the documents.
 * The provider's Region is the second one, and the endpoint's by default.
 */
const mixed = {
  ...base,
  "aws:region": "ap-southeast-2",
  "ec2-access:regions": ["us-east-1", "ap-southeast-2"],
  "ec2-access:serialConsole": {
    denyInstanceIds: ids(3, 9000),
    grants: [
      { name: "fleet", principals: { roles: ["sre"] }, instanceIds: ids(250) },
      { name: "small", principals: { roles: ["sre"] }, instanceIds: ids(2, 500) },
    ],
  },
  "ec2-access:instanceConnect": {
    endpoint: { subnetId: "subnet-0123456789abcdef0", securityGroupIds: ["sg-0123456789abcdef0"] },
    grants: [{ name: "web", principals: { groups: ["web"] }, osUsers: ["ec2-user", "ubuntu"], console: true, instanceIds: ids(180, 1000) }],
  },
  "ec2-access:sessionManager": {
    preferences: { kmsKey: "create" },
    grants: [
      { name: "app", principals: { users: ["alice"] }, clients: ["session-manager", "ec2-console"], instanceIds: ids(150, 2000) },
      { name: "tagged", principals: { users: ["alice"] }, clients: ["session-manager"], tags: { Team: "app" } },
    ],
  },
};

describe("managed policies per grant, counted before any resource exists", () => {
  it("are exactly the policies the plan creates for each grant", async () => {
    const counts = grantPolicyLayouts(load(mixed)).policiesPerGrant;
    const { registrations } = await runPlan({ stack: "prod", config: mixed });
    const planned = new Map<string, number>();
    for (const r of registrations.filter((x) => x.type === "aws:iam/policy:Policy")) {
      const tags = r.inputs.tags as Record<string, string>;
      const key = `${tags["ec2-access:pattern"]}/${tags["ec2-access:grant"]}`;
      planned.set(key, (planned.get(key) ?? 0) + 1);
    }
    const sections = {
      "serial-console": "serialConsole",
      "instance-connect": "instanceConnect",
      "session-manager": "sessionManager",
    } as const;
    const counted = [...planned.keys()].map((k) => {
      const [pattern, grant] = k.split("/");
      return [k, counts(sections[pattern as keyof typeof sections], grant)];
    });
    assert.deepEqual(Object.fromEntries(counted), Object.fromEntries(planned));
    assert.deepEqual(Object.fromEntries(planned), {
      "serial-console/fleet": 6,
      "serial-console/small": 1,
      "instance-connect/web": 5,
      "session-manager/app": 4,
      "session-manager/tagged": 1,
    });
  });

  it("a Session Manager grant for the EC2 console lists its instances once: 500 instances in 6 policies, as without it", () => {
    const count = (clients: string[]) =>
      grantPolicyLayouts(
        load({
          ...base,
          "ec2-access:sessionManager": { grants: [{ name: "fleet", principals: { roles: ["sre"] }, clients, instanceIds: ids(500) }] },
        }),
      ).policiesPerGrant("sessionManager", "fleet");
    // SendCommand in a statement of its own, with the instances listed again, took 12.
    assert.equal(count(["session-manager", "ec2-console"]), 6);
    assert.equal(count(["session-manager"]), 6);
    assert.equal(count(["ec2-console"]), 6);
  });

  it("refuses a principal that a split grant takes over its quota, naming the grant, the principal, the count and tag-based targets", () => {
    const config = {
      ...base,
      "ec2-access:serialConsole": { grants: [{ name: "fleet", principals: { roles: ["sre"] }, instanceIds: ids(600) }] },
      "ec2-access:sessionManager": {
        grants: Array.from({ length: 4 }, (_, i) => ({ name: `team-${i}`, principals: { roles: ["sre"] }, tags: { Team: `t${i}` } })),
      },
    };
    assert.throws(
      () => load(config),
      (e: unknown) =>
        e instanceof ConfigError &&
        assert.deepEqual(e.problems, [
          'ec2-access:sessionManager.grants[3].principals.roles[0]: got role "sre" with 11 managed policies ' +
            "(serialConsole/fleet (7 policies: too large for one), sessionManager/team-0, sessionManager/team-1, sessionManager/team-2, sessionManager/team-3); " +
            "expected at most 10 per role (ec2-access:maxManagedPoliciesPerPrincipal; IAM allows 10 by default, 20 with a quota increase): " +
            "use tag-based targets (tags or principalTagKey instead of instanceIds: one policy whatever the number of instances), or ec2-access:packGrants: true (small grants share policies), or fewer grants for this role",
        ]) === undefined,
    );
    // The same grant with one instance fewer per part fits: 10 policies is the default quota.
    assert.doesNotThrow(() =>
      load({
        ...config,
        "ec2-access:serialConsole": { grants: [{ name: "fleet", principals: { roles: ["sre"] }, instanceIds: ids(500) }] },
      }),
    );
  });

  it("accepts it with the quota raised to 20, and the plan then attaches all 11", async () => {
    const config = {
      ...base,
      "ec2-access:maxManagedPoliciesPerPrincipal": 20,
      "ec2-access:serialConsole": { grants: [{ name: "fleet", principals: { roles: ["sre"] }, instanceIds: ids(600) }] },
      "ec2-access:sessionManager": {
        grants: Array.from({ length: 4 }, (_, i) => ({ name: `team-${i}`, principals: { roles: ["sre"] }, tags: { Team: `t${i}` } })),
      },
    };
    const { plan } = await runPlan({ stack: "prod", config });
    const sre = plan.principals.find((p) => p.type === "role" && p.name === "sre");
    assert.equal(sre?.policies.length, 11);
  });

  it("refuses a grant with a statement too large for any policy, naming the grant", () => {
    const values = Array.from({ length: 600 }, (_, i) => `team-${String(i).padStart(4, "0")}`);
    assert.throws(
      () =>
        load({
          ...base,
          "ec2-access:serialConsole": { grants: [{ name: "wide", principals: { roles: ["sre"] }, tags: { Team: values } }] },
        }),
      (e: unknown) =>
        e instanceof ConfigError &&
        assert.deepEqual(e.problems, [
          "ec2-access:serialConsole.grants[0]: got a statement that cannot be split and alone exceeds 6144 characters " +
            '(one item alone is 7475 characters, over 6144: {"Sid":"AllowTagBasedSerialConsoleAccess","Effect":"Allow","Action":"ec2-instance-connect:SendSerialConsoleSSHPublicKey"); ' +
            "expected every statement to fit in one managed policy: name fewer tag values, OS users or ports in this grant, or split it into several grants",
        ]) === undefined,
    );
  });

  it("stops the plan before any resource is registered", async () => {
    const config = {
      ...base,
      "ec2-access:serialConsole": { grants: [{ name: "fleet", principals: { users: ["bob"] }, instanceIds: ids(1000) }] },
    };
    await assert.rejects(
      runPlan({ stack: "prod", config }),
      (e: unknown) =>
        e instanceof ConfigError && /user "bob" with 12 managed policies \(serialConsole\/fleet \(12 policies/.test(e.message),
    );
  });
});
