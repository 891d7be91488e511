// Runs the CrossGuard pack's policies in-process the way the engine's analyzer does
// (@pulumi/policy's server.js): resource policies on each resource's inputs, stack policies
// on every resource's outputs with parents and dependencies resolved, props behind the
// engine's unknown-checking proxy so that an unknown value during preview becomes an
// advisory "can't run policy" instead of a wrong answer.
import type {
  EnforcementLevel,
  Policies,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { Registration } from "./capture";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(v: T): T;
  UnknownValueError: new (...args: unknown[]) => Error;
};

export interface Violation {
  policy: string;
  enforcementLevel: EnforcementLevel;
  urn: string;
  message: string;
  severity?: string;
}

/** The policy pack config file (`--policy-pack-config`): `{ "all"?: level, "<policy>": level | { enforcementLevel?, ...props } }`. */
export type PolicyPackConfig = Record<string, unknown>;

class NotApplicable extends Error {}

interface NormalisedConfig {
  levelOf(policy: { name: string; enforcementLevel?: EnforcementLevel }): EnforcementLevel;
  propsOf(policy: { name: string; configSchema?: { properties?: Record<string, { default?: unknown }> } }): Record<string, unknown>;
}

function normaliseConfig(config: PolicyPackConfig, packLevel: EnforcementLevel): NormalisedConfig {
  // "all" is read like any entry (the engine's parsePolicyPackConfig): a level, or an object's enforcementLevel.
  const allEntry = config.all;
  const all = (
    typeof allEntry === "string"
      ? allEntry
      : allEntry && typeof allEntry === "object"
        ? (allEntry as { enforcementLevel?: unknown }).enforcementLevel
        : undefined
  ) as EnforcementLevel | undefined;
  const entry = (name: string): Record<string, unknown> => {
    const v = config[name];
    if (typeof v === "string") return { enforcementLevel: v };
    if (v && typeof v === "object") return v as Record<string, unknown>;
    return {};
  };
  return {
    levelOf: (p) => (entry(p.name).enforcementLevel as EnforcementLevel | undefined) ?? all ?? p.enforcementLevel ?? packLevel,
    propsOf: (p) => {
      // The CLI fills in each property's schema default before the pack sees the config.
      const defaults = Object.fromEntries(
        Object.entries(p.configSchema?.properties ?? {})
          .filter(([, s]) => s && "default" in s)
          .map(([k, s]) => [k, s.default]),
      );
      const { enforcementLevel: _ignored, ...props } = entry(p.name);
      void _ignored;
      return { ...defaults, ...props };
    },
  };
}

function isTypeOf(type: string, cls: unknown): boolean {
  return (cls as { __pulumiType?: string })?.__pulumiType === type;
}

/**
 * A deep copy of a resource's values. structuredClone alone throws on Pulumi's asset and archive
 * objects (their fields are promises: a Lambda's code, an S3 object's source), which stopped the
 * whole run on 20 of 43 pulumi/examples programs; no rule reads code, so such a value is shown
 * as what it is (`{ "FileArchive": true }`), and everything else is copied as before. Plain
 * objects are copied key by key in a loop: several times faster than rebuilding them through
 * Object.entries/fromEntries, and the same own enumerable keys in the same order.
 */
function copyOf(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(copyOf);
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = copyOf((value as Record<string, unknown>)[k]);
    return out;
  }
  try {
    return structuredClone(value);
  } catch {
    return { [(value as object).constructor?.name || "Object"]: true };
  }
}

type View = Pick<PolicyResource, "type" | "props" | "urn" | "name" | "opts" | "isType" | "asType">;

/**
 * What a policy sees of one resource, as the engine builds it: `props` (inputs for resource
 * policies, outputs for stack policies) behind the unknown-checking proxy, a copy per policy so
 * that one policy cannot change what the next one sees. The copy is made when the policy first
 * reads `props` (or `asType` gives them): most policies look at the type first and stop there,
 * and a copy nobody reads cannot be observed. `props` stays a writable property, as on the
 * engine's plain args object.
 */
function policyView(r: Registration, values: Record<string, unknown>): View {
  let props: Record<string, unknown> | undefined;
  const propsOnce = (): Record<string, unknown> => (props ??= unknownCheckingProxy(copyOf(values) as Record<string, unknown>));
  const view: Omit<View, "props"> = {
    type: r.type,
    urn: r.urn,
    name: r.name,
    opts: {
      protect: r.protect,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      parent: r.parent ?? undefined,
    },
    isType: (cls: unknown) => isTypeOf(r.type, cls),
    asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? propsOnce() : undefined)) as PolicyResource["asType"],
  };
  Object.defineProperty(view, "props", {
    get: propsOnce,
    // Assigning replaces the property, as on the engine's object; asType keeps the policy's props.
    set: (v: unknown) => Object.defineProperty(view, "props", { value: v, writable: true, enumerable: true, configurable: true }),
    enumerable: true,
    configurable: true,
  });
  return view as View;
}

function isResourcePolicy(p: Policies[number]): p is ResourceValidationPolicy {
  return typeof (p as ResourceValidationPolicy).validateResource !== "undefined";
}

function isStackPolicy(p: Policies[number]): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** What one policy is given besides the resources: its config and the stack's tags. */
export interface PolicyEnvironment {
  getConfig: <T extends object>() => T;
  stackTags: Map<string, string>;
}

/**
 * The `reportViolation` the analyzer hands a policy (@pulumi/policy's server.js
 * makeReportViolationFun): a message and an optional URN, or an object whose `enforcementLevel`
 * and `urn` override the policy's (the pack's exemptions report their use as advisory this way).
 */
function reporter(policy: Policies[number], level: EnforcementLevel, urnDefault: string, sink: Violation[]): ReportViolation {
  return (message: string | { message?: string; urn?: string; enforcementLevel?: EnforcementLevel }, urn?: string) => {
    if (typeof message === "object" && message !== null) {
      sink.push({
        policy: policy.name,
        enforcementLevel: message.enforcementLevel ?? level,
        urn: message.urn ?? urnDefault,
        message: message.message ?? policy.description,
        severity: policy.severity,
      });
    } else sink.push({ policy: policy.name, enforcementLevel: level, urn: urn ?? urnDefault, message, severity: policy.severity });
  };
}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** Runs `validate` and treats notApplicable as the engine does: nothing to report. Anything else thrown goes to the caller. */
async function unlessNotApplicable(validate: () => unknown): Promise<void> {
  try {
    await Promise.resolve(validate());
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw e;
  }
}

/** Runs one validation; by default lets what it throws through. */
export type Guard = (run: () => Promise<void>) => Promise<void>;

/** A policy's validations as the analyzer calls them, worked out once per policy instead of once per resource. */
type ResourceRun = (r: Registration, env: PolicyEnvironment, level: EnforcementLevel, sink: Violation[], guard: Guard) => Promise<void>;

function resourceRun(policy: ResourceValidationPolicy): ResourceRun {
  const v = policy.validateResource;
  const validations = (Array.isArray(v) ? v : [v]).filter((f): f is NonNullable<typeof f> => typeof f === "function");
  // The analyzer's fast check: a single validation marked with a type (validateResourceOfType)
  // is not applicable to other types and is not called for them.
  const onlyType = Array.isArray(v) ? undefined : (v as { __pulumiType?: string } | undefined)?.__pulumiType;
  return async (r, env, level, sink, guard) => {
    if (onlyType && r.type !== onlyType) return;
    for (const validate of validations) {
      // Resource policies type asType by the resource's args, stack policies by its outputs;
      // at run time both are the props.
      const args = Object.assign(policyView(r, r.inputs), {
        stackTags: env.stackTags,
        getConfig: env.getConfig,
        notApplicable,
      }) as ResourceValidationArgs;
      await guard(() => unlessNotApplicable(() => validate(args, reporter(policy, level, r.urn, sink))));
    }
  };
}

/**
 * Runs one resource policy on one resource's inputs, as the analyzer's Analyze call does, and
 * adds its violations to `sink` at `level`. Each of the policy's validations runs inside
 * `guard`; without one, what a validation throws (the engine's UnknownValueError during
 * preview, a bug) goes to the caller, except notApplicable.
 */
export async function validateResource(
  policy: ResourceValidationPolicy,
  r: Registration,
  env: PolicyEnvironment,
  level: EnforcementLevel,
  sink: Violation[],
  guard: Guard = (run) => run(),
): Promise<void> {
  await resourceRun(policy)(r, env, level, sink, guard);
}

/**
 * Runs one stack policy on every registration's outputs, as the analyzer's AnalyzeStack call
 * does (components included, parents and dependencies resolved), and adds its violations to
 * `sink` at `level`. Throws what the policy throws, except notApplicable.
 */
export async function validateStack(
  policy: StackValidationPolicy,
  registrations: Registration[],
  env: PolicyEnvironment,
  level: EnforcementLevel,
  sink: Violation[],
): Promise<void> {
  const byUrn = new Map<string, PolicyResource>();
  const resources: PolicyResource[] = registrations.map((r) => {
    const resource = Object.assign(policyView(r, r.outputs), { dependencies: [], propertyDependencies: {} }) as PolicyResource;
    byUrn.set(r.urn, resource);
    return resource;
  });
  registrations.forEach((r, i) => {
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent) resources[i].parent = parent;
    resources[i].dependencies = r.dependencies.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
  });
  const args = { resources, getConfig: env.getConfig, stackTags: env.stackTags, notApplicable } as StackValidationArgs;
  await unlessNotApplicable(() => policy.validateStack(args, reporter(policy, level, "", sink)));
}

/** The config a policy's `getConfig` returns: its entry in the pack config over its schema's defaults, as the CLI fills them in. */
export function policyConfig(policy: Policies[number], config: PolicyPackConfig = {}): Record<string, unknown> {
  return normaliseConfig(config, "advisory").propsOf(policy);
}

export interface RunPoliciesOptions {
  policies: Policies;
  config?: PolicyPackConfig;
  packEnforcementLevel?: EnforcementLevel;
  stackTags?: Map<string, string>;
}

export async function runPolicies(registrations: Registration[], opts: RunPoliciesOptions): Promise<Violation[]> {
  const config = normaliseConfig(opts.config ?? {}, opts.packEnforcementLevel ?? "advisory");
  const stackTags = opts.stackTags ?? new Map<string, string>();
  const custom = registrations.filter((r) => r.custom);
  const violations: Violation[] = [];

  for (const policy of opts.policies) {
    let level = config.levelOf(policy);
    if (level === "disabled") continue;
    if (level === "remediate") level = "mandatory";
    // Worked out once per policy; each call still returns a fresh object, as the CLI's config is.
    const policyProps = config.propsOf(policy);
    const env: PolicyEnvironment = { getConfig: <T extends object>() => ({ ...policyProps }) as T, stackTags };

    const guard =
      (urn: string): Guard =>
      async (run) => {
        try {
          await run();
        } catch (e) {
          if (e instanceof UnknownValueError) {
            violations.push({
              policy: policy.name,
              enforcementLevel: "advisory",
              urn,
              message: `can't run policy '${policy.name}' during preview: ${(e as Error).message}`,
            });
          } else {
            // The engine would fail the whole update; we report it as a mandatory violation
            // so the plan fails loudly and names the culprit.
            violations.push({
              policy: policy.name,
              enforcementLevel: "mandatory",
              urn,
              message: `policy '${policy.name}' threw: ${(e as Error)?.stack ?? String(e)}`,
            });
          }
        }
      };

    if (isResourcePolicy(policy)) {
      const run = resourceRun(policy);
      for (const r of custom) await run(r, env, level, violations, guard(r.urn));
    } else if (isStackPolicy(policy)) {
      await guard("")(() => validateStack(policy, registrations, env, level, violations));
    }
  }
  return violations;
}
