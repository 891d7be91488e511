// Records every registration the program makes, as the engine would see it.
// `MockResourceArgs` carries no parent or dependencies (notes, "setMocks"), so we wrap the
// mock monitor's gRPC-shaped methods and read the requests themselves.
import * as pulumi from "@pulumi/pulumi";
// The policy SDK's own deserializer: secrets unwrapped and unknowns kept as the engine's
// sentinel, exactly as a policy receives them from the engine.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
  deserializeProperties(struct: unknown, proxySecrets: boolean): Record<string, unknown>;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const resproto = require("@pulumi/pulumi/proto/resource_pb") as { ResourceMonitorFeature: Record<string, number> };

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = SECRET_SIG;

export interface Registration {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string | null;
  dependencies: string[];
  provider: string | null;
  importId: string | null;
  protect: boolean;
  /** Inputs as a policy sees them: secrets unwrapped, unknowns as the engine's sentinel. */
  inputs: Record<string, unknown>;
  /** Outputs as a stack policy sees them. */
  outputs: Record<string, unknown>;
  /** Top-level input/output keys that hold secrets (never printed). */
  secretKeys: string[];
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The URN the engine would give: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`,
 * where the qualified type is every ancestor's type but the root stack's, joined by `$`.
 * The mock monitor keeps only the direct parent's type (and the stack's), so we rebuild it.
 */
export function engineUrn(mockUrn: string, type: string, parentQualifiedType: string | null): { urn: string; qualifiedType: string } {
  const parts = mockUrn.split("::");
  const name = parts.slice(3).join("::");
  const qualifiedType = type === STACK_TYPE || !parentQualifiedType ? type : `${parentQualifiedType}$${type}`;
  return { urn: `${parts[0]}::${parts[1]}::${qualifiedType}::${name}`, qualifiedType };
}

interface StructLike {
  toJavaScript(): Record<string, unknown>;
}

function isSecret(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_VALUE;
}

function secretKeysOf(raw: Record<string, unknown>): string[] {
  return Object.keys(raw).filter((k) => containsSecret(raw[k]));
}

function containsSecret(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecret);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsSecret);
  return false;
}

/**
 * Registrations as a tree walk: each resource followed by its children, siblings by name and
 * type. Completion order, and even request order, depend on when inputs resolve; this order
 * depends only on what the program declares, so two plans of one stack are identical.
 */
export function inTreeOrder(registrations: Map<string, Registration>): Registration[] {
  const children = new Map<string | null, Registration[]>();
  for (const r of registrations.values()) {
    const parent = r.parent && registrations.has(r.parent) ? r.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: Registration[] = [];
  const walk = (parent: string | null) => {
    const list = (children.get(parent) ?? []).sort((a, b) => (a.name === b.name ? a.type.localeCompare(b.type) : a.name < b.name ? -1 : 1));
    for (const r of list) {
      out.push(r);
      walk(r.urn);
    }
  };
  walk(null);
  return out;
}

/**
 * The engine hands a policy pack a resource passed as an input (`role: role`) as that resource's
 * ID, never as a resource reference, and @pulumi/policy's deserializer refuses references. The
 * mock monitor announces support for them, so the SDK would send references and the capture
 * could not read the registration. Announcing no support makes the SDK send what analyzers get.
 */
function withoutResourceReferences(monitor: Record<string, (req: any, cb: (err: unknown, resp: any) => void) => void>): void {
  const supportsFeature = monitor.supportsFeature.bind(monitor);
  monitor.supportsFeature = (req, callback) => {
    if (req.getId() === "resourceReferences") return callback(null, { getHassupport: () => false });
    supportsFeature(req, callback);
  };
  const deploymentInfo = monitor.getDeploymentInfo?.bind(monitor);
  if (!deploymentInfo) return;
  monitor.getDeploymentInfo = (req, callback) =>
    deploymentInfo(req, (err, resp) => {
      resp?.setSupportedfeaturesList?.(
        (resp.getSupportedfeaturesList() as number[]).filter(
          (f) => f !== resproto.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES,
        ),
      );
      callback(err, resp);
    });
}

/**
 * Starts recording on the current (mock) monitor. Call after `setMocks` and before the
 * program runs; read `registrations` after `disconnect()`.
 */
export function captureRegistrations(): Map<string, Registration> {
  const registrations = new Map<string, Registration>();
  // The mock monitor implements the gRPC service's methods with (request, callback).
  const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, (req: any, cb: (err: unknown, resp: any) => void) => void>;
  const register = monitor.registerResource.bind(monitor);
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  withoutResourceReferences(monitor);

  // Mock URN -> engine URN and qualified type, filled as each parent answers before its children ask.
  const known = new Map<string, { urn: string; qualifiedType: string }>();
  const toEngine = (mockUrn: string) => known.get(mockUrn)?.urn ?? mockUrn;
  monitor.registerResource = (req, callback) => {
    register(req, (err, resp) => {
      if (!err && resp) {
        try {
          record(req, resp);
        } catch (e) {
          // A registration the plan cannot read must fail the program, not vanish from the plan.
          callback(e instanceof Error ? e : new Error(String(e)), undefined);
          return;
        }
      }
      callback(err, resp);
    });
  };
  const record = (req: any, resp: any) => {
    {
      {
        const object = req.getObject() as StructLike | undefined;
        const rawInputs = object ? object.toJavaScript() : {};
        const outStruct = resp.getObject() as StructLike | undefined;
        const rawOutputs = outStruct ? outStruct.toJavaScript() : {};
        const secretKeys = secretKeysOf(rawInputs);
        const opts = req;
        const parentMock: string = req.getParent();
        const parent = parentMock ? known.get(parentMock) : undefined;
        // Children of the root stack carry no stack type in the engine's URNs.
        const parentQualified = parent && parent.qualifiedType !== STACK_TYPE ? parent.qualifiedType : null;
        const engine = engineUrn(resp.getUrn(), req.getType(), parentQualified);
        known.set(resp.getUrn(), engine);
        const urn = engine.urn;
        registrations.set(urn, {
          urn,
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: parentMock ? toEngine(parentMock) : null,
          dependencies: (req.getDependenciesList() as string[]).map(toEngine),
          provider: req.getProvider() || null,
          importId: req.getImportid() || null,
          protect: Boolean(opts.getProtect?.()),
          inputs: object ? deserializeProperties(object, false) : {},
          // A mock echoes its inputs into its state, losing the secret marks: the engine
          // keeps an input's secrecy on the output of the same name, so we do too.
          outputs: outStruct ? deserializeProperties(outStruct, false) : {},
          secretKeys: [...new Set([...secretKeys, ...secretKeysOf(rawOutputs)])],
        });
      }
    }
  };

  monitor.registerResourceOutputs = (req, callback) => {
    const urn = toEngine(req.getUrn());
    const reg = registrations.get(urn);
    const outputs = req.getOutputs() as StructLike | undefined;
    if (reg && outputs) {
      reg.outputs = deserializeProperties(outputs, false);
      reg.secretKeys = [...new Set([...reg.secretKeys, ...secretKeysOf(outputs.toJavaScript())])];
    }
    registerOutputs(req, callback);
  };

  return registrations;
}

/** A JSON-safe copy for display: secrets masked, unknowns shown as `[unknown]`. */
export function displayValue(value: unknown, secret = false): unknown {
  if (secret) return "[secret]";
  if (value === UNKNOWN) return "[unknown]";
  if (Array.isArray(value)) return value.map((v) => displayValue(v));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayValue(v)]));
  }
  return value;
}

export function displayProps(props: Record<string, unknown>, secretKeys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, displayValue(v, secretKeys.includes(k))]));
}
