// Compliant: no security group admits SSH (TCP 22) or RDP (TCP and UDP 3389) from the whole
// internet (0.0.0.0/0, ::/0), nor from a prefix list nobody has approved. The mission of this
// project is access to instances without opening SSH to the world: Session Manager needs no
// inbound rule at all, and an EC2 Instance Connect Endpoint reaches instances from its own
// security group.
//
// Which protocols count (EC2's IpProtocol, botocore ec2 2016-11-15: a name or IANA number, -1 all):
// - tcp (or 6) on `ports`: SSH is TCP only; RDP's main connection is TCP 3389, the only RDP row
//   of AWS's "Security group rules for different use cases" page. cdk-nag's EC2RestrictedSSH /
//   EC2RestrictedRDP and AWS Config's restricted-ssh judge these the same way.
// - udp (or 17) on `udpPorts` (default [3389]): RDP also runs over UDP. Microsoft's
//   [MS-RDPEUDP] "Remote Desktop Protocol: UDP Transport Extension"
//   (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpeudp/1ed440f4-6e8f-4c79-a9a3-0aea32a21daf)
//   and [MS-RDPEMT] multitransport, which the server starts over the main connection, carry the
//   session over UDP on the same port; IANA registers ms-wbt-server on 3389 for tcp and udp. An
//   open UDP 3389 is an RDP server answering the internet (a pre-authentication surface).
// - -1 / all: every port of both. Other protocol numbers open all of *their* ports (botocore's
//   IpProtocol documentation) but carry no TCP or UDP, so they do not count.
//
// Prefix lists: a rule whose source is a prefix list (`pl-...`) admits whatever its entries say,
// and the entries are not in the program: a customer-managed list can hold 0.0.0.0/0 and can be
// changed after deployment by whoever may modify it (Amazon VPC User Guide, "Managed prefix
// lists"). So a watched port opened to a prefix list is a violation unless its id is in
// `allowedPrefixLists`, where the security team lists the lists it has reviewed, e.g. the
// Region's AWS-managed `com.amazonaws.<region>.ec2-instance-connect` and its `.ipv6.` twin
// (Amazon VPC User Guide, "AWS-managed prefix lists",
// https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html, which
// points to Instance Connect's prerequisites: the EC2 console's client connects from that range;
// nobody outside AWS can change an AWS-managed list). Ids differ per Region, and only ids are in a
// program's resources, so the allow-list holds ids, not names.
// Security group sources are not the internet and pass.
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/rule";
import type { IngressRule } from "../../lib/ingress";
import { INGRESS_RESOURCE_TYPES, ingressRulesOf, isWholeInternet } from "../../lib/ingress";
import { rethrowIfUnknown } from "../../lib/unknown";

const defaults = { ports: [22, 3389] as number[], udpPorts: [3389] as number[], allowedPrefixLists: [] as string[] };
type Config = typeof defaults;
const PORT_NAMES: Record<number, string> = { 22: "SSH", 3389: "RDP" };
const PREFIX_LIST_ID = "^pl-[0-9a-f]+$";

/** `aws:ec2/securityGroup:SecurityGroup` → `aws.ec2.SecurityGroup`, `aws-native:ec2:SecurityGroup` → `aws-native.ec2.SecurityGroup`. */
function typeName(type: string): string {
  const [pkg, mod = "", cls = ""] = type.split(":");
  return `${pkg}.${mod.split("/")[0]}.${cls}`;
}

/** The watched ports the rule's protocol and range reach: tcp `ports`, udp `udpPorts`, both for all. */
function portsHit(r: IngressRule, { ports, udpPorts }: Config): number[] {
  const watched = r.protocol === "tcp" ? ports : r.protocol === "udp" ? udpPorts : r.protocol === "all" ? [...ports, ...udpPorts] : [];
  const hit = watched.filter((p) => r.fromPort <= p && p <= r.toPort);
  return [...new Set(hit)].sort((a, b) => a - b);
}

const portsText = (hit: number[]) => hit.map((p) => (PORT_NAMES[p] ? `${PORT_NAMES[p]} (${p})` : `port ${p}`)).join(" and ");
const rangeText = (r: IngressRule) =>
  r.protocol === "all"
    ? "all traffic"
    : r.fromPort === r.toPort
      ? `${r.protocol} ${r.fromPort}`
      : `${r.protocol} ${r.fromPort}-${r.toPort}`;

/** What a rule opens that it must not: to the whole internet, and to prefix lists not approved. */
function openings(r: IngressRule, config: Config): string[] {
  const hit = portsHit(r, config);
  if (hit.length === 0) return [];
  const out: string[] = [];
  const world = r.cidrs.filter(isWholeInternet);
  if (world.length > 0) {
    out.push(
      `opens ${portsText(hit)} to ${world.join(" and ")} (${rangeText(r)}): anyone on the internet can try to log in to every instance in the group. ` +
        "Fix: remove the rule and reach the instances through Session Manager (no inbound rule) or an EC2 Instance Connect Endpoint " +
        "(the endpoint's security group as the source), or admit known address ranges only.",
    );
  }
  const approved = config.allowedPrefixLists.filter((id) => typeof id === "string").map((id) => id.toLowerCase());
  for (const id of r.prefixLists) {
    if (approved.includes(id.trim().toLowerCase())) continue;
    out.push(
      `opens ${portsText(hit)} to prefix list ${id} (${rangeText(r)}), which is not in allowedPrefixLists: its entries are not in the program ` +
        "and can hold any address range, 0.0.0.0/0 included, now or after deployment. " +
        `Fix: review its entries (aws ec2 get-managed-prefix-list-entries --prefix-list-id ${id}) and add ${id} to this policy's allowedPrefixLists, ` +
        "or use a security group or known CIDR blocks as the source.",
    );
  }
  return out;
}

function validate(args: ResourceValidationArgs, reportViolation: ReportViolation): void {
  if (!INGRESS_RESOURCE_TYPES.includes(args.type)) return;
  const config = readConfig(args, defaults);
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
    for (const opened of openings(r, config)) reportViolation(`${subject}${r.where ? ` ${r.where}` : ""} ${opened}`);
  }
}

export const disallowPublicSshRdpIngress: ResourceValidationPolicy = {
  name: "disallow-public-ssh-rdp-ingress",
  description:
    "No security group may admit SSH (TCP 22) or RDP (TCP 3389, and UDP 3389: RDP's UDP transport, Microsoft's MS-RDPEUDP) from 0.0.0.0/0 or ::/0, " +
    "or from a prefix list not in allowedPrefixLists (its entries are not known before deployment; list the ids you have reviewed, such as the Region's com.amazonaws.<region>.ec2-instance-connect): " +
    "inline ingress, security group rules and ingress rule resources of the aws and aws-native providers, and security groups in CloudFormation templates. " +
    "Port ranges that include the ports, protocol -1 (all) and EC2's protocol numbers 6 (tcp) and 17 (udp) count.",
  remediationSteps:
    "Remove the inbound rule and connect through Session Manager (no inbound rule needed) or an EC2 Instance Connect Endpoint (admit the endpoint's security group as the source, as ec2-access's instanceSecurityGroupIds does), " +
    "or narrow the source to known CIDR blocks; for a prefix list you have reviewed (e.g. the Region's com.amazonaws.<region>.ec2-instance-connect), add its id to allowedPrefixLists; to watch other ports, set ports and udpPorts in the policy config.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ports: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        default: [22, 3389],
        description: "TCP ports that no rule may open to the whole internet. Default: [22, 3389] (SSH and RDP).",
      },
      udpPorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        default: [3389],
        description: "UDP ports that no rule may open to the whole internet. Default: [3389] (RDP's UDP transport, [MS-RDPEUDP]).",
      },
      allowedPrefixLists: {
        type: "array",
        items: { type: "string", pattern: PREFIX_LIST_ID },
        default: [],
        description:
          "Prefix list ids (pl-...) whose entries you have reviewed and that may be the source of a rule opening a watched port, e.g. the Region's AWS-managed com.amazonaws.<region>.ec2-instance-connect. Any other prefix list source is a violation: its entries cannot be read before deployment.",
      },
    },
  },
  validateResource: validate,
};
