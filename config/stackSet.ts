// Rules over all the stacks of the project together: things that exist once per account and
// Region (the Session Manager preferences document, an Instance Connect Endpoint per subnet
// or VPC) must be owned by one stack only. A single stack's configuration cannot see that.
import * as fs from "node:fs";
import * as path from "node:path";
import type { StackConfig } from "./load";
import { ConfigError, loadStackConfig } from "./load";
import { readStackFile } from "./stackFile";
import { preferencesOwnershipConflicts } from "../documents/sessionPreferences";
import { endpointQuotaProblems } from "../documents/instanceConnectEndpoint";
import { declaredEndpoints } from "../model/instanceConnectEndpoints";
import { keyPath } from "./messages";
import { declarativePolicyConflicts } from "../documents/declarativePolicy";

export function stackSetProblems(stacks: StackConfig[]): string[] {
  const preferences = preferencesOwnershipConflicts(
    stacks.map((s) => ({
      stack: s.stack,
      accountId: s.accountId,
      regions: s.regions,
      managesPreferences: s.sessionManager?.preferences !== undefined,
      document: s.sessionManager?.document ?? "SSM-SessionManagerRunShell",
    })),
  );
  const endpoints = endpointQuotaProblems(
    stacks.flatMap((s) =>
      declaredEndpoints(s.instanceConnect, s.region).map(({ key, region, endpoint: e }) => ({
        path: `Pulumi.${s.stack}.yaml: ${keyPath(["instanceConnect", ...key])}`,
        // Stacks that do not name their account are compared with themselves only.
        account: s.accountId ?? `stack ${s.stack}`,
        region,
        subnetId: e.subnetId,
        vpcId: e.vpcId,
      })),
    ),
  );
  const declarative = declarativePolicyConflicts(
    stacks.map((s) => ({
      stack: s.stack,
      accountId: s.accountId,
      accountAccess: s.serialConsole?.accountAccess,
      declarativeTargetIds: s.organization?.serialConsoleDeclarativePolicy?.targetIds,
    })),
  );
  return [...preferences, ...endpoints, ...declarative];
}

/** The stack names of a project: every `Pulumi.<stack>.yaml` beside `Pulumi.yaml`, sorted. */
export function stackNames(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export interface Siblings {
  stacks: StackConfig[];
  /** Stack files that do not load: their own plan reports why; the rules across stacks skip them. */
  skipped: string[];
}

/** Every `Pulumi.<stack>.yaml` beside `Pulumi.yaml` that loads; the others are their own stack's problem. */
export function siblingStacks(projectDir: string): StackConfig[] {
  return loadSiblings(projectDir).stacks;
}

export function loadSiblings(projectDir: string): Siblings {
  const stacks: StackConfig[] = [];
  const skipped: string[] = [];
  for (const stack of stackNames(projectDir)) {
    try {
      stacks.push(loadStackConfig(readStackFile(path.join(projectDir, `Pulumi.${stack}.yaml`)).config, stack));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      skipped.push(stack);
    }
  }
  return { stacks, skipped };
}

/**
 * Throws ConfigError when `stack` takes part in a conflict with a sibling stack. `current`, when
 * given, is the stack's configuration as planned (from `--config`), in place of its own file.
 * Returns the sibling stacks that were skipped because their files do not load: a broken
 * sibling cannot deploy either, and its own plan says why, so it does not stop this one; the
 * conflict it may hide is found once it is fixed.
 */
export function checkAgainstSiblings(stack: string, projectDir: string, current?: StackConfig): string[] {
  const siblings = loadSiblings(projectDir);
  const all = current ? [...siblings.stacks.filter((s) => s.stack !== stack), current] : siblings.stacks;
  // The conflicts this stack takes part in: those that vanish without it.
  const without = new Set(stackSetProblems(all.filter((s) => s.stack !== stack)));
  const problems = stackSetProblems(all).filter((p) => !without.has(p));
  if (problems.length) throw new ConfigError(problems);
  return siblings.skipped.filter((s) => s !== stack);
}
