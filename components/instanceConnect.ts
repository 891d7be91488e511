// EC2 Instance Connect for one stack: each grant's managed policy (SendSSHPublicKey as its OS
// users, optionally the console's describe calls) attached to its principals, and the optional
// EC2 Instance Connect Endpoint through which grants reach instances with no public IP.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { InstanceConnectConfig, InstanceConnectGrant } from "../model/schema";
import type { DeclaredEndpointConfig } from "../model/instanceConnectEndpoints";
import { declaredEndpoints } from "../model/instanceConnectEndpoints";
import { instanceConnect as instanceConnectSchema } from "../model/schema";
import { targetOf } from "../model/target";
import { grantDocumentForInstanceConnect } from "../documents/grantDocuments";
import type { StackContext } from "./context";
import { iamName, stackContext } from "./context";
import type { InstanceConnectAccessArgs } from "./instanceConnectArgs";
import { checkArgs } from "./checkArgs";
import type { AccessEntry } from "./access";
import { accessEntries } from "./access";
import { GrantPolicy, withoutPacker } from "./grantPolicy";
import type { Packer } from "./grantPacking";
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
  /** With `endpoints`: their IDs, in the config's order (absent otherwise, so plans of the single form stay as they were). */
  readonly endpointIds?: pulumi.Output<string[]>;

  /**
   * @param args The `instanceConnect` section of the stack config plus `stack`; checked with the
   * config's messages before anything is registered (a ComponentArgsError otherwise).
   * @param opts A renamed type token keeps URNs with `aliases: [{ type: "<old token>" }]`.
   */
  constructor(name: string, args: InstanceConnectAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkArgs("InstanceConnectAccess", name, "instanceConnect", instanceConnectSchema(), args, {
      notConfig: ["packer"],
      packGrants: args.packer !== undefined,
    });
    // The packer is an object of this program, not an input to record.
    super(TYPE, name, withoutPacker(args), opts);
    const ctx = stackContext(checked.stack);
    const config = checked.config;

    const endpoints = declaredEndpoints(config, ctx.region).map((declared) => new EndpointAccess(this, name, ctx, declared));
    this.endpointId = config.endpoint ? endpoints[0].endpoint.id : undefined;
    this.endpointIds = config.endpoints ? pulumi.output(endpoints.map((e) => e.endpoint.id)) : undefined;

    const policyArns: Record<string, pulumi.Output<string[]>> = {};
    for (const grant of config.grants) {
      policyArns[grant.name] = grantPolicy(this, name, ctx, config, grant, endpoints, args.packer).policyArns;
    }

    this.access = config.grants.flatMap((grant) => accessEntries(PATTERN, grant, targetOf(grant), grant.osUsers));
    this.grantPolicyArns = pulumi.output(policyArns);
    this.registerOutputs({
      grantPolicyArns: this.grantPolicyArns,
      access: this.access,
      endpointId: this.endpointId,
      endpointIds: this.endpointIds,
    });
  }
}

/**
 * One endpoint and, for each of the instance security groups it names, an inbound rule per
 * remote port from each of the endpoint's security groups: AWS's "Example inbound rule:
 * Security group referencing" (eice-security-groups.html), so that the instances accept SSH or
 * RDP from the endpoint and from nothing else this stack adds.
 */
class EndpointAccess {
  readonly endpoint: aws.ec2transitgateway.InstanceConnectEndpoint;

  constructor(parent: pulumi.Resource, name: string, ctx: StackContext, declared: DeclaredEndpointConfig) {
    const { endpoint: config, region, nameSuffix } = declared;
    const base = `${name}-endpoint${nameSuffix}`;
    this.endpoint = new aws.ec2transitgateway.InstanceConnectEndpoint(
      base,
      {
        region,
        subnetId: config.subnetId,
        // None listed: AWS uses the VPC's default security group, as the console does.
        securityGroupIds: config.securityGroupIds.length > 0 ? config.securityGroupIds : undefined,
        preserveClientIp: config.preserveClientIp,
        tags: { ...ctx.tags, Name: iamName(ctx, PATTERN), "ec2-access:pattern": PATTERN },
      },
      { parent },
    );
    for (const instanceGroup of config.instanceSecurityGroupIds) {
      for (const endpointGroup of config.securityGroupIds) {
        for (const port of config.remotePorts) {
          new aws.vpc.SecurityGroupIngressRule(
            `${base}-${instanceGroup}-from-${endpointGroup}-${port}`,
            {
              region,
              securityGroupId: instanceGroup,
              referencedSecurityGroupId: endpointGroup,
              ipProtocol: "tcp",
              fromPort: port,
              toPort: port,
              description: `${port === 3389 ? "RDP" : "SSH"} from EC2 Instance Connect Endpoint (${ctx.environment})`,
              tags: { ...ctx.tags, "ec2-access:pattern": PATTERN },
            },
            // The rule admits the endpoint's group: it means something only once the endpoint exists.
            { parent, dependsOn: [this.endpoint] },
          );
        }
      }
    }
  }
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
  endpoints: EndpointAccess[],
  packer: Packer | undefined,
): GrantPolicy<string[] | undefined> {
  const { document, standIn } = grantDocumentForInstanceConnect(config, grant, ctx);
  return new GrantPolicy(
    `${name}-${grant.name}`,
    {
      context: ctx,
      pattern: PATTERN,
      grantName: grant.name,
      description: `EC2 Instance Connect as ${grant.osUsers.join(", ")} for grant ${grant.name} (${ctx.environment})`,
      principals: grant.principals,
      resolved: standIn && { value: pulumi.all(endpoints.map((e) => e.endpoint.arn)), standIn },
      document,
      packer,
    },
    { parent },
  );
}
