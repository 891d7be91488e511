// Private subnets (docs/network.md): managed nodes without a route to the internet reach Systems
// Manager through interface VPC endpoints with private DNS ("Use VPC endpoints to improve the
// security of EC2 instances", Systems Manager User Guide). Per VPC and Region: one security group
// admitting HTTPS (TCP 443) from the VPC's own CIDR blocks only, the interface endpoints in the
// given subnets behind it, and s3 as a gateway endpoint on the given route tables.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { network as networkSchema } from "../model/schema";
import type { NetworkService } from "../model/schema";
import type { StackContext } from "./context";
import { stackContext } from "./context";
import type { NetworkAccessArgs } from "./networkArgs";
import { checkArgs } from "./checkArgs";

export type { NetworkAccessArgs };

/**
 * The endpoint service name AWS gives `service` in `region`: `com.amazonaws.<region>.<service>`, the form
 * of the Systems Manager User Guide's "Create VPC endpoints" (test/network/serviceNames.test.ts). China
 * Regions, where some names differ, never reach here (config/vpcEndpointPartition.ts refuses them).
 */
export function endpointServiceName(region: string, service: NetworkService): string {
  return `com.amazonaws.${region}.${service}`;
}

/** s3 is the one service of the list that is a gateway endpoint (route tables, no ENIs, no security group). */
export const GATEWAY_SERVICES: readonly NetworkService[] = ["s3"];

/** The VPC's IPv4 CIDR blocks: the primary one and any associated one, each once. */
export function vpcCidrBlocks(vpc: { cidrBlock: string; cidrBlockAssociations?: { cidrBlock: string; state?: string }[] }): string[] {
  const associated = (vpc.cidrBlockAssociations ?? [])
    .filter((a) => a.state === undefined || a.state === "associated")
    .map((a) => a.cidrBlock);
  return [...new Set([vpc.cidrBlock, ...associated])];
}

export class NetworkAccess extends pulumi.ComponentResource {
  /** The endpoints' security group of each VPC, by `<region>/<vpcId>`. */
  readonly securityGroupIds: pulumi.Output<Record<string, string>>;
  /** Every endpoint's ID, by `<region>/<vpcId>/<service>`. */
  readonly endpointIds: pulumi.Output<Record<string, string>>;

  /**
   * @param args The `network` section of the stack config plus `stack`; checked with the config's
   * messages before anything is registered (a ComponentArgsError otherwise).
   */
  constructor(name: string, args: NetworkAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkArgs("NetworkAccess", name, "network", networkSchema(), args);
    super("ec2-access:network:NetworkAccess", name, args, opts);
    const ctx = stackContext(checked.stack);
    const groups: Record<string, pulumi.Output<string>> = {};
    const endpoints: Record<string, pulumi.Output<string>> = {};
    for (const entry of checked.config.vpcEndpoints) {
      const region = entry.region ?? ctx.region;
      const where = `${region}/${entry.vpcId}`;
      // Names from the VPC and Region, never from the list position: reordering replaces nothing.
      const base = `${name}-${region}-${entry.vpcId}`;
      const services = entry.services as NetworkService[];
      const interfaces = services.filter((s) => !GATEWAY_SERVICES.includes(s));
      let groupId: pulumi.Output<string> | undefined;
      if (interfaces.length > 0) {
        const group = this.endpointGroup(base, ctx, region, entry.vpcId);
        groupId = groups[where] = group.id;
      }
      for (const service of services) {
        const gateway = GATEWAY_SERVICES.includes(service);
        const endpoint = new aws.ec2.VpcEndpoint(
          `${base}-${service}`,
          gateway
            ? {
                region,
                vpcId: entry.vpcId,
                serviceName: endpointServiceName(region, service),
                vpcEndpointType: "Gateway",
                routeTableIds: entry.routeTableIds!,
                tags: ctx.tags,
              }
            : {
                region,
                vpcId: entry.vpcId,
                serviceName: endpointServiceName(region, service),
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: entry.subnetIds,
                securityGroupIds: [groupId!],
                tags: ctx.tags,
              },
          { parent: this },
        );
        endpoints[`${where}/${service}`] = endpoint.id;
      }
    }
    this.securityGroupIds = pulumi.output(groups);
    this.endpointIds = pulumi.output(endpoints);
    this.registerOutputs({ securityGroupIds: this.securityGroupIds, endpointIds: this.endpointIds });
  }

  /** HTTPS in from the VPC's own addresses only; no egress rule (an endpoint answers, it never calls out). */
  private endpointGroup(base: string, ctx: StackContext, region: string, vpcId: string): aws.ec2.SecurityGroup {
    const vpc = aws.ec2.getVpcOutput({ id: vpcId, region }, { parent: this });
    return new aws.ec2.SecurityGroup(
      `${base}-endpoints`,
      {
        region,
        vpcId,
        description: `HTTPS from ${vpcId} to its Systems Manager VPC endpoints (ec2-access, ${ctx.environment})`,
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: vpc.apply(vpcCidrBlocks), description: "HTTPS from the VPC" }],
        tags: ctx.tags,
      },
      { parent: this },
    );
  }
}
