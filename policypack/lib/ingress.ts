// Inbound rules of security groups, whichever provider declares them: the classic provider's
// inline `ingress` (SecurityGroup, DefaultSecurityGroup), SecurityGroupRule (type ingress) and
// vpc.SecurityGroupIngressRule; aws-native's SecurityGroup (`securityGroupIngress`) and
// SecurityGroupIngress; and AWS::EC2::SecurityGroup / SecurityGroupIngress inside a
// CloudFormation template given to a stack or StackSet of either provider. Input names from
// @pulumi/aws 7.x (types/input.d.ts) and @pulumi/aws-native 1.79.0 (CloudFormation's properties
// in camelCase). Values the engine does not know yet raise its UnknownValueError (never a guess).
// Protocols as EC2's API takes them (botocore ec2 2016-11-15, IpPermission.IpProtocol): a name
// (tcp, udp, icmp, icmpv6) or an IANA number, -1 for all; the aws provider also takes `all`.
// 6 is tcp and 17 is udp, so they are read as those names.
import { parseTemplate, resolveIntrinsics } from "./sources/cloudFormationTemplate";
import { CLOUDFORMATION_TEMPLATE_TYPES, plainJson, withParameterValues } from "./sources/cloudFormationStack";
import { isRecord, str, strings } from "./sources/values";
import { throwIfUnknownSentinel } from "./unknown";

/** One inbound rule, as far as who may reach which ports matters. */
export interface IngressRule {
  /** Where the rule is, for messages: `ingress[0]`, `CloudFormation stack "x" resource "Sg" SecurityGroupIngress[1]`, or "" for a rule resource. */
  where: string;
  /** `all` (-1 or all), `tcp` (tcp or 6), `udp` (udp or 17), or the protocol as written, lower case. */
  protocol: string;
  /** Inclusive port range; all ports for `all`. */
  fromPort: number;
  toPort: number;
  /** The IPv4 and IPv6 CIDR blocks it admits (security group and prefix list sources are not CIDRs). */
  cidrs: string[];
  /** The prefix lists (`pl-...`) it admits: their entries are not in the program, so not known before deployment. */
  prefixLists: string[];
}

const CLASSIC_INLINE = new Set(["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"]);
const CLASSIC_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const NATIVE_GROUP = "aws-native:ec2:SecurityGroup";
const NATIVE_INGRESS = "aws-native:ec2:SecurityGroupIngress";

/** The resource types `ingressRulesOf` reads. */
export const INGRESS_RESOURCE_TYPES: readonly string[] = [
  ...CLASSIC_INLINE,
  CLASSIC_RULE,
  VPC_INGRESS_RULE,
  NATIVE_GROUP,
  NATIVE_INGRESS,
  ...CLOUDFORMATION_TEMPLATE_TYPES.keys(),
];

const MAX_RULES = 2_000; // AWS allows 60 inbound rules per group (1,000 with a quota increase).
const MAX_TEMPLATE_RESOURCES = 2_000; // CloudFormation's limit is 500 resources per template.

function protocolOf(v: unknown): string {
  throwIfUnknownSentinel(v);
  const p = typeof v === "number" ? String(v) : (str(v) ?? "").trim().toLowerCase();
  if (p === "-1" || p === "all") return "all";
  if (p === "6") return "tcp";
  if (p === "17") return "udp";
  return p;
}

/** A port as given (number or numeric text); undefined when absent or -1 (no port: the range's end is open). */
function portOf(v: unknown): number | undefined {
  throwIfUnknownSentinel(v);
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

interface Sources {
  cidrs: string[];
  prefixLists: string[];
}

function rule(where: string, protocol: unknown, from: unknown, to: unknown, { cidrs, prefixLists }: Sources): IngressRule {
  const p = protocolOf(protocol);
  if (p === "all") return { where, protocol: p, fromPort: 0, toPort: 65535, cidrs, prefixLists };
  return { where, protocol: p, fromPort: portOf(from) ?? 0, toPort: portOf(to) ?? 65535, cidrs, prefixLists };
}

const list = (v: unknown): unknown[] => {
  throwIfUnknownSentinel(v);
  return Array.isArray(v) ? v.slice(0, MAX_RULES) : [];
};

/** `{CidrIp, CidrIpv6, SourcePrefixListId, IpProtocol, FromPort, ToPort}` (CloudFormation) or camelCase (aws-native). */
function cfnRule(where: string, r: Record<string, unknown>, camel: boolean): IngressRule {
  const k = (name: string) => r[camel ? name[0].toLowerCase() + name.slice(1) : name];
  return rule(where, k("IpProtocol"), k("FromPort"), k("ToPort"), {
    cidrs: [...strings(k("CidrIp")), ...strings(k("CidrIpv6"))],
    prefixLists: strings(k("SourcePrefixListId")),
  });
}

/** The classic provider's `cidrBlocks`, `ipv6CidrBlocks` and `prefixListIds` (inline ingress and SecurityGroupRule). */
const classicSources = (r: Record<string, unknown>): Sources => ({
  cidrs: [...strings(r.cidrBlocks), ...strings(r.ipv6CidrBlocks)],
  prefixLists: strings(r.prefixListIds),
});

/** The inbound rules a resource declares, or undefined when its type declares none. Never guesses an unknown value. */
export function ingressRulesOf(type: string, props: unknown, name: string): IngressRule[] | undefined {
  const p = isRecord(props) ? props : {};
  if (CLASSIC_INLINE.has(type)) {
    return list(p.ingress).flatMap((r, i) =>
      isRecord(r) ? [rule(`ingress[${i}]`, r.protocol, r.fromPort, r.toPort, classicSources(r))] : [],
    );
  }
  if (type === CLASSIC_RULE) {
    if (str(p.type) !== "ingress") return [];
    return [rule("", p.protocol, p.fromPort, p.toPort, classicSources(p))];
  }
  if (type === VPC_INGRESS_RULE) {
    const sources = { cidrs: [...strings(p.cidrIpv4), ...strings(p.cidrIpv6)], prefixLists: strings(p.prefixListId) };
    return [rule("", p.ipProtocol, p.fromPort, p.toPort, sources)];
  }
  if (type === NATIVE_GROUP) {
    return list(p.securityGroupIngress).flatMap((r, i) => (isRecord(r) ? [cfnRule(`securityGroupIngress[${i}]`, r, true)] : []));
  }
  if (type === NATIVE_INGRESS) return [cfnRule("", p, true)];
  if (CLOUDFORMATION_TEMPLATE_TYPES.has(type)) return templateRules(type, p, name);
  return undefined;
}

/** AWS::EC2::SecurityGroup and AWS::EC2::SecurityGroupIngress of a template in `templateBody`. */
function templateRules(type: string, props: Record<string, unknown>, resourceName: string): IngressRule[] {
  const [nameKey, what] = CLOUDFORMATION_TEMPLATE_TYPES.get(type)!;
  const raw = props.templateBody;
  throwIfUnknownSentinel(raw);
  const body = raw !== null && typeof raw === "object" ? plainJson(raw) : str(raw);
  if (body === undefined) return [];
  // An unreadable template is reported by require-readable-policy-document; here it holds no rule.
  const parsed = parseTemplate(body).template;
  if (!parsed) return [];
  const template = withParameterValues(parsed, props.parameters);
  if (!isRecord(template.Resources)) return [];
  const stack = `${what} ${JSON.stringify(str(props[nameKey]) ?? resourceName)}`;
  const out: IngressRule[] = [];
  let n = 0;
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (++n > MAX_TEMPLATE_RESOURCES) break;
    if (!isRecord(resource) || !isRecord(resource.Properties)) continue;
    const at = `${stack} resource ${JSON.stringify(logicalId)} (${String(resource.Type)})`;
    // Parameters become their values, Fn::Sub/Join the text they build; what stays a function is not a CIDR.
    const properties = resolveIntrinsics(resource.Properties, template) as Record<string, unknown>;
    if (resource.Type === "AWS::EC2::SecurityGroup") {
      list(properties.SecurityGroupIngress).forEach((r, i) => {
        if (isRecord(r)) out.push(cfnRule(`${at} SecurityGroupIngress[${i}]`, r, false));
      });
    } else if (resource.Type === "AWS::EC2::SecurityGroupIngress") out.push(cfnRule(at, properties, false));
  }
  return out;
}

/** A CIDR block that admits every address of its family (0.0.0.0/0, ::/0, or any other /0). */
export function isWholeInternet(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}
