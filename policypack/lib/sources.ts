// Where identity documents come from: a resource's type and inputs give every document it
// creates or attaches, with what it is called and whom it reaches. Rules read sources, not
// resource types, so that one rule covers customer managed policies, inline policies, SSO
// permission sets, SCPs and attachments of AWS managed policies alike.
import type { ResourceValidationArgs } from "@pulumi/policy";
import { parseDocument } from "./document";
import { rethrowIfUnknown, throwIfUnknownSentinel } from "./unknown";
import { AWS_NATIVE_TYPES, readAwsNative } from "./sources/awsNative";
import { CLOUDFORMATION_TEMPLATE_TYPES, readCloudFormationStack } from "./sources/cloudFormationStack";
import { EXCLUSIVE_ATTACHMENT_TYPES, readExclusiveAttachments } from "./sources/exclusiveAttachments";
import type { DocumentSource } from "./sources/types";
import { isRecord, managedSource, str, strings } from "./sources/values";

export type { DocumentSource, SourceKind } from "./sources/types";

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
export const DOCUMENT_RESOURCE_TYPES: readonly string[] = [
  ...Object.values(TYPES),
  ...EXCLUSIVE_ATTACHMENT_TYPES.keys(),
  ...AWS_NATIVE_TYPES.keys(),
  ...CLOUDFORMATION_TEMPLATE_TYPES.keys(),
];

function read(args: Pick<ResourceValidationArgs, "type" | "props" | "name">): DocumentSource[] {
  const p = args.props ?? {};
  const nameOr = () => str(p.name) ?? args.name;
  switch (args.type) {
    case TYPES.policy:
      return [{ kind: "identity", policyName: nameOr(), document: parseDocument(p.policy) }];
    case TYPES.rolePolicy:
      return [
        {
          kind: "identity",
          policyName: nameOr(),
          attachedTo: `role ${JSON.stringify(str(p.role) ?? "?")}`,
          document: parseDocument(p.policy),
        },
      ];
    case TYPES.userPolicy:
      return [
        {
          kind: "identity",
          policyName: nameOr(),
          attachedTo: `user ${JSON.stringify(str(p.user) ?? "?")}`,
          document: parseDocument(p.policy),
        },
      ];
    case TYPES.groupPolicy:
      return [
        {
          kind: "identity",
          policyName: nameOr(),
          attachedTo: `group ${JSON.stringify(str(p.group) ?? "?")}`,
          document: parseDocument(p.policy),
        },
      ];
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
          out.push({
            kind: "identity",
            policyName: name,
            prefix: `inline policy ${JSON.stringify(name)}`,
            attachedTo: role,
            document: parseDocument(policy),
          });
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
      return [
        {
          kind: "identity",
          policyName: args.name,
          attachedTo: `permission set ${JSON.stringify(str(p.permissionSetArn) ?? "?")}`,
          document: parseDocument(p.inlinePolicy),
        },
      ];
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
      if (CLOUDFORMATION_TEMPLATE_TYPES.has(args.type)) return readCloudFormationStack(isRecord(p) ? p : {}, args.name, args.type);
      return readExclusiveAttachments(args.type, p) ?? readAwsNative(args.type, p, args.name) ?? [];
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
