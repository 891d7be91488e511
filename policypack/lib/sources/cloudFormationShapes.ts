// IAM resources in CloudFormation's shape. `@pulumi/aws-native` is generated from CloudFormation's
// resource schemas, so `aws-native:iam:Role` has the properties of `AWS::IAM::Role` with the first
// letter in lower case (`managedPolicyArns`, `policies[].policyDocument`). One reader serves both
// the aws-native resources and the resources of a CloudFormation stack's template.
import { parseDocument } from "../document";
import { throwIfUnknownSentinel } from "../unknown";
import type { DocumentSource } from "./types";
import { isRecord, managedSources, str } from "./values";

/** The CloudFormation types read here, all of which carry or attach identity documents (or SCPs). */
export const CLOUDFORMATION_IAM_TYPES = [
  "AWS::IAM::Role",
  "AWS::IAM::User",
  "AWS::IAM::Group",
  "AWS::IAM::ManagedPolicy",
  "AWS::IAM::Policy",
  "AWS::IAM::RolePolicy",
  "AWS::IAM::UserPolicy",
  "AWS::IAM::GroupPolicy",
  "AWS::SSO::PermissionSet",
  "AWS::Organizations::Policy",
] as const;

export interface ShapedResource {
  /** A CloudFormation type (`AWS::IAM::Role`). */
  type: string;
  props: Record<string, unknown>;
  /** Pulumi resource name or template logical ID: the name when the properties give none. */
  name: string;
  /** aws-native: property names start with a lower-case letter. */
  camelCase: boolean;
  /** Message prefix for every document (the template resource a document is in). */
  within?: string;
  /** Turns a property value into plain data (a template's intrinsic functions); default: as is. */
  value?(v: unknown): unknown;
}

// Maps, not object literals: a template's type names are data (`constructor` must find nothing).
const PRINCIPAL = new Map([
  ["AWS::IAM::Role", "role"],
  ["AWS::IAM::User", "user"],
  ["AWS::IAM::Group", "group"],
]);
const INLINE = new Map([
  ["AWS::IAM::RolePolicy", ["role", "RoleName"]],
  ["AWS::IAM::UserPolicy", ["user", "UserName"]],
  ["AWS::IAM::GroupPolicy", ["group", "GroupName"]],
]);

export function readShaped(r: ShapedResource): DocumentSource[] {
  const value = r.value ?? ((v: unknown) => v);
  const key = (name: string) => (r.camelCase ? name[0].toLowerCase() + name.slice(1) : name);
  const get = (o: Record<string, unknown>, name: string) => {
    const v = value(o[key(name)]);
    throwIfUnknownSentinel(v);
    return v;
  };
  const named = (o: Record<string, unknown>, name: string) => str(get(o, name)) ?? r.name;
  const out: DocumentSource[] = [];
  const add = (s: DocumentSource) => {
    if (r.within) s.prefix = s.prefix ? `${r.within}, ${s.prefix}` : r.within;
    out.push(s);
  };
  const attachedToLists = (o: Record<string, unknown>) => {
    const whom: string[] = [];
    for (const [field, who] of [
      ["Roles", "role"],
      ["Users", "user"],
      ["Groups", "group"],
    ]) {
      const list = get(o, field);
      if (Array.isArray(list)) for (const x of list) whom.push(`${who} ${JSON.stringify(str(value(x)) ?? "?")}`);
    }
    return whom.length ? whom.join(", ") : undefined;
  };
  const p = r.props;
  const principal = PRINCIPAL.get(r.type);
  if (principal) {
    const whom = `${principal} ${JSON.stringify(named(p, `${principal[0].toUpperCase()}${principal.slice(1)}Name`))}`;
    const inline = get(p, "Policies");
    if (Array.isArray(inline)) {
      inline.forEach((raw, i) => {
        const ip = value(raw);
        if (!isRecord(ip)) return;
        const name = str(get(ip, "PolicyName")) ?? `Policies[${i}]`;
        add({
          kind: "identity",
          policyName: name,
          prefix: `inline policy ${JSON.stringify(name)}`,
          attachedTo: whom,
          document: parseDocument(get(ip, "PolicyDocument")),
        });
      });
    }
    for (const s of managedSources(plainStrings(get(p, "ManagedPolicyArns"), value), whom)) add(s);
    return out;
  }
  switch (r.type) {
    case "AWS::IAM::ManagedPolicy":
      add({
        kind: "identity",
        policyName: named(p, "ManagedPolicyName"),
        attachedTo: attachedToLists(p),
        document: parseDocument(get(p, "PolicyDocument")),
      });
      break;
    case "AWS::IAM::Policy":
      add({
        kind: "identity",
        policyName: named(p, "PolicyName"),
        attachedTo: attachedToLists(p),
        document: parseDocument(get(p, "PolicyDocument")),
      });
      break;
    case "AWS::IAM::RolePolicy":
    case "AWS::IAM::UserPolicy":
    case "AWS::IAM::GroupPolicy": {
      const [who, field] = INLINE.get(r.type) ?? ["?", "?"];
      const doc = get(p, "PolicyDocument");
      // CloudFormation allows a RolePolicy without a document (it is then empty).
      if (doc === undefined || doc === null) break;
      add({
        kind: "identity",
        policyName: named(p, "PolicyName"),
        attachedTo: `${who} ${JSON.stringify(str(get(p, field)) ?? "?")}`,
        document: parseDocument(doc),
      });
      break;
    }
    case "AWS::SSO::PermissionSet": {
      const whom = `permission set ${JSON.stringify(named(p, "Name"))}`;
      const inline = get(p, "InlinePolicy");
      if (inline !== undefined && inline !== null && inline !== "")
        add({ kind: "identity", policyName: named(p, "Name"), prefix: "inline policy", attachedTo: whom, document: parseDocument(inline) });
      for (const s of managedSources(plainStrings(get(p, "ManagedPolicies"), value), whom)) add(s);
      // CustomerManagedPolicyReferences name policies by name in each account: their documents are
      // not in this resource; where a stack creates them, that resource is checked itself.
      break;
    }
    case "AWS::Organizations::Policy": {
      // Organizations' other policy types (tag, backup, declarative...) are not IAM documents.
      const type = str(get(p, "Type"));
      if (type !== undefined && type !== "SERVICE_CONTROL_POLICY") break;
      add({ kind: "scp", policyName: named(p, "Name"), document: parseDocument(get(p, "Content")) });
      break;
    }
  }
  return out;
}

function plainStrings(v: unknown, value: (v: unknown) => unknown): unknown {
  return Array.isArray(v) ? v.map(value) : v;
}
