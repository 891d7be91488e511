// network.vpcEndpoints outside the aws partition. The endpoint service names the component creates,
// com.amazonaws.<region>.<service>, are the form the Systems Manager User Guide gives
// (test/fixtures/aws-pages/009_setup-create-vpc.md). In the China Regions (partition aws-cn) some
// interface endpoints are named cn.com.amazonaws.<region>.<service> instead, and no AWS page this
// project checks against says which of ssm, ssmmessages, ec2messages, ec2, kms, logs and s3 those
// are: refused, rather than a name guessed that would fail at deploy time (docs/network.md).
import type { CheckableConfig } from "../model/schema";
import { keyPath, show } from "./messages";
import { partitionOf } from "../documents/arn";

const UNSUPPORTED_PARTITIONS = ["aws-cn"];

export function vpcEndpointPartitionProblems(c: CheckableConfig): string[] {
  return (c.network?.vpcEndpoints ?? []).flatMap((e, i) => {
    const region = e.region ?? c.region;
    if (region === undefined || !UNSUPPORTED_PARTITIONS.includes(partitionOf(region))) return [];
    const got = e.region !== undefined ? show(e.region) : `nothing (so the stack's Region, ${show(region)})`;
    return [
      `${keyPath(["network", "vpcEndpoints", i, "region"])}: got ${got}; expected a Region outside AWS China (${partitionOf(region)}): ` +
        "its endpoint service names differ for some services (cn.com.amazonaws.<region>.<service>) and no AWS page here says which, so none is guessed",
    ];
  });
}
