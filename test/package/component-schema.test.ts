// The component package (issue 14, part 3): the provider Pulumi starts for a Python, Go, C#, Java
// or YAML program (PulumiPlugin.yaml → dist/provider.js → componentProviderHost), asked for its
// schema over gRPC as the engine asks it (ResourceProvider.GetSchema). The schema is what
// Pulumi's own analyzer infers from the component classes' TypeScript args and outputs; this test
// checks it against the stack-config schema (the args are its sections plus `stack`,
// docs/components.md), and the YAML example of docs/components.md against the schema.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { parse } from "yaml";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import type { GetSchemaResponse } from "@pulumi/pulumi/proto/provider_pb";
import { GetSchemaRequest } from "@pulumi/pulumi/proto/provider_pb";
import * as stackConfig from "../../model/schema";

const REPO = path.resolve(__dirname, "../../..");

/** A property of the package schema (pulumi/pulumi pkg/codegen/schema): a type, a $ref or a map/array of them. */
interface SchemaProperty {
  type?: string;
  optional?: boolean;
  $ref?: string;
  items?: SchemaProperty;
  additionalProperties?: SchemaProperty;
}
interface SchemaResource {
  isComponent?: boolean;
  inputProperties?: Record<string, SchemaProperty>;
  requiredInputs?: string[];
  properties?: Record<string, SchemaProperty>;
}
interface PackageSchema {
  name: string;
  version: string;
  resources: Record<string, SchemaResource>;
  types?: Record<string, { properties?: Record<string, SchemaProperty> }>;
}

/** Each component and the stack-config section its args are. */
const COMPONENTS: Record<string, { shape: object }> = {
  SerialConsoleAccess: stackConfig.serialConsole(),
  InstanceConnectAccess: stackConfig.instanceConnect(),
  SessionManagerAccess: stackConfig.sessionManager(),
  OrganizationGuardrails: stackConfig.organization(),
};
/** Args that are no config key: the role the serial console's OS password read policy goes on (the session role's output). */
const NOT_CONFIG: Record<string, string[]> = { SerialConsoleAccess: ["instanceRole"] };
const token = (component: string) => `ec2-access:index:${component}`;

function call<T>(fn: (cb: (err: grpc.ServiceError | null, res: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res))));
}

describe("component package: the schema Pulumi infers from the components, served by the provider", function () {
  let child: ChildProcess | undefined;
  let client: ResourceProviderClient;
  let schema: PackageSchema;
  let stderr = "";

  before(async function () {
    this.timeout(300_000);
    const plugin = parse(fs.readFileSync(path.join(REPO, "PulumiPlugin.yaml"), "utf8")) as { runtime: string; main: string };
    assert.equal(plugin.runtime, "nodejs");
    // Started as Pulumi's run-plugin starts it: the entry in the plugin's folder, the engine's
    // address as the first argument (never dialled for GetSchema).
    child = spawn(process.execPath, [path.join(REPO, plugin.main), "127.0.0.1:1"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child!.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child!.on("exit", (code) => reject(new Error(`the provider exited with ${code} before printing its port:\n${stderr}`)));
    });
    client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const started = process.hrtime.bigint();
    const res = await call<GetSchemaResponse>((cb) => client.getSchema(new GetSchemaRequest().setVersion(0), cb));
    // Measured, not asserted: the analyzer type-checks the whole tsconfig.json program.
    console.log(`      GetSchema answered after ${Math.round(Number(process.hrtime.bigint() - started) / 1e6)} ms`);
    schema = JSON.parse(res.getSchema()) as PackageSchema;
  });

  after(() => {
    client?.close();
    if (child && child.exitCode === null) child.kill();
  });

  it("is the package ec2-access at package.json's version, serving exactly the four components", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
    assert.equal(schema.name, "ec2-access");
    assert.equal(schema.version, pkg.version);
    assert.deepEqual(Object.keys(schema.resources).sort(), Object.keys(COMPONENTS).map(token).sort());
    for (const [t, r] of Object.entries(schema.resources)) assert.equal(r.isComponent, true, t);
  });

  for (const [component, section] of Object.entries(COMPONENTS)) {
    it(`${component}: its inputs are its stack-config section's keys plus \`stack\`, which is the only required one`, () => {
      const r = schema.resources[token(component)];
      assert.deepEqual(
        Object.keys(r.inputProperties ?? {}).sort(),
        [...Object.keys(section.shape), "stack", ...(NOT_CONFIG[component] ?? [])].sort(),
      );
      assert.deepEqual(r.requiredInputs, ["stack"]);
    });
  }

  it("outputs of each component: the grants' managed policy ARNs as a map of string lists, and only real outputs (no inputs, no child)", () => {
    const withoutDocs = (props: Record<string, SchemaProperty & { description?: string }> = {}) =>
      Object.fromEntries(Object.entries(props).map(([k, { description: _d, ...p }]) => [k, p]));
    const arns = { type: "object", additionalProperties: { type: "array", items: { type: "string" } } };
    const list = { type: "array", items: { type: "string" } };
    const optionalString = { type: "string", optional: true };
    assert.deepEqual(withoutDocs(schema.resources[token("SerialConsoleAccess")].properties), {
      grantPolicyArns: arns,
      adminPolicyArns: list,
      osPasswordReadPolicyArn: optionalString,
    });
    assert.deepEqual(withoutDocs(schema.resources[token("InstanceConnectAccess")].properties), {
      grantPolicyArns: arns,
      endpointId: optionalString,
    });
    assert.deepEqual(withoutDocs(schema.resources[token("SessionManagerAccess")].properties), {
      grantPolicyArns: arns,
      instanceProfileName: optionalString,
      instanceRoleName: optionalString,
    });
    assert.deepEqual(withoutDocs(schema.resources[token("OrganizationGuardrails")].properties), { policyIds: list });
  });

  it("the YAML example of docs/components.md names the schema's tokens and only inputs the schema has, with every required one", () => {
    const doc = fs.readFileSync(path.join(REPO, "docs", "components.md"), "utf8");
    const block = /```yaml\n([\s\S]*?)```/.exec(doc);
    assert.ok(block, "docs/components.md has no yaml example");
    const program = parse(block[1]) as { resources: Record<string, { type: string; properties?: Record<string, unknown> }> };
    const used = Object.values(program.resources).filter((r) => r.type.startsWith("ec2-access:"));
    assert.ok(used.length > 0);
    for (const r of used) {
      const declared = schema.resources[r.type];
      assert.ok(declared, `${r.type} is not in the schema`);
      const given = Object.keys(r.properties ?? {});
      assert.deepEqual(
        given.filter((k) => !(k in (declared.inputProperties ?? {}))),
        [],
        `${r.type}: unknown inputs`,
      );
      assert.deepEqual(
        (declared.requiredInputs ?? []).filter((k) => !given.includes(k)),
        [],
        `${r.type}: missing required inputs`,
      );
    }
  });
});
