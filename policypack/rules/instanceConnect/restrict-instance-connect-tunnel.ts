// Compliant: every Allow of ec2-instance-connect:OpenTunnel (EC2 Instance Connect Endpoint)
// names the endpoints it may use (endpoint ARNs without a wildcard in the ID, or a resource-tag
// condition on the endpoint), and constrains the remote port to allowed ports (NumericEquals on ec2-instance-connect:remotePort)
// and the tunnel's lifetime (NumericLessThan(Equals) on ec2-instance-connect:maxTunnelDuration).
// Without them an endpoint is a tunnel to any port of any instance in the VPC, for up to an hour
// per connection, and longer-lived than the SSH access it was opened for; on any endpoint (`*`)
// it reaches every VPC of the account that has one, including endpoints created later.
import type { NormalStatement } from "../../lib";
import { documentPolicy, grantPhrase, hasWildcard, OPEN_TUNNEL, resourceTagScopes, statementGrants } from "../../lib";

const ENDPOINT = "instance-connect-endpoint/";

/** How the statement reaches endpoints it does not name, or undefined when it names them. */
function anyEndpoint(stmt: NormalStatement): string | undefined {
  if (resourceTagScopes(stmt).length > 0) return undefined;
  if (stmt.notResources !== undefined) return `on every endpoint but ${JSON.stringify(stmt.notResources)}`;
  const resources = stmt.resources ?? [];
  if (resources.length === 0) return "with no Resource";
  const wild = resources.filter((r) => {
    const parts = r.trim().split(":");
    if (parts.length < 6) return hasWildcard(r);
    const rest = parts.slice(5).join(":");
    if (!hasWildcard(rest)) return false;
    const literal = rest.slice(0, rest.search(/[*?]/)).toLowerCase();
    return (ENDPOINT.startsWith(literal) || literal.startsWith(ENDPOINT)) && (hasWildcard(parts[2]) || parts[2].toLowerCase() === "ec2");
  });
  return wild.length > 0 ? `on ${wild.map((r) => JSON.stringify(r)).join(", ")}` : undefined;
}

const PORT_OPERATORS = /^(ForAnyValue:)?NumericEquals$/i;
const DURATION_OPERATORS = /^NumericLessThan(Equals)?$/i;

export const restrictInstanceConnectTunnel = documentPolicy({
  name: "restrict-instance-connect-tunnel",
  description:
    "Allows of ec2-instance-connect:OpenTunnel must name the endpoints (ARNs or an endpoint tag condition), and limit ec2-instance-connect:remotePort to the allowed ports (NumericEquals) and ec2-instance-connect:maxTunnelDuration to at most the allowed seconds (NumericLessThanEquals).",
  remediationSteps:
    'In the statement that allows ec2-instance-connect:OpenTunnel, name the endpoint (arn:aws:ec2:<region>:<account>:instance-connect-endpoint/eice-...) instead of * and add "Condition": {"NumericEquals": {"ec2-instance-connect:remotePort": "22"}, ' +
    '"NumericLessThanEquals": {"ec2-instance-connect:maxTunnelDuration": "3600"}}, with the ports and duration the policy config allows.',
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedPorts: {
        type: "array",
        items: { type: "number" },
        default: [22],
        description: "Remote ports a tunnel may reach. Default: [22].",
      },
      maxTunnelDurationSeconds: {
        type: "number",
        minimum: 1,
        maximum: 3600,
        default: 3600,
        description: "Largest ec2-instance-connect:maxTunnelDuration a policy may allow, in seconds (AWS allows 1-3,600). Default: 3600.",
      },
    },
  },
  defaults: { allowedPorts: [22] as number[], maxTunnelDurationSeconds: 3600 },
  checkStatement(stmt, { config }) {
    if (stmt.effect !== "Allow" || !statementGrants(stmt, OPEN_TUNNEL)) return [];
    const grant = grantPhrase(stmt, OPEN_TUNNEL);
    const out: string[] = [];
    const endpoints = anyEndpoint(stmt);
    if (endpoints !== undefined) {
      out.push(
        `${stmt.label} allows ${grant} ${endpoints}: a tunnel through any Instance Connect Endpoint of the account, into every VPC that has one, endpoints created later included. ` +
          `Fix: name the endpoints (arn:aws:ec2:<region>:<account>:instance-connect-endpoint/eice-...) or add a condition on aws:ResourceTag/<key> of the endpoint.`,
      );
    }
    const ports = stmt.conditions.filter(
      (c) => c.key.toLowerCase() === "ec2-instance-connect:remoteport" && PORT_OPERATORS.test(c.operator) && c.values.length > 0,
    );
    const allowed = config.allowedPorts.map(String).join(", ");
    if (ports.length === 0) {
      out.push(
        `${stmt.label} allows ${grant} without a NumericEquals condition on ec2-instance-connect:remotePort: the tunnel can reach any port of any instance the endpoint sees. ` +
          `Fix: add "NumericEquals": {"ec2-instance-connect:remotePort": "${config.allowedPorts[0] ?? 22}"} (allowed: ${allowed}).`,
      );
    } else {
      // Conditions are ANDed: one operator block whose ports are all allowed bounds the tunnel.
      const bounded = ports.some((c) => c.values.every((v) => config.allowedPorts.includes(Number(v))));
      if (!bounded) {
        const bad = [...new Set(ports.flatMap((c) => c.values).filter((v) => !config.allowedPorts.includes(Number(v))))];
        out.push(
          `${stmt.label} allows ${grant} to remote port ${bad.map((b) => JSON.stringify(b)).join(", ")}, which allowedPorts (${allowed}) does not list. ` +
            `Fix: limit ec2-instance-connect:remotePort to ${allowed}.`,
        );
      }
    }
    const durations = stmt.conditions.filter(
      (c) => c.key.toLowerCase() === "ec2-instance-connect:maxtunnelduration" && DURATION_OPERATORS.test(c.operator) && c.values.length > 0,
    );
    const max = config.maxTunnelDurationSeconds;
    if (durations.length === 0) {
      out.push(
        `${stmt.label} allows ${grant} without a NumericLessThanEquals condition on ec2-instance-connect:maxTunnelDuration: tunnels may last as long as the endpoint allows. ` +
          `Fix: add "NumericLessThanEquals": {"ec2-instance-connect:maxTunnelDuration": "${max}"}.`,
      );
    } else {
      // Values of one operator are ORed: the largest is the real bound; blocks are ANDed: the smallest bound wins.
      const bound = Math.min(
        ...durations.map((c) =>
          Math.max(
            ...c.values.map((v) => (Number.isFinite(Number(v)) ? Number(v) - (/^NumericLessThan$/i.test(c.operator) ? 1 : 0) : Infinity)),
          ),
        ),
      );
      if (!(bound <= max)) {
        out.push(
          `${stmt.label} allows ${grant} with ec2-instance-connect:maxTunnelDuration up to ${Number.isFinite(bound) ? bound : JSON.stringify(durations.flatMap((d) => d.values))} seconds, ` +
            `more than maxTunnelDurationSeconds (${max}). Fix: lower it to ${max} or less.`,
        );
      }
    }
    return out;
  },
});
