// The component package's construct path (issue 14, part 3): what Pulumi's component provider
// does when a Python, Go, C#, Java or YAML program declares `ec2-access:index:<Class>` —
// `ComponentProvider.construct` from @pulumi/pulumi/provider/experimental, with the same
// options provider.ts gives it, builds the facade of components/portable/ with the inputs the
// program sent (schema-shaped: tag values as lists). It must register what the TypeScript
// program registers for the same stack (same resources, names, inputs), keep the TypeScript
// component's type and name as the facade's child, and return the outputs the schema declares.
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import type { PlanRun } from "../../plan/run";
import { runPlan } from "../../plan/run";
import { SECRET_PLACEHOLDER, readStackFile } from "../../config/stackFile";
import { InstanceConnectAccess, OrganizationGuardrails, SerialConsoleAccess, SessionManagerAccess } from "../../components/portable/index";

const ROOT = path.resolve(__dirname, "..", "..", "..");

// One provider for the suite, as Pulumi starts one per deployment: it caches the schema.
let served: ComponentProvider | undefined;
function provider(): ComponentProvider {
  return (served ??= new ComponentProvider({
    name: "ec2-access",
    dirname: path.join(ROOT, "components", "portable"),
    components: [SerialConsoleAccess, InstanceConnectAccess, SessionManagerAccess, OrganizationGuardrails],
  }));
}

/** A config section as a program of another language sends it: tag values always lists (the schema's `string[]`). */
function schemaShaped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(schemaShaped);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === "tags" && v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([t, x]) => [t, Array.isArray(x) ? x : [x]]))
        : schemaShaped(v),
    ]),
  );
}

/** The resources that are not components, by type and name (URNs differ: the facade is one more parent). */
const customResources = (run: PlanRun) =>
  run.registrations
    .filter((r) => r.custom)
    .map(({ type, name, inputs }) => ({ type, name, inputs }))
    .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));

const components = (run: PlanRun) =>
  run.registrations
    .filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack")
    .map((r) => `${r.type} ${r.name}`)
    .sort();

describe("component package: a construct through the provider registers what the TypeScript program registers", function () {
  // The first construct asks the analyzer for the schema (it type-checks the program: ~20 s).
  this.timeout(300_000);

  it("dev: SessionManagerAccess, SerialConsoleAccess (instanceRole from the session role's output) and InstanceConnectAccess", async () => {
    const dev = readStackFile(path.join(ROOT, "Pulumi.dev.yaml")).raw;
    const section = (key: string) => schemaShaped(dev[`ec2-access:${key}`]) as Record<string, unknown>;
    const program = await runPlan({ stack: "dev", config: dev });
    const states: Record<string, Record<string, unknown>> = {};
    const served = await runPlan({
      stack: "dev",
      config: dev,
      program: async () => {
        const p = provider();
        const stack = { environment: "dev", regions: ["us-east-1"], accountId: "111122223333", maxManagedPoliciesPerPrincipal: 10 };
        const construct = async (name: string, component: string, inputs: Record<string, unknown>) =>
          (states[component] = (await p.construct(name, `ec2-access:index:${component}`, inputs as pulumi.Inputs, {})).state as Record<
            string,
            unknown
          >);
        const sm = await construct("session-manager", "SessionManagerAccess", { ...section("sessionManager"), stack });
        // The stack file's `secure:` password, as the offline plan decrypts it for the program.
        const sc = section("serialConsole") as { osPassword: { password: unknown } };
        await construct("serial-console", "SerialConsoleAccess", {
          ...sc,
          osPassword: { ...sc.osPassword, password: pulumi.secret(SECRET_PLACEHOLDER) },
          stack,
          instanceRole: { name: sm.instanceRoleName },
        });
        await construct("instance-connect", "InstanceConnectAccess", { ...section("instanceConnect"), stack });
      },
    });
    assert.ok(customResources(program).filter((r) => r.type === "aws:iam/policy:Policy").length >= 6);
    assert.deepEqual(customResources(served), customResources(program));
    // The TypeScript components keep their types and names (their resources' URNs in a TypeScript stack), under the facades.
    assert.deepEqual(
      components(served).filter((c) => !c.startsWith("ec2-access:index:")),
      components(program),
    );
    assert.deepEqual(
      components(served).filter((c) => c.startsWith("ec2-access:index:")),
      [
        "ec2-access:index:InstanceConnectAccess instance-connect",
        "ec2-access:index:SerialConsoleAccess serial-console",
        "ec2-access:index:SessionManagerAccess session-manager",
      ],
    );
    // The state the provider returns: the outputs the schema declares, nothing else.
    assert.deepEqual(Object.keys(states.SerialConsoleAccess).sort(), ["adminPolicyArns", "grantPolicyArns", "osPasswordReadPolicyArn"]);
    assert.deepEqual(Object.keys(states.SessionManagerAccess).sort(), ["grantPolicyArns", "instanceProfileName", "instanceRoleName"]);
    assert.deepEqual(Object.keys(states.InstanceConnectAccess).sort(), ["endpointId", "grantPolicyArns"]);
    assert.deepEqual(served.plan.access, program.plan.access);
  });

  it("org: OrganizationGuardrails", async () => {
    const org = readStackFile(path.join(ROOT, "Pulumi.org.yaml")).raw;
    const program = await runPlan({ stack: "org", config: org });
    const served = await runPlan({
      stack: "org",
      config: org,
      program: async () => {
        const stack = { environment: "org", regions: ["us-east-1"], accountId: "999900001111" };
        await provider().construct(
          "organization",
          "ec2-access:index:OrganizationGuardrails",
          { ...(org["ec2-access:organization"] as object), stack } as pulumi.Inputs,
          {},
        );
      },
    });
    assert.ok(customResources(program).some((r) => r.type === "aws:organizations/policy:Policy"));
    assert.deepEqual(customResources(served), customResources(program));
    assert.deepEqual(components(served), ["ec2-access:index:OrganizationGuardrails organization", ...components(program)].sort());
  });

  it("a bad input is refused by the component with the config's message, naming the key and the value", async () => {
    const dev = readStackFile(path.join(ROOT, "Pulumi.dev.yaml")).raw;
    let error: unknown;
    await runPlan({
      stack: "dev",
      config: dev,
      program: async () => {
        try {
          await provider().construct(
            "sessions",
            "ec2-access:index:SessionManagerAccess",
            {
              stack: { environment: "dev", regions: ["us-east-1"] },
              grants: [{ name: "ops", principals: { groups: ["ops"] }, allInstances: true, role: "root" }],
            } as pulumi.Inputs,
            {},
          );
        } catch (e) {
          error = e;
        }
      },
    });
    assert.deepEqual((error as { problems?: string[] }).problems, ['sessions.grants[0].role: got "root"; expected one of user, admin']);
  });
});
