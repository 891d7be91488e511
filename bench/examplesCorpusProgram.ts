// One pulumi/examples program, in the child process bench/examplesCorpus.ts starts: its TypeScript
// transpiled on require (no type check, as `pulumi up` with ts-node's transpile-only would not be
// either: the programs target older SDKs), its config from Pulumi.yaml, run on the offline plan's
// mocks and capture, the pack through the plan's runner, each IAM principal's documents through
// the IAM simulator. Prints one marked JSON line (ProgramReport).
import { readFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import Module from "node:module";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { parse as parseYaml } from "yaml";
import { simulatorAllows } from "./oracle";
import { awsMocks } from "../plan/mocks";
import type { Registration } from "../plan/capture";
import { captureRegistrations, inTreeOrder, UNKNOWN } from "../plan/capture";
import { runPolicies } from "../plan/policyRunner";
import { policies } from "../policypack/policies";
import { awsManagedPolicy } from "../policypack/data/awsManagedPolicies";
import type { PrincipalReport, ProgramReport } from "./examplesCorpusReport";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const STACK = "dev";

type Request = [string, string[], string, string, Record<string, string>];

/** `.ts` files compiled on require, CommonJS, no type check. */
function installTypeScriptHook(): void {
  const extensions = (
    Module as unknown as { _extensions: Record<string, (m: { _compile(code: string, file: string): void }, file: string) => void> }
  )._extensions;
  extensions[".ts"] = (m, file) => {
    const out = ts.transpileModule(readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    m._compile(out.outputText, file);
  };
  // ESM-style TypeScript imports `./x.js` for `./x.ts`.
  const M = Module as unknown as { _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request, parent, ...rest) {
    try {
      return resolve.call(this, request, parent, ...rest);
    } catch (e) {
      if (request.startsWith(".") && request.endsWith(".js")) return resolve.call(this, request.replace(/\.js$/, ".ts"), parent, ...rest);
      throw e;
    }
  };
  // NODE_PATH (set by the parent) points at this repository's node_modules.
  (Module as unknown as { _initPaths(): void })._initPaths();
}

/** Pulumi.yaml's `config:` defaults and values, as the engine flattens them (`<project>:<key>`). */
function programConfig(dir: string, project: string, projectConfig: Record<string, unknown> | undefined): Record<string, string> {
  const flat: Record<string, string> = { "aws:region": REGION };
  const add = (key: string, raw: unknown) => {
    const value =
      raw && typeof raw === "object" && !Array.isArray(raw) && ("default" in raw || "value" in raw)
        ? ((raw as { default?: unknown; value?: unknown }).value ?? (raw as { default?: unknown }).default)
        : raw;
    if (value === undefined || value === null) return;
    flat[key.includes(":") ? key : `${project}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  };
  for (const [k, v] of Object.entries(projectConfig ?? {})) add(k, v);
  // Required keys without a value, found by an earlier attempt (the parent retries): placeholders.
  // `key=value` when a first placeholder was refused (a JSON object expected).
  for (const p of JSON.parse(process.env.EXAMPLES_CORPUS_PLACEHOLDERS ?? "[]") as string[]) {
    const [key, value] = p.split("=");
    flat[key] = value ?? flat[key] ?? placeholder(key);
  }
  const stackFile = path.join(dir, `Pulumi.${STACK}.yaml`);
  if (existsSync(stackFile))
    for (const [k, v] of Object.entries((parseYaml(readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> })?.config ?? {}))
      add(k, v);
  return flat;
}

function placeholder(key: string): string {
  if (/arn/i.test(key)) return `arn:aws:iam::${ACCOUNT}:role/placeholder`;
  if (/email/i.test(key)) return "placeholder@example.com";
  if (/password|secret|token/i.test(key)) return "Placeholder-Secret-1234";
  if (/count|size|port|number/i.test(key)) return "1";
  return "placeholder";
}

/**
 * plan/policyRunner.ts copies each resource's props with structuredClone, which throws
 * DataCloneError on Pulumi's asset and archive objects (their fields are promises), so any
 * Lambda with code or S3 object with a source stops the runner. Until that is fixed there, the
 * bench replaces them with a plain description (no rule reads code).
 */
function withoutAssets(v: unknown): unknown {
  if (pulumi.asset.Asset.isInstance(v) || pulumi.asset.Archive.isInstance(v)) return { asset: (v as object).constructor.name };
  if (Array.isArray(v)) return (v as unknown[]).map(withoutAssets);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutAssets(x)]));
  return v;
}

/**
 * plan/mocks.ts refuses provider functions it does not know (right for the plan). Example programs
 * look up AMIs, zones and default VPCs: answered here with plausible values, and listed in the
 * report, so that a lookup does not hide the program's IAM documents.
 */
function benchMocks(faked: Set<string>): pulumi.runtime.Mocks {
  const base = awsMocks({ accountId: ACCOUNT, region: REGION });
  return {
    newResource: (args) => base.newResource(args),
    call(args) {
      try {
        return base.call(args);
      } catch {
        faked.add(args.token);
        const fn = args.token.split(":").pop() ?? "";
        if (/AvailabilityZones/.test(fn))
          return { names: [`${REGION}a`, `${REGION}b`, `${REGION}c`], zoneIds: ["use1-az1", "use1-az2", "use1-az3"], id: REGION };
        if (/Subnet/.test(fn))
          return {
            ids: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
            id: "subnet-0aaaaaaaaaaaaaaaa",
            vpcId: "vpc-0aaaaaaaaaaaaaaaa",
          };
        if (/Vpc/.test(fn)) return { id: "vpc-0aaaaaaaaaaaaaaaa", cidrBlock: "172.31.0.0/16", ids: ["vpc-0aaaaaaaaaaaaaaaa"] };
        if (/Ami/.test(fn))
          return {
            id: "ami-0123456789abcdef0",
            imageId: "ami-0123456789abcdef0",
            arn: `arn:aws:ec2:${REGION}::image/ami-0123456789abcdef0`,
          };
        if (fn === "getPolicyDocument") return { json: policyDocumentJson(args.inputs), id: "doc" };
        return { id: `${fn}-offline` };
      }
    },
  };
}

type StatementInput = {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  notPrincipals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
};

/** `aws.iam.getPolicyDocument` as the provider renders it: one value stays a string, default effect Allow. */
function policyDocumentJson(inputs: Record<string, unknown>): string {
  const one = (v: string[] | undefined) => (v && v.length ? (v.length === 1 ? v[0] : v) : undefined);
  const principals = (ps: StatementInput["principals"]) =>
    ps && ps.length
      ? ps.length === 1 && ps[0].type === "*"
        ? "*"
        : Object.fromEntries(ps.map((p) => [p.type, one(p.identifiers)]))
      : undefined;
  const statements = ((inputs.statements as StatementInput[] | undefined) ?? []).map((st) => {
    const conditions: Record<string, Record<string, unknown>> = {};
    for (const c of st.conditions ?? []) (conditions[c.test] ??= {})[c.variable] = one(c.values);
    return Object.fromEntries(
      Object.entries({
        Sid: st.sid,
        Effect: st.effect ?? "Allow",
        Action: one(st.actions),
        NotAction: one(st.notActions),
        Resource: one(st.resources),
        NotResource: one(st.notResources),
        Principal: principals(st.principals),
        NotPrincipal: principals(st.notPrincipals),
        Condition: Object.keys(conditions).length ? conditions : undefined,
      }).filter(([, v]) => v !== undefined),
    );
  });
  return JSON.stringify({ Version: (inputs.version as string | undefined) ?? "2012-10-17", Statement: statements });
}

/** Names a principal input (a name, an ID or an ARN) by its last path segment. */
function principalName(v: unknown): string {
  const s = String(v);
  return s.startsWith("arn:") ? s.split("/").pop()! : s;
}

function parseDocument(text: unknown): unknown {
  if (typeof text !== "string") return text ?? undefined;
  if (text.includes(UNKNOWN)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every IAM principal of the classic provider and the documents attached to it, with the URNs that carry them. */
function principalsOf(
  registrations: Registration[],
): { key: string; urns: Set<string>; documents: { source: string; document: unknown }[] }[] {
  const table = new Map<string, { key: string; urns: Set<string>; documents: { source: string; document: unknown }[] }>();
  const entry = (kind: string, name: unknown) => {
    const key = `${kind}/${principalName(name)}`;
    let e = table.get(key);
    if (!e) table.set(key, (e = { key, urns: new Set(), documents: [] }));
    return e;
  };
  const managed = new Map<string, Registration>();
  for (const r of registrations) if (r.type === "aws:iam/policy:Policy" && typeof r.outputs.arn === "string") managed.set(r.outputs.arn, r);
  const attach = (e: ReturnType<typeof entry>, arn: unknown, urn: string) => {
    e.urns.add(urn);
    const mine = managed.get(String(arn));
    if (mine) {
      e.urns.add(mine.urn);
      e.documents.push({ source: `managed ${mine.name}`, document: parseDocument(mine.inputs.policy) });
    } else {
      e.documents.push({ source: `aws-managed ${String(arn)}`, document: awsManagedPolicy(String(arn))?.document });
    }
  };
  for (const r of registrations) {
    const kind = { "aws:iam/role:Role": "role", "aws:iam/user:User": "user", "aws:iam/group:Group": "group" }[r.type];
    if (kind) {
      const e = entry(kind, r.outputs.name ?? r.name);
      e.urns.add(r.urn);
      for (const p of (r.inputs.inlinePolicies as { policy?: string }[] | undefined) ?? [])
        if (p?.policy) e.documents.push({ source: `inline ${r.name}`, document: parseDocument(p.policy) });
      for (const arn of (r.inputs.managedPolicyArns as string[] | undefined) ?? []) attach(e, arn, r.urn);
    }
    const inline = {
      "aws:iam/rolePolicy:RolePolicy": "role",
      "aws:iam/userPolicy:UserPolicy": "user",
      "aws:iam/groupPolicy:GroupPolicy": "group",
    }[r.type];
    if (inline) {
      const e = entry(inline, r.inputs[inline]);
      e.urns.add(r.urn);
      e.documents.push({ source: `inline ${r.name}`, document: parseDocument(r.inputs.policy) });
    }
    const attachment = {
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "role",
      "aws:iam/userPolicyAttachment:UserPolicyAttachment": "user",
      "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "group",
    }[r.type];
    if (attachment) attach(entry(attachment, r.inputs[attachment]), r.inputs.policyArn, r.urn);
    if (r.type === "aws:iam/policyAttachment:PolicyAttachment") {
      for (const kind2 of ["role", "user", "group"])
        for (const n of (r.inputs[`${kind2}s`] as unknown[] | undefined) ?? []) attach(entry(kind2, n), r.inputs.policyArn, r.urn);
    }
  }
  return [...table.values()];
}

function allows(documents: unknown[], principalArn: string, [, , action, resource, context]: Request): boolean {
  return simulatorAllows(documents, principalArn, ACCOUNT, action, resource, context);
}

export async function runOne(dir: string, requests: Request[], mark: string): Promise<void> {
  const started = Date.now();
  installTypeScriptHook();
  const project = parseYaml(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as {
    name: string;
    main?: string;
    config?: Record<string, unknown>;
  };
  const pkg = existsSync(path.join(dir, "package.json"))
    ? (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { main?: string })
    : {};
  const mainDir = path.join(dir, project.main ?? "");
  const main = [pkg.main && path.join(dir, pkg.main), path.join(mainDir, "index.ts"), path.join(mainDir, "index.js")].find(
    (f) => f && existsSync(f),
  ) as string | undefined;
  if (!main) throw new Error("no index.ts/index.js");
  process.chdir(dir);

  const faked = new Set<string>();
  await pulumi.runtime.setMocks(benchMocks(faked), project.name, STACK, true);
  pulumi.runtime.setAllConfig(programConfig(dir, project.name, project.config), []);
  // The mock monitor accepts resource references, which plan/capture.ts (through
  // @pulumi/policy's deserializer) cannot read: a program that passes a resource as an input
  // (`role: role`) would lose that registration without an error. The engine hands analyzers
  // the resource's ID instead; so does the SDK when the monitor lacks the feature.
  type Features = { getSupportedfeaturesList(): number[]; setSupportedfeaturesList(l: number[]): void };
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    getDeploymentInfo(req: unknown, cb: (e: unknown, r: Features) => void): void;
  };
  const deploymentInfo = monitor.getDeploymentInfo.bind(monitor);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ResourceMonitorFeature } = require("@pulumi/pulumi/proto/resource_pb") as { ResourceMonitorFeature: Record<string, number> };
  monitor.getDeploymentInfo = (req, cb) =>
    deploymentInfo(req, (e, r) => {
      r?.setSupportedfeaturesList(
        r.getSupportedfeaturesList().filter((f) => f !== ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES),
      );
      cb(e, r);
    });
  const captured = captureRegistrations();
  // A registration the capture or the mocks refuse is an error the program never sees: counted.
  const registrationErrors: string[] = [];
  const wrapped = pulumi.runtime.getMonitor() as unknown as Record<
    string,
    (req: { getType(): string; getName(): string }, cb: (e: unknown, r: unknown) => void) => void
  >;
  const register = wrapped.registerResource.bind(wrapped);
  wrapped.registerResource = (req, cb) =>
    register(req, (e, r) => {
      if (e) registrationErrors.push(`${req.getType()} ${req.getName()}: ${String(e).slice(0, 200)}`);
      cb(e, r);
    });
  let failure: unknown;
  process.on("unhandledRejection", (e) => (failure ??= e));
  await pulumi.runtime.runInPulumiStack(async () => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require(main);
      const fn = typeof m === "function" ? m : typeof m?.default === "function" ? m.default : undefined;
      return fn ? await fn() : m;
    } catch (e) {
      failure = e;
      return {};
    }
  });
  await pulumi.runtime.disconnect();
  if (failure) throw failure;

  const registrations = inTreeOrder(captured);
  let assets = 0;
  for (const r of registrations) {
    const inputs = withoutAssets(r.inputs) as Record<string, unknown>;
    const outputs = withoutAssets(r.outputs) as Record<string, unknown>;
    if (JSON.stringify(inputs) !== JSON.stringify(r.inputs) || JSON.stringify(outputs) !== JSON.stringify(r.outputs)) assets++;
    r.inputs = inputs;
    r.outputs = outputs;
  }
  const violations = await runPolicies(registrations, { policies, packEnforcementLevel: "advisory" });
  // The oracle must be able to say yes: a simulator error reads as "denied" above.
  const everything = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  for (const q of requests)
    if (!allows([everything], `arn:aws:iam::${ACCOUNT}:role/oracle`, q))
      throw new Error(`the IAM simulator refuses "${q[0]}" even for Allow * on *`);
  const principals: PrincipalReport[] = principalsOf(registrations).map((p) => {
    const docs = p.documents.map((d) => d.document).filter((d) => d && typeof d === "object");
    const arn = `arn:aws:iam::${ACCOUNT}:${p.key}`;
    return {
      key: p.key,
      documents: p.documents,
      allowed: requests.filter((q) => allows(docs, arn, q)).map(([label]) => label),
      flaggedBy: [...new Set(violations.filter((v) => p.urns.has(v.urn)).map((v) => v.policy))],
    };
  });
  const types: Record<string, number> = {};
  for (const r of registrations) types[r.type] = (types[r.type] ?? 0) + 1;
  const report: Omit<ProgramReport, "program"> = {
    status: "ran",
    resources: registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").length,
    types,
    violations: violations.map((v) => ({ policy: v.policy, urn: v.urn, message: v.message })),
    principals,
    fakedCalls: [...faked].sort(),
    placeholders: JSON.parse(process.env.EXAMPLES_CORPUS_PLACEHOLDERS ?? "[]") as string[],
    resourcesWithAssets: assets,
    registrationErrors,
    seconds: (Date.now() - started) / 1000,
  };
  process.stdout.write(`${mark}${JSON.stringify(report)}\n`);
  process.exit(0);
}
