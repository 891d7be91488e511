// Where identity documents come from: a resource's type and inputs give every document it
// creates or attaches, with what it is called and whom it reaches. Rules read sources, not
// resource types, so that one rule covers customer managed policies, inline policies, SSO
// permission sets, SCPs and attachments of AWS managed policies alike.
import type { ResourceValidationArgs } from "@pulumi/policy";
import { awsManagedPolicy, AwsManagedPolicy } from "../data/awsManagedPolicies";
import { parseDocument, ParsedDocument } from "./document";
import { rethrowIfUnknown, throwIfUnknownSentinel } from "./unknown";

export type SourceKind =
  /** Grants permissions to whoever it is attached to. */
  | "identity"
  /** A service control policy: its Allow grants nothing, it only bounds what identities may get. */
  | "scp";

export interface DocumentSource {
  kind: SourceKind;
  /** The policy's name where it has one (`props.name`, else the resource name; AWS's name for managed policies). */
  policyName: string;
  /** Prefix for messages when the resource holds more than one document or holds it indirectly. */
  prefix?: string;
  /** Whom the document reaches, when the resource says so (`role "sre"`). */
  attachedTo?: string;
  /** Set for attachments of AWS managed policies: the content comes from ../data. */
  managed?: AwsManagedPolicy;
  document: ParsedDocument;
}

export const TYPES = {
  policy: "aws:iam/policy:Policy",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  role: "aws:iam/role:Role",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  permissionSetInlinePolicy: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
  permissionSetManagedPolicyAttachment: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
  organizationsPolicy: "aws:organizations/policy:Policy",
} as const;

/** The resource types `documentsOf` reads; anything else has no identity document. */
export const DOCUMENT_RESOURCE_TYPES: readonly string[] = Object.values(TYPES);

function str(v: unknown): string | undefined {
  throwIfUnknownSentinel(v);
  return typeof v === "string" ? v : undefined;
}

function strings(v: unknown): string[] {
  throwIfUnknownSentinel(v);
  if (typeof v === "string") return [v];
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const s = str(v[i]);
    if (s !== undefined) out.push(s);
  }
  return out;
}

function managedSource(arn: string, attachedTo: string | undefined): DocumentSource | undefined {
  const managed = awsManagedPolicy(arn);
  if (!managed) return undefined;
  return {
    kind: "identity",
    policyName: managed.name,
    prefix: `AWS managed policy ${managed.name}`,
    attachedTo,
    managed,
    document: managed.document
      ? parseDocument(managed.document)
      : {
          statements: [],
          problems: [
            `the content of ${managed.name} is not shipped with this pack (${managed.source}), and it is known to grant instance access broadly. ` +
              "Attach a customer managed policy the pack can check instead",
          ],
        },
  };
}

function read(args: Pick<ResourceValidationArgs, "type" | "props" | "name">): DocumentSource[] {
  const p = args.props ?? {};
  const nameOr = () => str(p.name) ?? args.name;
  switch (args.type) {
    case TYPES.policy:
      return [{ kind: "identity", policyName: nameOr(), document: parseDocument(p.policy) }];
    case TYPES.rolePolicy:
      return [{ kind: "identity", policyName: nameOr(), attachedTo: `role ${JSON.stringify(str(p.role) ?? "?")}`, document: parseDocument(p.policy) }];
    case TYPES.userPolicy:
      return [{ kind: "identity", policyName: nameOr(), attachedTo: `user ${JSON.stringify(str(p.user) ?? "?")}`, document: parseDocument(p.policy) }];
    case TYPES.groupPolicy:
      return [{ kind: "identity", policyName: nameOr(), attachedTo: `group ${JSON.stringify(str(p.group) ?? "?")}`, document: parseDocument(p.policy) }];
    case TYPES.role: {
      const role = `role ${JSON.stringify(nameOr())}`;
      const out: DocumentSource[] = [];
      const inline = p.inlinePolicies;
      throwIfUnknownSentinel(inline);
      if (Array.isArray(inline)) {
        for (let i = 0; i < inline.length; i++) {
          const ip = inline[i] as Record<string, unknown> | undefined;
          if (!ip || typeof ip !== "object") continue;
          const policy = ip.policy;
          throwIfUnknownSentinel(policy);
          // `inlinePolicies: [{}]` is the documented way to remove all inline policies.
          if (policy === undefined || policy === null || policy === "") continue;
          const name = str(ip.name) ?? `inlinePolicies[${i}]`;
          out.push({ kind: "identity", policyName: name, prefix: `inline policy ${JSON.stringify(name)}`, attachedTo: role, document: parseDocument(policy) });
        }
      }
      for (const arn of strings(p.managedPolicyArns)) {
        const s = managedSource(arn, role);
        if (s) out.push(s);
      }
      return out;
    }
    case TYPES.rolePolicyAttachment:
    case TYPES.userPolicyAttachment:
    case TYPES.groupPolicyAttachment: {
      const who = args.type === TYPES.rolePolicyAttachment ? "role" : args.type === TYPES.userPolicyAttachment ? "user" : "group";
      const s = managedSource(str(p.policyArn) ?? "", `${who} ${JSON.stringify(str(p[who]) ?? "?")}`);
      return s ? [s] : [];
    }
    case TYPES.policyAttachment: {
      const whom = [
        ...strings(p.roles).map((r) => `role ${JSON.stringify(r)}`),
        ...strings(p.users).map((u) => `user ${JSON.stringify(u)}`),
        ...strings(p.groups).map((g) => `group ${JSON.stringify(g)}`),
      ].join(", ");
      const s = managedSource(str(p.policyArn) ?? "", whom || undefined);
      return s ? [s] : [];
    }
    case TYPES.permissionSetInlinePolicy:
      return [{ kind: "identity", policyName: args.name, attachedTo: `permission set ${JSON.stringify(str(p.permissionSetArn) ?? "?")}`, document: parseDocument(p.inlinePolicy) }];
    case TYPES.permissionSetManagedPolicyAttachment: {
      const s = managedSource(str(p.managedPolicyArn) ?? "", `permission set ${JSON.stringify(str(p.permissionSetArn) ?? "?")}`);
      return s ? [s] : [];
    }
    case TYPES.organizationsPolicy: {
      // Organizations' other policy types (tag, backup, declarative...) are not IAM documents.
      const type = str(p.type);
      if (type !== undefined && type !== "SERVICE_CONTROL_POLICY") return [];
      return [{ kind: "scp", policyName: nameOr(), document: parseDocument(p.content) }];
    }
    default:
      return [];
  }
}

/**
 * Every identity document (and SCP) a resource carries. Never throws, except the engine's
 * `UnknownValueError` during preview; any other failure becomes one source whose document
 * reports the problem, so that the parse rule can say why nothing was checked.
 */
export function documentsOf(args: Pick<ResourceValidationArgs, "type" | "props" | "name">): DocumentSource[] {
  try {
    return read(args);
  } catch (e) {
    rethrowIfUnknown(e);
    return [
      {
        kind: "identity",
        policyName: args.name,
        document: { statements: [], problems: [`the resource's inputs could not be read: ${e instanceof Error ? e.message : String(e)}`] },
      },
    ];
  }
}
