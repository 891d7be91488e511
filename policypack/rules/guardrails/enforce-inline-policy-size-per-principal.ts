import { AwsTypes } from "../../lib/resourceTypes";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isUnknownValueError, throwIfUnknownSentinel } from "../../lib/unknown";
import { formatCount, iamPolicySize } from "./policySize";

export interface InlinePolicySizeConfig {
  maxUserCharacters?: number;
  maxGroupCharacters?: number;
  maxRoleCharacters?: number;
}

/** IAM's quotas for all inline policies of one principal together, white space not counted. */
export const INLINE_LIMITS = { user: 2048, group: 5120, role: 10240 } as const;
type PrincipalKind = keyof typeof INLINE_LIMITS;

interface Contribution {
  policyName: string;
  size: number;
  urn: string;
}

/**
 * The inline policies of each IAM user, group and role in the stack, together, fit IAM's quota
 * (user 2,048, group 5,120, role 10,240 characters, white space not counted): every
 * `RolePolicy`/`UserPolicy`/`GroupPolicy` and every entry of `Role.inlinePolicies` counts.
 *
 * Why: each inline policy is checked on its own by no one; the sum fails `PutRolePolicy` with
 * LimitExceeded only once the last one is added, often in a later, unrelated change.
 */
export const enforceInlinePolicySizePerPrincipal: StackValidationPolicy = {
  name: "enforce-inline-policy-size-per-principal",
  description:
    "All inline policies of one IAM principal together must fit IAM's limit: user 2,048, group 5,120, role 10,240 characters (white space not counted).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Move grants out of inline policies into customer managed policies (6,144 characters each, up to 10 attached per principal), or merge statements that share Effect, Resource and Condition.",
  configSchema: {
    properties: {
      maxUserCharacters: { type: "integer", minimum: 1, maximum: INLINE_LIMITS.user, default: INLINE_LIMITS.user },
      maxGroupCharacters: { type: "integer", minimum: 1, maximum: INLINE_LIMITS.group, default: INLINE_LIMITS.group },
      maxRoleCharacters: { type: "integer", minimum: 1, maximum: INLINE_LIMITS.role, default: INLINE_LIMITS.role },
    },
  },
  validateStack: (args, reportViolation) => {
    const limits = readLimits(args.getConfig<InlinePolicySizeConfig>());
    // principal key ("role:name") -> policy name -> contribution
    const principals = new Map<string, { kind: PrincipalKind; name: string; urn?: string; policies: Map<string, Contribution> }>();
    let unknown: unknown;

    const principal = (kind: PrincipalKind, name: string) => {
      const key = `${kind}:${name}`;
      let p = principals.get(key);
      if (!p) {
        p = { kind, name, policies: new Map() };
        principals.set(key, p);
      }
      return p;
    };
    const add = (kind: PrincipalKind, nameOrArn: unknown, policyName: unknown, document: unknown, urn: string) => {
      throwIfUnknownSentinel(nameOrArn);
      throwIfUnknownSentinel(policyName);
      const name = principalName(nameOrArn);
      const size = iamPolicySize(document);
      if (name === undefined || size === undefined) return;
      const label = typeof policyName === "string" && policyName !== "" ? policyName : urn;
      const policies = principal(kind, name).policies;
      // A RolePolicy and the role's inlinePolicies output can describe the same policy: count it once.
      const previous = policies.get(label);
      if (!previous || previous.size < size) policies.set(label, { policyName: label, size, urn });
    };

    for (const r of args.resources) {
      try {
        readResource(r, add, (kind, name, urn) => {
          const n = principalName(name);
          if (n !== undefined) principal(kind, n).urn = urn;
        });
      } catch (e) {
        // One unknown value hides one resource, not the whole stack: judge what is known and
        // still tell the engine the policy could not fully run during preview.
        if (isUnknownValueError(e)) {
          unknown ??= e;
          continue;
        }
        throw e;
      }
    }

    for (const p of [...principals.values()].sort((a, b) => (a.kind + a.name < b.kind + b.name ? -1 : 1))) {
      const max = limits[p.kind];
      const parts = [...p.policies.values()].sort((a, b) => b.size - a.size || (a.policyName < b.policyName ? -1 : 1));
      const total = parts.reduce((sum, c) => sum + c.size, 0);
      if (total <= max || parts.length === 0) continue;
      const listed = parts
        .slice(0, 5)
        .map((c) => `${c.policyName}: ${formatCount(c.size)}`)
        .join(", ");
      const more = parts.length > 5 ? `, and ${parts.length - 5} more` : "";
      reportViolation(
        `${capitalise(p.kind)} ${p.name}: its ${parts.length} inline ${parts.length === 1 ? "policy totals" : "policies total"} ${formatCount(total)} characters (white space not counted; ${listed}${more}), over the limit of ${formatCount(max)} for a ${p.kind}'s inline policies together${max === INLINE_LIMITS[p.kind] ? "" : ` (IAM's limit is ${formatCount(INLINE_LIMITS[p.kind])})`}: Put${capitalise(p.kind)}Policy fails with LimitExceeded. Move statements into customer managed policies attached to the ${p.kind}.`,
        p.urn ?? parts[0].urn,
      );
    }
    if (unknown) throw unknown;
  },
};

type Add = (kind: PrincipalKind, nameOrArn: unknown, policyName: unknown, document: unknown, urn: string) => void;
type Seen = (kind: PrincipalKind, name: unknown, urn: string) => void;

function readResource(r: PolicyResource, add: Add, seen: Seen): void {
  const props: Record<string, unknown> = (r.props ?? {}) as Record<string, unknown>;
  if (r.isType(AwsTypes.iamRolePolicy)) add("role", props["role"], props["name"], props["policy"], r.urn);
  else if (r.isType(AwsTypes.iamUserPolicy)) add("user", props["user"], props["name"], props["policy"], r.urn);
  else if (r.isType(AwsTypes.iamGroupPolicy)) add("group", props["group"], props["name"], props["policy"], r.urn);
  else if (r.isType(AwsTypes.iamRole)) {
    const name = props["name"];
    seen("role", name, r.urn);
    const inline = props["inlinePolicies"];
    throwIfUnknownSentinel(inline);
    if (!Array.isArray(inline)) return;
    for (const entry of inline) {
      if (typeof entry !== "object" || entry === null) continue;
      const e = entry as Record<string, unknown>;
      add("role", name, e["name"], e["policy"], r.urn);
    }
  } else if (r.isType(AwsTypes.iamUser)) seen("user", props["name"], r.urn);
  else if (r.isType(AwsTypes.iamGroup)) seen("group", props["name"], r.urn);
}

/** `sre`, or the name at the end of `arn:aws:iam::111122223333:role/path/sre`. */
function principalName(v: unknown): string | undefined {
  if (typeof v !== "string" || v.trim() === "") return undefined;
  if (v.startsWith("arn:")) {
    const resource = v.split(":").slice(5).join(":");
    const segments = resource.split("/");
    return segments[segments.length - 1] || undefined;
  }
  return v;
}

function readLimits(c: unknown): Record<PrincipalKind, number> {
  const o = typeof c === "object" && c !== null ? (c as Record<string, unknown>) : {};
  const pick = (key: string, max: number) => {
    const v = o[key];
    return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= max ? v : max;
  };
  return {
    user: pick("maxUserCharacters", INLINE_LIMITS.user),
    group: pick("maxGroupCharacters", INLINE_LIMITS.group),
    role: pick("maxRoleCharacters", INLINE_LIMITS.role),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
