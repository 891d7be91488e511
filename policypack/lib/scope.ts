// Does a statement reach every instance, or only some? The AWS pages recommend restricting
// access "to specific EC2 instances", by instance ARNs or by resource tags. Anything else, even
// under some condition, reaches instances that nobody chose.
import { hasWildcard, statementGrants } from "./actions";
import { matchesAny, stackListSchema } from "./rule";
import { globMatches } from "./glob";
import type { NormalCondition, NormalStatement } from "./document";

/** `aws:ResourceTag/K`, `ec2:ResourceTag/K`, `ssm:resourceTag/K`: the tags of the target. */
export const RESOURCE_TAG_KEY = /^(aws|ec2|ssm):resourcetag\/.+/i;

// Operators under which a tag condition holds only when the target carries the tag with a
// matching value. Excluded, because they let untagged or other instances through:
// - negations (StringNotEquals, StringNotLike): every instance without that value;
// - `...IfExists`: true when the instance has no such tag at all;
// - `ForAllValues:` on a single-valued key: true when the key is absent;
// - `Null`: only asks whether a tag exists, whatever its value.
const SCOPING_OPERATOR = /^(ForAnyValue:)?String(Equals|EqualsIgnoreCase|Like)$/i;

/** A value that every tag value matches (`*`, `**`, `?*`) constrains nothing but existence. */
function matchesAnything(value: string): boolean {
  return /^[*?]*\*[*?]*$/.test(value);
}

/**
 * Tag keys that begin with `aws:` are reserved: users cannot create, change or delete them, only
 * the AWS service that owns the resource does (Cloud9 tags the instances it launches
 * `aws:cloud9:environment`). Requiring such a tag, even with any value (`*`), confines a grant to
 * the instances that service created.
 */
function isReservedTagCondition(conditionKey: string): boolean {
  return /^aws:/i.test(conditionKey.slice(conditionKey.indexOf("/") + 1));
}

/** The statement's conditions that confine it to instances carrying a given tag value. */
export function resourceTagScopes(stmt: NormalStatement): NormalCondition[] {
  return stmt.conditions.filter(
    (c) =>
      RESOURCE_TAG_KEY.test(c.key) &&
      SCOPING_OPERATOR.test(c.operator) &&
      c.values.length > 0 &&
      (isReservedTagCondition(c.key) || !c.values.some(matchesAnything)),
  );
}

/**
 * The ARNs through which an action reaches an instance: EC2 instances, and the hybrid and edge
 * nodes that Systems Manager manages (`arn:aws:ssm:<region>:<account>:managed-instance/mi-...`),
 * which Session Manager and Run Command reach exactly like instances.
 */
const INSTANCE_ARN_KINDS: readonly [service: string, prefix: string][] = [
  ["ec2", "instance/"],
  ["ssm", "managed-instance/"],
];

/**
 * Whether a Resource entry could match instances of many IDs: `*`, `arn:aws:ec2:*:*:*`,
 * `arn:aws:ec2:region:account:instance/*`, `.../instance/i-0ab*`, and the same for managed
 * nodes (`arn:aws:ssm:*:*:managed-instance/*`). Entries that cannot name an instance at all
 * (an SSM document, a KMS key) are not broad: they do not reach instances.
 */
export function isBroadInstanceResource(resource: string): boolean {
  const r = resource.trim();
  if (r === "*") return true;
  const parts = r.split(":");
  if (parts.length < 6) return hasWildcard(r); // `arn:*` and friends
  const [arn, , service] = parts;
  const rest = parts.slice(5).join(":");
  if (!/^arn$/i.test(arn) && !hasWildcard(arn)) return false;
  if (!hasWildcard(rest)) return false;
  // The literal text before the first wildcard must be compatible with `instance/` (EC2) or
  // `managed-instance/` (SSM).
  const prefix = rest.slice(0, rest.search(/[*?]/));
  return INSTANCE_ARN_KINDS.some(([svc, kind]) => wildcardCouldMatch(service, svc) && (kind.startsWith(prefix) || prefix.startsWith(kind)));
}

function wildcardCouldMatch(pattern: string, value: string): boolean {
  if (!hasWildcard(pattern)) return pattern.toLowerCase() === value;
  return globMatches(pattern, value);
}

/**
 * A specific instance ARN, no wildcard in the ID: `arn:<partition>:ec2:<region>:<account>:instance/<id>`,
 * or a managed node's `arn:<partition>:ssm:<region>:<account>:managed-instance/<mi-id>`.
 */
export function isSpecificInstanceArn(resource: string): boolean {
  const m = /^arn:[^:]+:(?:ec2:[^:]*:[^:]*:instance|ssm:[^:]*:[^:]*:managed-instance)\/(.+)$/i.exec(resource.trim());
  return m !== null && !hasWildcard(m[1]);
}

export interface InstanceScope {
  scoped: boolean;
  /** How the statement is scoped, or what makes it reach every instance (for messages). */
  how: string;
}

/**
 * Whether an Allow statement confines an instance-targeted action to chosen instances:
 * every Resource entry that can name an instance names one instance, or a condition on a
 * resource-tag key (see `resourceTagScopes`) holds. `NotResource` reaches everything it does
 * not list, so it scopes only through a tag condition.
 */
export function scopesInstance(stmt: NormalStatement): InstanceScope {
  const tags = resourceTagScopes(stmt);
  if (tags.length > 0) return { scoped: true, how: `condition ${tags[0].operator} on ${tags[0].key}` };
  if (stmt.notResources !== undefined) return { scoped: false, how: `NotResource ${JSON.stringify(stmt.notResources)}` };
  const resources = stmt.resources ?? [];
  const broad = resources.filter(isBroadInstanceResource);
  if (broad.length > 0) return { scoped: false, how: `on ${broad.map((r) => JSON.stringify(r)).join(", ")}` };
  if (resources.length === 0) return { scoped: false, how: "with no Resource" };
  return { scoped: true, how: `on ${resources.map((r) => JSON.stringify(r)).join(", ")}` };
}

/**
 * The config property of every instance-scope rule: the stacks where an unscoped grant (the
 * stack configuration's `allInstances`, AWS's "allow all, deny some") is accepted.
 */
export function allowAllInstancesProperty(description: string) {
  return { allowAllInstancesInStacks: stackListSchema(description) };
}

/**
 * How an Allow of `action` reaches every instance (`scope.how`), or undefined when it is scoped
 * to chosen instances, does not grant the action, or the stack (`<project>/<stack>`) is allowed
 * to be unscoped.
 * The one check behind the serial console, Instance Connect and Session Manager scope rules.
 */
export function unscopedInstanceGrant(
  stmt: NormalStatement,
  action: string,
  projectStack: string,
  allowAllInstancesInStacks: readonly string[],
): string | undefined {
  if (stmt.effect !== "Allow" || !statementGrants(stmt, action)) return undefined;
  const scope = scopesInstance(stmt);
  if (scope.scoped || matchesAny(projectStack, allowAllInstancesInStacks)) return undefined;
  return scope.how;
}
