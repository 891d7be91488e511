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
  /**
   * The account the endpoint is created in, or any key of its own (e.g. the stack's name) when
   * the configuration does not say: the VPC quota is only checked between endpoints known to
   * share an account.
   */
  account: string;
  region: string;
  subnetId: string;
  vpcId?: string;
}

/**
 * One message per endpoint that would break the one-per-subnet or one-per-VPC quota, in the
 * configuration error format (`<path>: got <value>; expected ...`). Pass every endpoint that
 * will exist in the account: those of each stack, and any made outside these stacks. The
 * subnet's VPC is not known offline, so where an account has several endpoints in a Region each
 * must name its VPC (`vpcId`), or two of them could share a VPC unseen; a lone endpoint needs none.
 */
export function endpointQuotaProblems(endpoints: DeclaredEndpoint[]): string[] {
  return [...subnetAndVpcProblems(endpoints), ...unnamedVpcProblems(endpoints)];
}

/** Every endpoint without `vpcId` that shares its account and Region with another endpoint. */
function unnamedVpcProblems(endpoints: DeclaredEndpoint[]): string[] {
  const byRegion = new Map<string, DeclaredEndpoint[]>();
  for (const e of endpoints) {
    const key = JSON.stringify([e.account, e.region]);
    byRegion.set(key, [...(byRegion.get(key) ?? []), e]);
  }
  return endpoints.flatMap((e) => {
    if (e.vpcId !== undefined) return [];
    // One in the same subnet is the subnet rule's to report: a subnet is in one VPC.
    const other = byRegion.get(JSON.stringify([e.account, e.region]))!.find((o) => o !== e && o.subnetId !== e.subnetId);
    if (!other) return [];
    return [
      `${e.path}.vpcId: got nothing; expected the VPC of subnet ${e.subnetId} (vpc-...): ${other.path} is another endpoint in ${e.region}, ` +
        "and AWS allows one per VPC (not adjustable), which only the VPC IDs can show before deployment",
    ];
  });
}

function subnetAndVpcProblems(endpoints: DeclaredEndpoint[]): string[] {
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
    // A VPC ID names one VPC whichever stack or account declares it (shared VPCs included).
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
