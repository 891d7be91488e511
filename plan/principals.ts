// The plan's `principals` table: for every IAM user, group and role the stack touches, each
// identity policy the stack attaches to it, with the document exactly as sent to IAM.
import type { Registration } from "./capture";
import { UNKNOWN } from "./capture";
import type { PrincipalType } from "../components/access";

export interface PlanPolicy {
  name: string;
  /** null for inline policies, which have no ARN. */
  arn: string | null;
  kind: "managed" | "inline" | "aws-managed";
  /** Parsed JSON; null where the stack does not hold the content (AWS managed policies). */
  document: unknown;
}

export interface PlanPrincipal {
  type: PrincipalType;
  name: string;
  policies: PlanPolicy[];
}

const ATTACHMENTS: Record<string, PrincipalType> = {
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": "user",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "group",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "role",
};

const INLINE: Record<string, PrincipalType> = {
  "aws:iam/userPolicy:UserPolicy": "user",
  "aws:iam/groupPolicy:GroupPolicy": "group",
  "aws:iam/rolePolicy:RolePolicy": "role",
};

function parse(text: unknown): unknown {
  if (typeof text !== "string") return text ?? null;
  if (text === UNKNOWN) return "[unknown]";
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function principalsOf(registrations: Registration[]): PlanPrincipal[] {
  const managed = new Map<string, Registration>();
  for (const r of registrations) {
    if (r.type === "aws:iam/policy:Policy" && typeof r.outputs.arn === "string") managed.set(r.outputs.arn, r);
  }
  const table = new Map<string, PlanPrincipal>();
  const entry = (type: PrincipalType, name: string) => {
    const key = `${type}/${name}`;
    let p = table.get(key);
    if (!p) table.set(key, (p = { type, name, policies: [] }));
    return p;
  };

  for (const r of registrations) {
    const attachType = ATTACHMENTS[r.type];
    if (attachType) {
      const name = String(r.inputs[attachType]);
      const arn = String(r.inputs.policyArn);
      const policy = managed.get(arn);
      entry(attachType, name).policies.push(
        policy
          ? { name: String(policy.outputs.name), arn, kind: "managed", document: parse(policy.inputs.policy) }
          : { name: arn.split("/").pop() ?? arn, arn, kind: /:iam::aws:policy\//.test(arn) ? "aws-managed" : "managed", document: null },
      );
    }
    const inlineType = INLINE[r.type];
    if (inlineType) {
      const name = String(r.inputs[inlineType]);
      entry(inlineType, name).policies.push({
        name: String(r.outputs.name ?? r.name),
        arn: null,
        kind: "inline",
        document: parse(r.inputs.policy),
      });
    }
  }
  return [...table.values()].sort((a, b) => `${a.type}/${a.name}`.localeCompare(`${b.type}/${b.name}`));
}
