// The args of InstanceConnectAccess: the `ec2-access:instanceConnect` section of the stack config
// (docs/contracts/stack-config.md), same keys, plus `stack`. Checked against the same schema
// (model/schema.ts) with the same messages, the component's name in place of the config key.
import type { StackArgs } from "../model/stack";
import type { GrantArgs } from "./serialConsoleArgs";
import type { GrantPacker } from "./packedGrants";

export interface InstanceConnectGrantArgs extends GrantArgs {
  /** The OS users the grant may push a key for (ec2:osuser), e.g. ec2-user or ubuntu. Never empty, never `*`. */
  osUsers: string[];
  /** Also allow ec2:DescribeInstances, which the EC2 console's connect page needs. Default false. */
  console?: boolean;
}

/** An EC2 Instance Connect Endpoint, to reach instances without a public IP. */
export interface InstanceConnectEndpointArgs {
  /** The subnet the endpoint is created in (subnet-...). */
  subnetId: string;
  /** Security groups of the endpoint (sg-...); default: the VPC's default group. At most 16. */
  securityGroupIds?: string[];
  /** The subnet's VPC (vpc-...). Required when the account has several endpoints in the Region: AWS allows one per VPC. */
  vpcId?: string;
  /** The endpoint's Region, one of the stack's; default: `stack.region`. */
  region?: string;
  /** Keep the client's IP address as the source. Default false. */
  preserveClientIp?: boolean;
  /** Longest tunnel a grant may open, 1-3600 seconds. Default 3600. */
  maxTunnelDurationSeconds?: number;
  /** Ports the tunnel may reach: 22 (SSH) and/or 3389 (RDP). Default [22]. */
  remotePorts?: number[];
  /** Instances' security groups (sg-...) that get an inbound rule per remote port from the endpoint's security groups. Needs `securityGroupIds`. */
  instanceSecurityGroupIds?: string[];
}

export interface InstanceConnectAccessArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** Who may push an SSH key as which OS users to which instances. */
  grants?: InstanceConnectGrantArgs[];
  /** An optional EC2 Instance Connect Endpoint; grants then may open tunnels through it. */
  endpoint?: InstanceConnectEndpointArgs;
  /** Several endpoints (one per VPC and Region); not together with `endpoint`. */
  endpoints?: InstanceConnectEndpointArgs[];
  /**
   * Not a config key: with `ec2-access:packGrants`, the stack's GrantPacker (components/packedGrants.ts),
   * shared by the grant components; its `create` must be called after them. Grants that fit in one
   * policy then share their principals' policies, and the quota is counted on those.
   */
  packer?: GrantPacker;
}
