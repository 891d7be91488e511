// Shared pieces of the Session Manager identity rules (which run through ../../lib's
// documentPolicy over identity documents only: an SCP's Allow grants nothing).
import { hasWildcard, statementGrants } from "../../lib/actions";
import { iamGlob } from "../../lib/glob";

export { statementGrants };

/**
 * Whether a Resource entry could match an ARN of `service` whose resource part starts with
 * `resourcePrefix` (e.g. ssm + `document/`): `*`, `arn:aws:ssm:*:*:*`, `arn:*:ssm:r:a:document/*`...
 */
export function couldMatchResource(resource: string, service: string, resourcePrefix: string): boolean {
  const r = resource.trim();
  if (r === "*") return true;
  const parts = r.split(":");
  if (parts.length < 6) return hasWildcard(r) && iamGlob(r).test(`arn:aws:${service}:us-east-1:111122223333:${resourcePrefix}x`);
  const [arn, , svc] = parts;
  const rest = parts.slice(5).join(":");
  if (!(arn.toLowerCase() === "arn" || hasWildcard(arn))) return false;
  if (!(svc.toLowerCase() === service || (hasWildcard(svc) && iamGlob(svc).test(service)))) return false;
  const literal = hasWildcard(rest) ? rest.slice(0, rest.search(/[*?]/)) : rest;
  if (!hasWildcard(rest)) return rest.toLowerCase().startsWith(resourcePrefix.toLowerCase());
  return resourcePrefix.toLowerCase().startsWith(literal.toLowerCase()) || literal.toLowerCase().startsWith(resourcePrefix.toLowerCase());
}

export const START_SESSION = "ssm:StartSession";
export const TERMINATE_SESSION = "ssm:TerminateSession";
export const RESUME_SESSION = "ssm:ResumeSession";
