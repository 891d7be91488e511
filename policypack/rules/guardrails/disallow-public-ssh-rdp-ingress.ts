// Compliant: no security group admits SSH (TCP 22) or RDP (TCP 3389) from the whole internet
// (0.0.0.0/0, ::/0). The mission of this project is access to instances without opening SSH to
// the world: Session Manager needs no inbound rule at all, and an EC2 Instance Connect Endpoint
// reaches instances from its own security group. A rule counts when its protocol is TCP (tcp, 6)
// or all (-1, all) and its port range includes a watched port, the way cdk-nag's
// EC2RestrictedSSH / EC2RestrictedRDP and AWS Config's restricted-ssh judge a rule. Sources that
// are security groups or prefix lists are not the internet and pass.
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/rule";
import type { IngressRule } from "../../lib/ingress";
import { INGRESS_RESOURCE_TYPES, ingressRulesOf, isWholeInternet } from "../../lib/ingress";
import { rethrowIfUnknown } from "../../lib/unknown";

const defaults = { ports: [22, 3389] as number[] };
const PORT_NAMES: Record<number, string> = { 22: "SSH", 3389: "RDP" };

/** `aws:ec2/securityGroup:SecurityGroup` → `aws.ec2.SecurityGroup`, `aws-native:ec2:SecurityGroup` → `aws-native.ec2.SecurityGroup`. */
function typeName(type: string): string {
  const [pkg, mod = "", cls = ""] = type.split(":");
  return `${pkg}.${mod.split("/")[0]}.${cls}`;
}

function openings(r: IngressRule, ports: readonly number[]): string | undefined {
  if (r.protocol !== "tcp" && r.protocol !== "all") return undefined;
  const hit = ports.filter((p) => r.fromPort <= p && p <= r.toPort);
  const world = r.cidrs.filter(isWholeInternet);
  if (hit.length === 0 || world.length === 0) return undefined;
  const what = hit.map((p) => (PORT_NAMES[p] ? `${PORT_NAMES[p]} (${p})` : `port ${p}`)).join(" and ");
  const range = r.protocol === "all" ? "all traffic" : r.fromPort === r.toPort ? `tcp ${r.fromPort}` : `tcp ${r.fromPort}-${r.toPort}`;
  return `opens ${what} to ${world.join(" and ")} (${range})`;
}

function validate(args: ResourceValidationArgs, reportViolation: ReportViolation): void {
  if (!INGRESS_RESOURCE_TYPES.includes(args.type)) return;
  const { ports } = readConfig(args, defaults);
  const subject = `${typeName(args.type)} ${JSON.stringify(args.name)}`;
  let rules: IngressRule[];
  try {
    rules = ingressRulesOf(args.type, args.props, args.name) ?? [];
  } catch (e) {
    rethrowIfUnknown(e);
    reportViolation(
      `${subject}: its inbound rules could not be read (${e instanceof Error ? e.message : String(e)}); treat it as non-compliant until they can be.`,
    );
    return;
  }
  for (const r of rules) {
    const opened = openings(r, ports);
    if (!opened) continue;
    reportViolation(
      `${subject}${r.where ? ` ${r.where}` : ""} ${opened}: anyone on the internet can try to log in to every instance in the group. ` +
        "Fix: remove the rule and reach the instances through Session Manager (no inbound rule) or an EC2 Instance Connect Endpoint " +
        "(the endpoint's security group as the source), or admit known address ranges only.",
    );
  }
}

export const disallowPublicSshRdpIngress: ResourceValidationPolicy = {
  name: "disallow-public-ssh-rdp-ingress",
  description:
    "No security group may admit SSH (TCP 22) or RDP (TCP 3389) from 0.0.0.0/0 or ::/0: inline ingress, security group rules and ingress rule resources of the aws and aws-native providers, and security groups in CloudFormation templates. Port ranges that include the ports and protocol -1 (all) count.",
  remediationSteps:
    "Remove the inbound rule and connect through Session Manager (no inbound rule needed) or an EC2 Instance Connect Endpoint (admit the endpoint's security group as the source, as ec2-access's instanceSecurityGroupIds does), " +
    "or narrow the source to known CIDR blocks; to watch other ports, set ports in the policy config.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ports: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        default: [22, 3389],
        description: "Ports that no rule may open to the whole internet. Default: [22, 3389] (SSH and RDP).",
      },
    },
  },
  validateResource: validate,
};
