// EC2 Instance Connect for one stack: each grant's managed policy (SendSSHPublicKey as its OS
// users, optionally the console's describe calls) attached to its principals, and the optional
// EC2 Instance Connect Endpoint through which grants reach instances with no public IP.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { InstanceConnectConfig, InstanceConnectEndpointConfig, InstanceConnectGrant } from "../model/schema";
import { instanceConnect as instanceConnectSchema } from "../model/schema";
import { targetOf } from "../model/target";
import { grantDocumentForInstanceConnect } from "../documents/grantDocuments";
import type { StackContext } from "./context";
import { iamName, stackContext } from "./context";
import type { InstanceConnectAccessArgs } from "./instanceConnectArgs";
import { checkArgs } from "./checkArgs";
import type { AccessEntry } from "./access";
import { accessEntries } from "./access";
import { GrantPolicy } from "./grantPolicy";
import { accessPattern } from "../model/patterns";

export const { pattern: PATTERN, type: TYPE } = accessPattern("instanceConnect");

export type { InstanceConnectAccessArgs };

export class InstanceConnectAccess extends pulumi.ComponentResource {
  /** Managed policy ARNs of each grant, by grant name. */
  readonly grantPolicyArns: pulumi.Output<Record<string, string[]>>;
  /** The access each grant is meant to give (the plan's access table). */
  readonly access: AccessEntry[];
  /** The endpoint's ID, which users pass to `aws ec2-instance-connect ssh`; absent without an endpoint. */
  readonly endpointId?: pulumi.Output<string>;

  /**
   * @param args The `instanceConnect` section of the stack config plus `stack`; checked with the
   * config's messages before anything is registered (a ComponentArgsError otherwise).
   * @param opts A renamed type token keeps URNs with `aliases: [{ type: "<old token>" }]`.
   */
  constructor(name: string, args: InstanceConnectAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkArgs("InstanceConnectAccess", name, "instanceConnect", instanceConnectSchema, args);
    super(TYPE, name, args, opts);
    const ctx = stackContext(checked.stack);
    const config = checked.config;

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
      policyArns[grant.name] = grantPolicy(this, name, ctx, config, grant, endpoint).policyArns;
    }

    this.access = config.grants.flatMap((grant) => accessEntries(PATTERN, grant, targetOf(grant), grant.osUsers));
    this.grantPolicyArns = pulumi.output(policyArns);
    this.registerOutputs({ grantPolicyArns: this.grantPolicyArns, access: this.access, endpointId: this.endpointId });
  }
}

function endpointRegion(ctx: StackContext, endpoint: InstanceConnectEndpointConfig): string {
  return endpoint.region ?? ctx.region;
}

/**
 * The tunnel statement names the endpoint, whose ARN exists only once the endpoint does: it is
 * the grant's resolved value, so the policy depends on the endpoint, and GrantPolicy sizes the
 * document with a stand-in ARN of the real length before deployment.
 */
function grantPolicy(
  parent: pulumi.Resource,
  name: string,
  ctx: StackContext,
  config: InstanceConnectConfig,
  grant: InstanceConnectGrant,
  endpoint: aws.ec2transitgateway.InstanceConnectEndpoint | undefined,
): GrantPolicy<string | undefined> {
  const { document, standIn } = grantDocumentForInstanceConnect(config, grant, ctx);
  return new GrantPolicy(
    `${name}-${grant.name}`,
    {
      context: ctx,
      pattern: PATTERN,
      grantName: grant.name,
      description: `EC2 Instance Connect as ${grant.osUsers.join(", ")} for grant ${grant.name} (${ctx.environment})`,
      principals: grant.principals,
      resolved: endpoint && { value: endpoint.arn, standIn },
      document,
    },
    { parent },
  );
}
