// Runs a pack policy through the plan's own runner (plan/policyRunner.ts), which does what the
// engine's analyzer does (@pulumi/policy server.js): props behind the unknown-checking proxy,
// `isType` on the class's `__pulumiType`, `getConfig` returning the policy's config over its
// schema's defaults, `notApplicable` yielding nothing. This file only turns a test's resources
// into registrations. Resource types come from the REAL resource classes, so a test cannot pass
// with a misspelled type token.
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { Registration } from "../../../plan/capture";
import { customRegistration } from "../../support/registration";
import type { PolicyEnvironment, Violation } from "../../../plan/policyRunner";
import { policyConfig, validateResource, validateStack } from "../../../plan/policyRunner";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
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

export interface RunOptions {
  /** Resource name (default "test"). */
  name?: string;
  /** Stack name in the URN (default "dev"). */
  stack?: string;
  /** Project name in the URN (default "ec2-access"). */
  project?: string;
  /** The policy's entry in the pack config (`getConfig` adds the schema's defaults, as the CLI does). */
  config?: Record<string, unknown>;
}

/** A custom resource as the plan records it: `props` are both its inputs and its outputs. */
function registration(cls: ResourceClass, props: Record<string, unknown>, name: string, options: Omit<RunOptions, "name">): Registration {
  // A deep copy through JSON, as the engine deserialises fresh objects from the wire; the runner
  // copies it again for each policy, so inputs and outputs can share it.
  const values = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
  return customRegistration(pulumiType(cls), name, values, { stack: options.stack, project: options.project });
}

function environment(rule: ResourceValidationPolicy | StackValidationPolicy, options: Omit<RunOptions, "name">): PolicyEnvironment {
  const config = policyConfig(rule, { [rule.name]: options.config ?? {} });
  return { getConfig: <T extends object>() => config as T, stackTags: new Map() };
}

const levelOf = (rule: ResourceValidationPolicy | StackValidationPolicy) => rule.enforcementLevel ?? "advisory";

/**
 * Runs `rule` on one resource of class `cls` with inputs `props`; returns the violation
 * messages. Throws what the rule throws (an UnknownValueError during preview, for example),
 * except notApplicable, which yields no violations, as in the engine.
 */
export async function runRule(
  rule: ResourceValidationPolicy,
  cls: ResourceClass,
  props: Record<string, unknown>,
  options: RunOptions = {},
): Promise<string[]> {
  const violations: Violation[] = [];
  await validateResource(
    rule,
    registration(cls, props, options.name ?? "test", options),
    environment(rule, options),
    levelOf(rule),
    violations,
  );
  return violations.map((v) => v.message);
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
  const registrations = resources.map((r, i) => registration(r.cls, r.props, r.name ?? `r${i}`, options));
  const urnOf = new Map(registrations.map((r) => [r.name, r.urn]));
  resources.forEach((r, i) => {
    registrations[i].parent = (r.parent && urnOf.get(r.parent)) || null;
    registrations[i].dependencies = (r.dependencies ?? []).flatMap((d) => urnOf.get(d) ?? []);
  });
  const violations: Violation[] = [];
  await validateStack(rule, registrations, environment(rule, options), levelOf(rule), violations);
  return violations.map((v) => ({ urn: v.urn || undefined, message: v.message }));
}
