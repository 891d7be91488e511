// EC2 Instance Connect for one stack: each grant's managed policy (SendSSHPublicKey as its OS
// users, optionally the console's describe calls) attached to its principals, and the optional
// EC2 Instance Connect Endpoint through which grants reach instances with no public IP.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { InstanceConnectConfig, InstanceConnectEndpointConfig, InstanceConnectGrant } from "../config/schema";
import { targetOf } from "../config/load";
import { ArnScope, instanceConnectEndpointArn } from "../documents/arn";
import { instanceConnectDocument, TunnelGrant } from "../documents/instanceConnect";
import { STAND_IN_ENDPOINT_ID } from "../documents/instanceConnectEndpoint";
import { StackContext, iamName } from "./context";
import { AccessEntry, accessEntries } from "./access";
import { GrantPolicy } from "./grantPolicy";

export const PATTERN = "instance-connect";

export interface InstanceConnectAccessArgs {
  context: StackContext;
  config: InstanceConnectConfig;
}

export class InstanceConnectAccess extends pulumi.ComponentResource {
  /** Managed policy ARNs of each grant, by grant name. */
  readonly grantPolicyArns: pulumi.Output<Record<string, string[]>>;
  /** The access each grant is meant to give (the plan's access table). */
  readonly access: AccessEntry[];
  /** The endpoint's ID, which users pass to `aws ec2-instance-connect ssh`; absent without an endpoint. */
  readonly endpointId?: pulumi.Output<string>;

  constructor(name: string, args: InstanceConnectAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ec2-access:access:InstanceConnectAccess", name, {}, opts);
    const { context: ctx, config } = args;

    const endpointConfig = config.endpoint;
    let endpoint: aws.ec2transitgateway.InstanceConnectEndpoint | undefined;
    if (endpointConfig) {
      endpoint = new aws.ec2transitgateway.InstanceConnectEndpoint(
        `${name}-endpoint`,
        {
          region: endpointRegion(ctx, endpointConfig),
          subnetId: endpointConfig.subnetId,
          // None listed: AWS uses the VPC's default security group, as the console does.
          securityGroupIds: endpointConfig.securityGroupIds.length > 0 ? endpointConfig.securityGroupIds : undefined,
          preserveClientIp: endpointConfig.preserveClientIp,
          tags: { ...ctx.tags, Name: iamName(ctx, PATTERN), "ec2-access:pattern": PATTERN },
        },
        { parent: this },
      );
      this.endpointId = endpoint.id;
    }

    const policyArns: Record<string, pulumi.Output<string[]>> = {};
    for (const grant of config.grants) {
      const policy = endpoint && endpointConfig
        ? grantPolicyWithTunnel(this, name, ctx, grant, endpoint, endpointConfig)
        : grantPolicy(this, name, ctx, grant, () => undefined, ctx);
      policyArns[grant.name] = policy.policyArns;
    }

    this.access = config.grants.flatMap((grant) => accessEntries(PATTERN, grant, targetOf(grant), grant.osUsers));
    this.grantPolicyArns = pulumi.output(policyArns);
    this.registerOutputs({ grantPolicyArns: this.grantPolicyArns, access: this.access, endpointId: this.endpointId });
  }
}

function endpointRegion(ctx: StackContext, endpoint: InstanceConnectEndpointConfig): string {
  return endpoint.region ?? ctx.region;
}

function grantPolicy(
  parent: pulumi.Resource,
  name: string,
  ctx: StackContext,
  grant: InstanceConnectGrant,
  tunnel: (scope: ArnScope) => TunnelGrant | undefined,
  policyContext: StackContext,
): GrantPolicy {
  return new GrantPolicy(
    `${name}-${grant.name}`,
    {
      context: policyContext,
      pattern: PATTERN,
      grantName: grant.name,
      description: `EC2 Instance Connect as ${grant.osUsers.join(", ")} for grant ${grant.name} (${ctx.environment})`,
      principals: grant.principals,
      document: (scope) =>
        instanceConnectDocument(scope, { target: targetOf(grant), osUsers: grant.osUsers, regions: ctx.regions, console: grant.console, tunnel: tunnel(scope) }),
    },
    { parent },
  );
}

/**
 * GrantPolicy builds a document from the stack's ArnScope alone, a pure function it also calls
 * with a stand-in account to size the policy before deployment. The tunnel statement names the
 * endpoint too, whose ARN exists only once the endpoint does. Until GrantPolicy takes such
 * values itself (proposed to the lead), the ARN travels with the account ID: GrantPolicy builds
 * the document inside this Output, so the policy waits for and depends on the endpoint, and the
 * builder reads the ARN resolved earlier in that same chain. Sizing sees a stand-in ARN of the
 * real length; at preview, with the endpoint not yet created, the document is unknown, as any
 * document built from a new resource's ARN is.
 */
function grantPolicyWithTunnel(
  parent: pulumi.Resource,
  name: string,
  ctx: StackContext,
  grant: InstanceConnectGrant,
  endpoint: aws.ec2transitgateway.InstanceConnectEndpoint,
  config: InstanceConnectEndpointConfig,
): GrantPolicy {
  let resolvedArn: string | undefined;
  const accountOnceEndpointExists = pulumi.all([ctx.accountId, endpoint.arn]).apply(([accountId, arn]) => {
    resolvedArn = arn;
    return accountId;
  });
  const tunnel = (scope: ArnScope): TunnelGrant => ({
    endpointArn: resolvedArn ?? instanceConnectEndpointArn(scope, endpointRegion(ctx, config), STAND_IN_ENDPOINT_ID),
    remotePorts: config.remotePorts,
    maxTunnelDurationSeconds: config.maxTunnelDurationSeconds,
  });
  return grantPolicy(parent, name, ctx, grant, tunnel, { ...ctx, accountId: accountOnceEndpointExists });
}
