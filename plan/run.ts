// The offline plan (docs/contracts/offline-plan.md): the real program on Pulumi's mock
// runtime inside a stack resource, every registration captured, the policy pack's policies
// run on what was registered, and the result shaped as the plan contract.
import * as pulumi from "@pulumi/pulumi";
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { awsMocks } from "./mocks";
import type { Registration } from "./capture";
import { captureRegistrations, displayProps, inTreeOrder } from "./capture";
import type { PolicyPackConfig, Violation } from "./policyRunner";
import { runPolicies } from "./policyRunner";
import { principalsOf } from "./principals";
import type { RegisteredPlan } from "./registered";
import type { AccessEntry } from "../components/access";
import { ACCESS_TYPE_PREFIX } from "../model/patterns";
import { evaluateAccess } from "./accessEvaluation";
import type { CombinedAccess } from "./combinedAccess";
import { combinedAccess } from "./combinedAccess";
import { markExpiredGrants } from "./expiredGrants";
import type { Power } from "./powers";
import { powersOf } from "./powers";
import { loadStackConfig, PROJECT } from "../config/load";
import { flattenConfig } from "../config/flatConfig";
import { ec2Access } from "../program";
import { policies as packPolicies } from "../policypack/policies";
import { ApiLimitError, checkApiLimits } from "./limits/check";

export type { PlanResource, RegisteredPlan } from "./registered";

export interface Plan extends RegisteredPlan {
  /** Powers over access besides the access table (plan/powers.ts), read from what is registered. */
  powers: Power[];
  violations: Violation[];
  /**
   * Session Manager access a principal has only through the union of its grants (one grant's
   * documents on another's instances, plan/combinedAccess.ts); absent when there is none.
   */
  combinedAccess?: CombinedAccess[];
}

export interface PlanOptions {
  stack: string;
  /** The `config:` map of a Pulumi.<stack>.yaml, as parsed YAML. */
  config: Record<string, unknown>;
  /** Used when the config has no `ec2-access:accountId` (offline there is no caller identity). */
  accountId?: string;
  policyConfig?: PolicyPackConfig;
  /** The policies to run; the pack's own by default. */
  policies?: Policies;
  /** The program to run; the real one by default. */
  program?: () => Promise<Record<string, unknown> | void>;
  /** Keep V8's stack traces during the run (off by default: see `withoutStackTraces`). */
  stackTraces?: boolean;
  /** The instant grants' `expires` are compared with, in ms since the epoch; the clock by default. */
  now?: number;
}

/** Offline there are no credentials to ask; this stands in when neither config nor flag gives one. */
export const DEFAULT_OFFLINE_ACCOUNT = "123456789012";

export interface PlanRun {
  plan: Plan;
  registrations: Registration[];
  stackOutputs: Record<string, unknown> | undefined;
}

// One plan at a time: Pulumi's runtime settings are process-global.
let running: Promise<unknown> = Promise.resolve();

export function planStack(opts: PlanOptions): Promise<Plan> {
  return runPlan(opts).then((r) => r.plan);
}

export function runPlan(opts: PlanOptions): Promise<PlanRun> {
  const next = running.then(() => (opts.stackTraces ? runPlanNow(opts) : withoutStackTraces(() => runPlanNow(opts))));
  running = next.catch(() => undefined);
  return next;
}

/**
 * Runs `f` with Node's `Error.stackTraceLimit` at 0, then restores it. @pulumi/pulumi records
 * `new Error().stack` on every promise it wraps (runtime/debuggable.js, read only by its
 * promise-leak report) and the plan never shows one; Pulumi documents no option to turn that
 * off, Node documents the limit (https://nodejs.org/api/errors.html#errorstacktracelimit).
 * Error messages are unchanged, only their `stack` loses its frames: the CLI prints one line
 * anyway. Resource source positions are unaffected (Pulumi raises the limit itself there). The
 * limit is process-global, and so is a plan (`running` serialises them).
 */
async function withoutStackTraces<T>(f: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

async function runPlanNow(opts: PlanOptions): Promise<PlanRun> {
  const { config: flat, secretKeys } = flattenConfig(opts.config);
  // Validate before any resource exists; throws ConfigError with every problem.
  const config = loadStackConfig(flat, opts.stack, { secretKeys });
  const accountId = config.accountId ?? opts.accountId ?? DEFAULT_OFFLINE_ACCOUNT;

  await pulumi.runtime.setMocks(awsMocks({ accountId, region: config.region }), PROJECT, opts.stack, true);
  pulumi.runtime.setAllConfig(flat, secretKeys);
  const captured = captureRegistrations();
  // The real program gets the configuration loaded above (the same keys setAllConfig handed the runtime).
  const program = opts.program ?? (() => ec2Access({ all: flat, config }));
  let stackOutputs: Record<string, unknown> | undefined;
  let failure: unknown;
  try {
    // The program's error is caught inside the stack's init: thrown out of it, it would also
    // reject promises the Stack resource keeps (its data, urn, outputs) that nobody awaits, and
    // the process would die of an unhandled rejection after the CLI reported the error.
    stackOutputs = (await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return (await program()) ?? {};
      } catch (e) {
        failure = e ?? new Error("the program failed without an error");
        return {};
      }
    })) as Record<string, unknown> | undefined;
  } catch (e) {
    failure ??= e;
  }
  await pulumi.runtime.disconnect();
  if (failure) throw failure;

  const registrations = inTreeOrder(captured);
  // The mocks accept any value; AWS's API does not. Refused before any policy runs.
  const limitProblems = checkApiLimits(registrations);
  if (limitProblems.length > 0) throw new ApiLimitError(limitProblems);
  const policies = opts.policies ?? packPolicies;
  const violations = await runPolicies(registrations, {
    policies,
    config: opts.policyConfig,
    packEnforcementLevel: "advisory" as EnforcementLevel,
  });

  const plan: Plan = {
    stack: opts.stack,
    accountId,
    regions: config.regions,
    resources: registrations.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent,
      // A component's inputs are its args, which the engine records (super(type, name, args));
      // the plan shows what they produce (children, documents, the access table), not the args
      // again: the config already says them, and plans stay comparable with earlier ones.
      inputs: r.custom ? displayProps(r.inputs, r.secretKeys) : {},
      outputs: displayProps(r.outputs, r.secretKeys),
      ...(r.importId ? { importId: r.importId } : {}),
    })),
    principals: principalsOf(registrations),
    // The components' intent, replaced below by what the documents actually allow.
    access: registrations
      .filter((r) => r.type.startsWith(ACCESS_TYPE_PREFIX))
      .flatMap((r) => (r.outputs.access as AccessEntry[] | undefined) ?? []),
    powers: [],
    violations,
  };
  // The access table is what the documents allow, evaluated, not what the config says:
  // any difference from the components' intent is a mandatory violation.
  const { access, mismatches } = evaluateAccess(plan);
  plan.access = access;
  plan.powers = powersOf(plan);
  plan.violations = [...plan.violations, ...mismatches, ...markExpiredGrants(plan.access, opts.now ?? Date.now())];
  const { combined, warnings } = combinedAccess(plan);
  if (combined.length) {
    plan.combinedAccess = combined;
    plan.violations.push(...warnings);
  }
  return { plan, registrations, stackOutputs };
}
