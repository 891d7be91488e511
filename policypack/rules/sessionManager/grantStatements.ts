// Shared reading for the Session Manager identity rules: every Allow statement of every identity
// document a resource carries (documentsOf from ../../lib), with the name a message should use.
// SCPs are left out: their Allow grants nothing, so they cannot over-grant a session.
import type { ResourceValidationArgs } from "@pulumi/policy";
import { globToRegExp, hasWildcard, statementGrants } from "../../lib/actions";
import type { NormalStatement } from "../../lib/document";
import { documentsOf } from "../../lib/sources";

export interface GrantStatement {
  statement: NormalStatement;
  /** e.g. `Policy "ssm-users" Statement[0]` or `Policy "sre-inline" (role "sre") inline policy "x" Statement[1]`. */
  where: string;
}

export function allowStatements(args: Pick<ResourceValidationArgs, "type" | "props" | "name">): GrantStatement[] {
  const out: GrantStatement[] = [];
  for (const source of documentsOf(args)) {
    if (source.kind !== "identity") continue;
    const name = source.prefix ?? `Policy ${JSON.stringify(source.policyName)}`;
    const whom = source.attachedTo ? ` (attached to ${source.attachedTo})` : "";
    for (const statement of source.document.statements) {
      if (statement.effect !== "Allow") continue;
      out.push({ statement, where: `${name}${whom} ${statement.label}` });
    }
  }
  return out;
}

/** How the statement names `action`, for messages: `"ssm:Start*"`, `"*"`, or `NotAction [...]`. */
export function howGranted(stmt: NormalStatement, action: string): string {
  if (stmt.actions !== undefined) {
    const exact = stmt.actions.find((p) => p.trim().toLowerCase() === action.toLowerCase());
    if (exact !== undefined) return action;
    const pattern = stmt.actions.find((p) => globToRegExp(p.trim()).test(action));
    return pattern !== undefined ? `${action} (through ${JSON.stringify(pattern)})` : action;
  }
  return `${action} (through NotAction ${JSON.stringify(stmt.notActions ?? [])})`;
}

export { statementGrants };

/**
 * Whether a Resource entry could match an ARN of `service` whose resource part starts with
 * `resourcePrefix` (e.g. ssm + `document/`): `*`, `arn:aws:ssm:*:*:*`, `arn:*:ssm:r:a:document/*`...
 */
export function couldMatchResource(resource: string, service: string, resourcePrefix: string): boolean {
  const r = resource.trim();
  if (r === "*") return true;
  const parts = r.split(":");
  if (parts.length < 6) return hasWildcard(r) && globToRegExp(r).test(`arn:aws:${service}:us-east-1:111122223333:${resourcePrefix}x`);
  const [arn, , svc] = parts;
  const rest = parts.slice(5).join(":");
  if (!(arn.toLowerCase() === "arn" || hasWildcard(arn))) return false;
  if (!(svc.toLowerCase() === service || (hasWildcard(svc) && globToRegExp(svc).test(service)))) return false;
  const literal = hasWildcard(rest) ? rest.slice(0, rest.search(/[*?]/)) : rest;
  if (!hasWildcard(rest)) return rest.toLowerCase().startsWith(resourcePrefix.toLowerCase());
  return resourcePrefix.toLowerCase().startsWith(literal.toLowerCase()) || literal.toLowerCase().startsWith(resourcePrefix.toLowerCase());
}

export const START_SESSION = "ssm:StartSession";
export const TERMINATE_SESSION = "ssm:TerminateSession";
export const RESUME_SESSION = "ssm:ResumeSession";

/** Reads a boolean config value, falling back when absent or of the wrong type. */
export function configBoolean(config: unknown, key: string, fallback: boolean): boolean {
  const o = typeof config === "object" && config !== null ? (config as Record<string, unknown>) : {};
  return typeof o[key] === "boolean" ? (o[key] as boolean) : fallback;
}
