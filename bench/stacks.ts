// Generated stacks for the scale benchmark and tests: N instances spread over G grants, the
// grants rotating over the three access patterns, each grant with its own group and user (so
// no principal nears the attachment quota). Deterministic: the same numbers always give the
// same configuration, so two runs plan the same resources.
import { createHash } from "node:crypto";

export interface StackShape {
  instances: number;
  grants: number;
  /** Default: serial console, Instance Connect and Session Manager in turn. */
  patterns?: Pattern[];
  /**
   * With a raised quota (up to 20) grants go to a role only: groups stay at IAM's fixed 10,
   * which a grant of 1,000 instance IDs (12 policies) exceeds.
   */
  maxManagedPoliciesPerPrincipal?: number;
}

export type Pattern = "serialConsole" | "instanceConnect" | "sessionManager";

export const ACCOUNT = "111122223333";
const ALL_PATTERNS: Pattern[] = ["serialConsole", "instanceConnect", "sessionManager"];

/** A 17-hex instance ID that looks like a real one and is the same on every run. */
export function instanceId(n: number): string {
  return `i-${createHash("sha256").update(`instance-${n}`).digest("hex").slice(0, 17)}`;
}

export function grantName(g: number): string {
  return `grant-${String(g).padStart(3, "0")}`;
}

/** Instance numbers of grant g: a contiguous share, the first grants taking the remainder. */
export function instancesOf(shape: StackShape, g: number): number[] {
  const base = Math.floor(shape.instances / shape.grants);
  const extra = shape.instances % shape.grants;
  const start = g * base + Math.min(g, extra);
  const count = base + (g < extra ? 1 : 0);
  return Array.from({ length: count }, (_, i) => start + i);
}

export interface GeneratedGrant {
  pattern: Pattern;
  name: string;
  instanceIds: string[];
}

export function generatedGrants(shape: StackShape): GeneratedGrant[] {
  const patterns = shape.patterns ?? ALL_PATTERNS;
  return Array.from({ length: shape.grants }, (_, g) => ({
    pattern: patterns[g % patterns.length],
    name: grantName(g),
    instanceIds: instancesOf(shape, g).map(instanceId),
  }));
}

/** The `config:` map of a Pulumi.<stack>.yaml for these grants. */
export function stackConfig(grants: GeneratedGrant[], maxManagedPoliciesPerPrincipal?: number): Record<string, unknown> {
  const config: Record<string, unknown> = {
    "aws:region": "us-east-1",
    "ec2-access:environment": "scale",
    "ec2-access:accountId": ACCOUNT,
  };
  if (maxManagedPoliciesPerPrincipal !== undefined) config["ec2-access:maxManagedPoliciesPerPrincipal"] = maxManagedPoliciesPerPrincipal;
  const principals = (g: GeneratedGrant) =>
    maxManagedPoliciesPerPrincipal === undefined
      ? { groups: [`${g.name}-team`], users: [`${g.name}-lead`] }
      : { roles: [`${g.name}-role`] };
  const section = (pattern: Pattern) =>
    grants
      .filter((g) => g.pattern === pattern)
      .map((g) => {
        const base = { name: g.name, principals: principals(g), instanceIds: g.instanceIds };
        if (pattern === "instanceConnect") return { ...base, osUsers: ["ec2-user"], console: true };
        if (pattern === "sessionManager") return { ...base, clients: ["session-manager"] };
        return base;
      });
  for (const pattern of ALL_PATTERNS) {
    const list = section(pattern);
    if (list.length > 0)
      config[`ec2-access:${pattern}`] = pattern === "serialConsole" ? { accountAccess: "unmanaged", grants: list } : { grants: list };
  }
  return config;
}

export function generatedStack(shape: StackShape): Record<string, unknown> {
  return stackConfig(generatedGrants(shape), shape.maxManagedPoliciesPerPrincipal);
}
