// Cross-key rules of `ec2-access:network`: each VPC endpoint set lives in a Region the stack
// deploys to, and each VPC has one set per Region. Both need the stack's Region (an entry
// without `region` is in `aws:region`), which the section's own schema does not know.
import type { CheckableConfig } from "../model/schema";
import { keyPath, show } from "./messages";

export function networkProblems(c: CheckableConfig): string[] {
  return [...vpcEndpointRegions(c), ...duplicateVpcs(c)];
}

/** A set in a Region the stack does not manage would deploy there unseen by the stack's other checks. */
function vpcEndpointRegions(c: CheckableConfig): string[] {
  if (!c.regions) return [];
  const regions = c.regions;
  return (c.network?.vpcEndpoints ?? []).flatMap((e, i) =>
    e.region === undefined || regions.includes(e.region)
      ? []
      : [
          `${keyPath(["network", "vpcEndpoints", i, "region"])}: got ${show(e.region)}; expected one of the stack's regions ${show(regions)} ` +
            `(aws:region and ${keyPath(["regions"])}), or add ${e.region} to ${keyPath(["regions"])}`,
        ],
  );
}

/**
 * One set per VPC and Region: a second would create the same endpoints again (AWS refuses a
 * second endpoint with private DNS for one service in one VPC) under the same resource names.
 * An entry without `region` is in `aws:region`, so `region: <aws:region>` and no region are the same.
 */
function duplicateVpcs(c: CheckableConfig): string[] {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  (c.network?.vpcEndpoints ?? []).forEach((e, i) => {
    const region = e.region ?? c.region;
    const key = JSON.stringify([e.vpcId, region ?? null]);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    problems.push(
      `${keyPath(["network", "vpcEndpoints", i, "vpcId"])}: got ${show(e.vpcId)}; expected each VPC once per Region: ` +
        `${keyPath(["network", "vpcEndpoints", first])} already has it${region ? ` in ${region}` : ""}`,
    );
  });
  return problems;
}
