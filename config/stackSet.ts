// Rules over all the stacks of the project together: things that exist once per account and
// Region (the Session Manager preferences document, an Instance Connect Endpoint per subnet
// or VPC) must be owned by one stack only. A single stack's configuration cannot see that.
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, loadStackConfig, StackConfig } from "./load";
import { readStackFile } from "./stackFile";
import { preferencesOwnershipConflicts } from "../documents/sessionPreferences";
import { endpointQuotaProblems } from "../documents/instanceConnectEndpoint";

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
    stacks.flatMap((s) => {
      const e = s.instanceConnect?.endpoint;
      return e ? [{ path: `Pulumi.${s.stack}.yaml: ec2-access:instanceConnect.endpoint`, region: e.region ?? s.region, subnetId: e.subnetId, vpcId: e.vpcId }] : [];
    }),
  );
  return [...preferences, ...endpoints];
}

/** Every `Pulumi.<stack>.yaml` beside `Pulumi.yaml` that loads; the others are their own stack's problem. */
export function siblingStacks(projectDir: string): StackConfig[] {
  return fs
    .readdirSync(projectDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort()
    .flatMap((stack) => {
      try {
        return [loadStackConfig(readStackFile(path.join(projectDir, `Pulumi.${stack}.yaml`)).config, stack)];
      } catch (e) {
        if (e instanceof ConfigError) return [];
        throw e;
      }
    });
}

/** Throws ConfigError when `stack` takes part in a conflict with a sibling stack. */
export function checkAgainstSiblings(stack: string, projectDir: string): void {
  const all = siblingStacks(projectDir);
  // The conflicts this stack takes part in: those that vanish without it.
  const without = new Set(stackSetProblems(all.filter((s) => s.stack !== stack)));
  const problems = stackSetProblems(all).filter((p) => !without.has(p));
  if (problems.length) throw new ConfigError(problems);
}
