// EC2 Instance Connect Endpoint facts known before the endpoint exists: the length of its ID,
// and the quota of one endpoint per VPC and one per subnet, which AWS does not let anyone raise
// and no provider checks before the API call fails. Pure: plain values in, messages out.

/**
 * Same length as every real endpoint ID (`eice-` + 17 hex digits), so that a document built
 * with it has the size of the real one before the endpoint exists.
 */
export const STAND_IN_ENDPOINT_ID = "eice-00000000000000000";

/** One endpoint as the stacks of an account declare it, with the config path to report. */
export interface DeclaredEndpoint {
  /** e.g. `ec2-access:instanceConnect.endpoint` (prefix it with the stack when checking several). */
  path: string;
  region: string;
  subnetId: string;
  vpcId?: string;
}

/**
 * One message per endpoint that would break the one-per-subnet or one-per-VPC quota, in the
 * configuration error format (`<path>: got <value>; expected ...`). Pass every endpoint that
 * will exist in the account: those of each stack, and any made outside these stacks. A VPC
 * is only checked where the configuration names it (`vpcId`): the subnet's VPC is not known
 * offline.
 */
export function endpointQuotaProblems(endpoints: DeclaredEndpoint[]): string[] {
  const problems: string[] = [];
  const bySubnet = new Map<string, DeclaredEndpoint>();
  const byVpc = new Map<string, DeclaredEndpoint>();
  for (const e of endpoints) {
    // IDs are unique per account and Region; the Region in the key keeps two Regions apart.
    const subnetKey = `${e.region}/${e.subnetId}`;
    const first = bySubnet.get(subnetKey);
    if (first) {
      problems.push(
        `${e.path}.subnetId: got ${JSON.stringify(e.subnetId)}; expected a subnet with no other EC2 Instance Connect Endpoint ` +
          `(one per subnet, not adjustable): ${first.path} is already in it`,
      );
      continue;
    }
    bySubnet.set(subnetKey, e);
    if (e.vpcId === undefined) continue;
    const vpcKey = `${e.region}/${e.vpcId}`;
    const firstInVpc = byVpc.get(vpcKey);
    if (firstInVpc) {
      problems.push(
        `${e.path}.vpcId: got ${JSON.stringify(e.vpcId)}; expected a VPC with no other EC2 Instance Connect Endpoint ` +
          `(one per VPC, not adjustable): ${firstInVpc.path} is already in it`,
      );
    } else byVpc.set(vpcKey, e);
  }
  return problems;
}
