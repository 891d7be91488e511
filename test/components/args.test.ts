// The components as a library: args are the stack-config sections plus `stack`, checked with the
// config's messages (the component's name in place of the config key) before anything is
// registered, and a component used directly from TypeScript, with Inputs, registers what the
// program registers for the same section.
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runPlan } from "../../plan/run";
import type { PlanResource } from "../../plan/run";
import { readStackFile } from "../../config/stackFile";
import { loadStackConfig } from "../../config/load";
import { flattenConfig } from "../../config/stackFile";
import { InstanceConnectAccess, SerialConsoleAccess, SessionManagerAccess } from "../../components/index";
import type { InstanceConnectAccessArgs } from "../../components/index";
import { ComponentArgsError } from "../../components/checkArgs";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const dev = readStackFile(path.join(ROOT, "Pulumi.dev.yaml")).raw;
const STACK = { environment: "dev", regions: ["us-east-1"] };

/** The problems a component refuses its args with; fails if it accepts them. */
async function refusal(program: () => void): Promise<ComponentArgsError> {
  let error: unknown;
  await runPlan({
    stack: "dev",
    config: dev,
    program: async () => {
      try {
        program();
      } catch (e) {
        error = e;
      }
    },
  });
  assert.ok(error instanceof ComponentArgsError, `expected a ComponentArgsError, got ${String(error)}`);
  return error;
}

/** The config's message for the same mistake, from the stack-config loader. */
function configProblems(section: string, value: unknown): string[] {
  const { config } = flattenConfig({ ...dev, [`ec2-access:${section}`]: value });
  try {
    loadStackConfig(config, "dev");
  } catch (e) {
    return (e as { problems: string[] }).problems;
  }
  assert.fail("the config loader accepted it");
}

describe("components: args are the config sections plus stack", () => {
  it("refuses a bad arg with the config's message, the component's name in place of the config key, as a ResourceError without a stack trace", async () => {
    const grants = [{ name: "web", principals: { groups: ["web-devs"] }, osUsers: ["*"], instanceIds: ["i-1234567890abcdef0"] }];
    const error = await refusal(() => new InstanceConnectAccess("web-access", { stack: STACK, grants }));
    const fromConfig = configProblems("instanceConnect", { grants });
    assert.deepEqual(fromConfig, [
      'ec2-access:instanceConnect.grants[0].osUsers[0]: got "*"; expected an explicit OS user; * would let the grant log in as anyone, root included',
    ]);
    assert.deepEqual(error.problems, [
      'web-access.grants[0].osUsers[0]: got "*"; expected an explicit OS user; * would let the grant log in as anyone, root included',
    ]);
    assert.ok(error instanceof pulumi.ResourceError);
    assert.equal(error.hideStack, true);
    assert.match(
      error.message,
      /^InstanceConnectAccess "web-access": invalid args \(1 problem\):\n {2}web-access\.grants\[0\]\.osUsers\[0\]/,
    );
  });

  it("runs the config's cross-section rules on the args: the reserved grant name, the stack's own keys", async () => {
    const error = await refusal(
      () =>
        new SerialConsoleAccess("console", {
          stack: { environment: "Dev", regions: ["us-east-1"] },
          grants: [{ name: "admins", principals: { groups: ["ops"] }, allInstances: true }],
        }),
    );
    assert.deepEqual(error.problems, [
      'console.stack.environment: got "Dev"; expected 1-20 lower-case letters, digits and hyphens, e.g. prod',
    ]);
    const reserved = await refusal(
      () =>
        new SerialConsoleAccess("console", {
          stack: STACK,
          grants: [{ name: "admins", principals: { groups: ["ops"] }, allInstances: true }],
        }),
    );
    assert.deepEqual(reserved.problems, ['console.grants[0].name: got "admins"; expected another name: "admins" is the admin policy\'s']);
  });

  it("registers nothing when it refuses its args", async () => {
    let registered: PlanResource[] = [];
    await runPlan({
      stack: "dev",
      config: dev,
      program: async () => {
        try {
          new SessionManagerAccess("sessions", { stack: STACK, grants: [{ name: "x", principals: {}, allInstances: true }] });
        } catch {
          // refused
        }
      },
    }).then((r) => (registered = r.plan.resources));
    assert.deepEqual(
      registered.map((r) => r.type),
      ["pulumi:pulumi:Stack"],
    );
  });

  it("used directly from TypeScript with Inputs (a secret password, the account ID as an Output), registers the program's resources and documents", async () => {
    const program = await runPlan({ stack: "dev", config: dev });
    const section = (key: string) => dev[`ec2-access:${key}`] as Record<string, unknown>;
    const direct = await runPlan({
      stack: "dev",
      config: dev,
      program: async () => {
        const stack = {
          environment: "dev",
          regions: ["us-east-1"],
          accountId: pulumi.output("111122223333"),
          maxManagedPoliciesPerPrincipal: 10,
        };
        const sessions = new SessionManagerAccess("session-manager", { ...(section("sessionManager") as object), stack });
        const sc = section("serialConsole") as { osPassword: { user: string; password: string } };
        new SerialConsoleAccess("serial-console", {
          ...(sc as object),
          osPassword: { ...sc.osPassword, password: pulumi.secret(sc.osPassword.password) },
          stack,
          instanceRole: sessions.instanceRole && { name: sessions.instanceRole.name },
        });
        const ic: InstanceConnectAccessArgs = { ...(section("instanceConnect") as object), stack };
        new InstanceConnectAccess("instance-connect", ic);
      },
    });
    const custom = (rs: PlanResource[]) =>
      rs.filter((r) => !r.type.startsWith("ec2-access:") && r.type !== "pulumi:pulumi:Stack").map(({ urn, inputs }) => ({ urn, inputs }));
    const expected = custom(program.plan.resources);
    assert.ok(expected.filter((r) => r.urn.includes("aws:iam/policy:Policy")).length >= 6);
    assert.deepEqual(custom(direct.plan.resources), expected);
    assert.deepEqual(direct.plan.principals, program.plan.principals);
    assert.deepEqual(direct.plan.access, program.plan.access);
  });

  it("records its args as the component's inputs, the password as a secret", async () => {
    const run = await runPlan({ stack: "dev", config: dev });
    const sc = run.registrations.find((r) => r.type === "ec2-access:access:SerialConsoleAccess")!;
    assert.equal((sc.inputs.stack as { environment: string }).environment, "dev");
    assert.deepEqual(
      (sc.inputs.grants as { name: string }[]).map((g) => g.name),
      ["oncall", "team-abac", "break-glass"],
    );
    assert.ok(sc.secretKeys.includes("osPassword"), `secret keys: ${sc.secretKeys.join(", ")}`);
  });
});
