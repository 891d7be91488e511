// The args of NetworkAccess: the `ec2-access:network` section of the stack config
// (docs/contracts/stack-config.md, "Additions"), same keys, plus `stack`.
import type { StackArgs } from "../model/stack";

export type NetworkServiceArg = "ssm" | "ssmmessages" | "ec2messages" | "ec2" | "kms" | "logs" | "s3";

export interface VpcEndpointsArgs {
  /** The VPC of the managed nodes. */
  vpcId: string;
  /** The private subnets that get an interface endpoint's network interface (one per Availability Zone). */
  subnetIds: string[];
  /** The VPC's Region. Default: the stack's `region` (aws:region). */
  region?: string;
  /** The services to reach privately. Default: ssm, ssmmessages, ec2messages, kms, logs. s3 is a gateway endpoint. */
  services?: NetworkServiceArg[];
  /** The route tables of the private subnets: required with s3 (a gateway endpoint), refused without it. */
  routeTableIds?: string[];
}

export interface NetworkAccessArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** One set of endpoints and its security group per VPC and Region. */
  vpcEndpoints: VpcEndpointsArgs[];
}
