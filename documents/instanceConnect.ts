// The identity policy of one EC2 Instance Connect grant (seed page 002, "Grant IAM permissions
// for EC2 Instance Connect"), plus the EC2 Instance Connect Endpoint tunnel that the page does
// not cover. Pure: plain values in, the document out.
import type { Target } from "../model/target";
import { RESOURCE_TAG, targetCondition } from "../model/target";
import type { ArnScope } from "./arn";
import { allInstanceArns, instanceArns } from "./arn";
import type { PolicyDocument, Statement } from "./policyDocument";
import { policyDocument, statement } from "./policyDocument";

import { SEND_SSH_PUBLIC_KEY } from "../model/patterns";

export { SEND_SSH_PUBLIC_KEY };
export const OPEN_TUNNEL = "ec2-instance-connect:OpenTunnel";
export const DESCRIBE_INSTANCES = "ec2:DescribeInstances";
export const DESCRIBE_INSTANCE_CONNECT_ENDPOINTS = "ec2:DescribeInstanceConnectEndpoints";

/** What the tunnel statement needs to know about the stack's endpoint. */
export interface TunnelGrant {
  /** Full ARNs (`instance-connect-endpoint/eice-...`) of endpoints with these limits. */
  endpointArns: string[];
  /** Ports the tunnel may reach on the instances (22 for SSH). */
  remotePorts: number[];
  /** Longest tunnel a user may open, in seconds (1-3600). */
  maxTunnelDurationSeconds: number;
}

export interface InstanceConnectGrantSpec {
  target: Target;
  /** Never empty and never `*`: the schema refuses both, and so does this builder. */
  osUsers: string[];
  /** Every Region of the stack: instance IDs are regional, a grant covers them all. */
  regions: string[];
  /** Adds the describe calls the EC2 console makes before it connects. */
  console: boolean;
  /** One per endpoint of the stack; none without an endpoint. */
  tunnels?: TunnelGrant[];
}

export function instanceConnectDocument(scope: ArnScope, grant: InstanceConnectGrantSpec): PolicyDocument {
  const statements: Statement[] = [sendSshPublicKeyStatement(scope, grant)];
  const tunnels = grant.tunnels ?? [];
  if (grant.console) statements.push(consoleDescribeStatement(tunnels.length > 0));
  statements.push(...openTunnelStatements(tunnels));
  return policyDocument(statements);
}

/**
 * One OpenTunnel statement per distinct (ports, duration): endpoints with the same limits share
 * it, so two endpoints cost one more ARN, not a statement. Each ARN stays under its own
 * endpoint's limits.
 */
export function openTunnelStatements(tunnels: TunnelGrant[]): Statement[] {
  const groups = new Map<string, TunnelGrant>();
  for (const t of tunnels) {
    const key = JSON.stringify([t.remotePorts, t.maxTunnelDurationSeconds]);
    const group = groups.get(key);
    if (group) group.endpointArns.push(...t.endpointArns);
    else groups.set(key, { ...t, endpointArns: [...t.endpointArns] });
  }
  return [...groups.values()].map(openTunnelStatement);
}

/**
 * SendSSHPublicKey on the grant's instances, always limited to its OS users: without
 * `ec2:osuser` a principal could push a key for any user on the instance, root included.
 */
export function sendSshPublicKeyStatement(
  scope: ArnScope,
  grant: Pick<InstanceConnectGrantSpec, "target" | "osUsers" | "regions">,
): Statement {
  if (grant.osUsers.length === 0) throw new Error("an Instance Connect grant needs at least one OS user (ec2:osuser)");
  if (grant.osUsers.includes("*")) throw new Error("an Instance Connect grant must name its OS users; * would allow root");
  const t = grant.target;
  // The schema refuses it; without this a managed node list would read as every instance below.
  if (t.kind === "managedInstanceIds") throw new Error("managed nodes have no EC2 Instance Connect");
  // ec2:osuser in the target's StringEquals block: the key and the tags must all match.
  return statement({
    actions: [SEND_SSH_PUBLIC_KEY],
    resources: t.kind === "instanceIds" ? instanceArns(scope, grant.regions, t.instanceIds) : allInstanceArns(scope, grant.regions),
    conditions: targetCondition(t, RESOURCE_TAG, { StringEquals: { "ec2:osuser": grant.osUsers } }),
  });
}

/**
 * The console's connect page lists instances (and, to offer the endpoint, endpoints) first.
 * Describe calls support no resource-level permissions, so `*` is the only possible resource;
 * it stays in its own statement so that nothing else in the policy is granted on `*`.
 */
export function consoleDescribeStatement(withEndpoint: boolean): Statement {
  return statement({
    actions: withEndpoint ? [DESCRIBE_INSTANCES, DESCRIBE_INSTANCE_CONNECT_ENDPOINTS] : [DESCRIBE_INSTANCES],
    resources: ["*"],
  });
}

/**
 * OpenTunnel through the stack's endpoint only, to the configured ports, for no longer than the
 * configured duration. Numbers are written as strings, as in AWS's own examples.
 */
export function openTunnelStatement(tunnel: TunnelGrant): Statement {
  if (tunnel.remotePorts.length === 0) throw new Error("an Instance Connect Endpoint tunnel needs at least one remote port");
  return statement({
    actions: [OPEN_TUNNEL],
    resources: tunnel.endpointArns,
    conditions: {
      NumericEquals: { "ec2-instance-connect:remotePort": tunnel.remotePorts.map(String) },
      NumericLessThanEquals: { "ec2-instance-connect:maxTunnelDuration": String(tunnel.maxTunnelDurationSeconds) },
    },
  });
}
