// Compliant: every Allow of ec2-instance-connect:OpenTunnel (EC2 Instance Connect Endpoint)
// constrains the remote port to allowed ports (NumericEquals on ec2-instance-connect:remotePort)
// and the tunnel's lifetime (NumericLessThan(Equals) on ec2-instance-connect:maxTunnelDuration).
// Without them an endpoint is a tunnel to any port of any instance in the VPC, for up to an hour
// per connection, and longer-lived than the SSH access it was opened for.
import { documentPolicy, grantPhrase, OPEN_TUNNEL, statementGrants } from "../../lib";

const PORT_OPERATORS = /^(ForAnyValue:)?NumericEquals$/i;
const DURATION_OPERATORS = /^NumericLessThan(Equals)?$/i;

export const restrictInstanceConnectTunnel = documentPolicy({
  name: "restrict-instance-connect-tunnel",
  description:
    "Allows of ec2-instance-connect:OpenTunnel must limit ec2-instance-connect:remotePort to the allowed ports (NumericEquals) and ec2-instance-connect:maxTunnelDuration to at most the allowed seconds (NumericLessThanEquals).",
  remediationSteps:
    "Add to the statement that allows ec2-instance-connect:OpenTunnel: \"Condition\": {\"NumericEquals\": {\"ec2-instance-connect:remotePort\": \"22\"}, " +
    "\"NumericLessThanEquals\": {\"ec2-instance-connect:maxTunnelDuration\": \"3600\"}}, with the ports and duration the policy config allows.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedPorts: { type: "array", items: { type: "number" }, default: [22], description: "Remote ports a tunnel may reach. Default: [22]." },
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
    const ports = stmt.conditions.filter((c) => c.key.toLowerCase() === "ec2-instance-connect:remoteport" && PORT_OPERATORS.test(c.operator) && c.values.length > 0);
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
    const durations = stmt.conditions.filter((c) => c.key.toLowerCase() === "ec2-instance-connect:maxtunnelduration" && DURATION_OPERATORS.test(c.operator) && c.values.length > 0);
    const max = config.maxTunnelDurationSeconds;
    if (durations.length === 0) {
      out.push(
        `${stmt.label} allows ${grant} without a NumericLessThanEquals condition on ec2-instance-connect:maxTunnelDuration: tunnels may last as long as the endpoint allows. ` +
          `Fix: add "NumericLessThanEquals": {"ec2-instance-connect:maxTunnelDuration": "${max}"}.`,
      );
    } else {
      // Values of one operator are ORed: the largest is the real bound; blocks are ANDed: the smallest bound wins.
      const bound = Math.min(
        ...durations.map((c) => Math.max(...c.values.map((v) => (Number.isFinite(Number(v)) ? Number(v) - (/^NumericLessThan$/i.test(c.operator) ? 1 : 0) : Infinity)))),
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
