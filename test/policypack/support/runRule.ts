// Runs a pack policy the way the engine's analyzer does (@pulumi/policy server.js): props
// behind the unknown-checking proxy, `isType` on the class's `__pulumiType`, `getConfig`
// returning the policy's config, `notApplicable` throwing. Resource types come from the REAL
// resource classes, so a test cannot pass with a misspelled type token.
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(v: T): T;
  UnknownValueError: new (...args: unknown[]) => Error;
  unknownStringValue: string;
  unknownArrayValue: string;
  unknownObjectValue: string;
};

/** Engine sentinels: put one in props to stand for a value unknown during preview. */
export const unknown = {
  string: proxy.unknownStringValue,
  array: proxy.unknownArrayValue,
  object: proxy.unknownObjectValue,
};

/** The error the engine turns into an advisory "can't run policy during preview". */
export const UnknownValueError = proxy.UnknownValueError;

export interface ResourceClass {
  new (...args: never[]): unknown;
}

function pulumiType(cls: ResourceClass): string {
  const t = (cls as unknown as { __pulumiType?: string }).__pulumiType;
  if (!t) throw new Error(`${cls.name} has no __pulumiType: not a Pulumi resource class`);
  return t;
}

class NotApplicableError extends Error {}

export interface RunOptions {
  /** Resource name (default "test"). */
  name?: string;
  /** Stack name in the URN (default "dev"). */
  stack?: string;
  /** Project name in the URN (default "ec2-access"). */
  project?: string;
  /** The policy's config, as `getConfig` returns it. */
  config?: Record<string, unknown>;
}

export function resourceArgs(cls: ResourceClass, props: Record<string, unknown>, options: RunOptions = {}): ResourceValidationArgs {
  const type = pulumiType(cls);
  const name = options.name ?? "test";
  const stack = options.stack ?? "dev";
  const project = options.project ?? "ec2-access";
  // A deep copy, as the engine deserialises fresh objects for every call.
  const proxied = proxy.unknownCheckingProxy(JSON.parse(JSON.stringify(props)) as Record<string, unknown>);
  return {
    type,
    props: proxied,
    urn: `urn:pulumi:${stack}::${project}::${type}::${name}`,
    name,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    stackTags: new Map(),
    isType: (c: unknown) => (c as { __pulumiType?: string }).__pulumiType === type,
    asType: ((c: unknown) => ((c as { __pulumiType?: string }).__pulumiType === type ? proxied : undefined)) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => (options.config ?? {}) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicableError(reason);
    },
  };
}

/**
 * Runs `rule` on one resource of class `cls` with inputs `props`; returns the violation
 * messages. Throws what the rule throws (an UnknownValueError during preview, for example),
 * except notApplicable, which yields no violations, as in the engine.
 */
export async function runRule(rule: ResourceValidationPolicy, cls: ResourceClass, props: Record<string, unknown>, options: RunOptions = {}): Promise<string[]> {
  const violations: string[] = [];
  const report: ReportViolation = (message: string) => {
    violations.push(message);
  };
  const validations = rule.validateResource === undefined ? [] : Array.isArray(rule.validateResource) ? rule.validateResource : [rule.validateResource];
  for (const v of validations) {
    try {
      await v(resourceArgs(cls, props, options), report);
    } catch (e) {
      if (e instanceof NotApplicableError) continue;
      throw e;
    }
  }
  return violations;
}

export interface StackResource {
  cls: ResourceClass;
  props: Record<string, unknown>;
  name?: string;
  /** Name of another resource in the same list. */
  parent?: string;
  dependencies?: string[];
}

/** Runs a stack policy on resources given as outputs; returns `{ urn, message }` per violation. */
export async function runStackRule(
  rule: StackValidationPolicy,
  resources: StackResource[],
  options: Omit<RunOptions, "name"> = {},
): Promise<{ urn?: string; message: string }[]> {
  const stack = options.stack ?? "dev";
  const byName = new Map<string, PolicyResource>();
  const list: PolicyResource[] = resources.map((r, i) => {
    const type = pulumiType(r.cls);
    const name = r.name ?? `r${i}`;
    const props = proxy.unknownCheckingProxy(JSON.parse(JSON.stringify(r.props)) as Record<string, unknown>);
    const res: PolicyResource = {
      type,
      props,
      urn: `urn:pulumi:${stack}::ec2-access::${type}::${name}`,
      name,
      opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
      dependencies: [],
      propertyDependencies: {},
      isType: (c: unknown) => (c as { __pulumiType?: string }).__pulumiType === type,
      asType: ((c: unknown) => ((c as { __pulumiType?: string }).__pulumiType === type ? props : undefined)) as PolicyResource["asType"],
    };
    byName.set(name, res);
    return res;
  });
  resources.forEach((r, i) => {
    if (r.parent) list[i].parent = byName.get(r.parent);
    list[i].dependencies = (r.dependencies ?? []).map((d) => byName.get(d)).filter((d): d is PolicyResource => d !== undefined);
  });
  const out: { urn?: string; message: string }[] = [];
  const args: StackValidationArgs = {
    resources: list,
    getConfig: <T extends object>() => (options.config ?? {}) as T,
    stackTags: new Map(),
    notApplicable: (reason?: string): never => {
      throw new NotApplicableError(reason);
    },
  } as StackValidationArgs;
  try {
    await rule.validateStack(args, (message: string, urn?: string) => {
      out.push({ urn, message });
    });
  } catch (e) {
    if (!(e instanceof NotApplicableError)) throw e;
  }
  return out;
}
