import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { SEND_SERIAL_CONSOLE_KEY, SEND_SSH_KEY, START_SESSION, statementGrants } from "../../lib/actions";
import { iamGlob } from "../../lib/glob";
import type { NormalCondition, NormalStatement } from "../../lib/document";
import { parseDocument } from "../../lib/document";
import { isBroadInstanceResource, isSpecificInstanceArn, resourceTagScopes } from "../../lib/scope";
import { documentsOf } from "../../lib/sources";
import { isUnknownValueError } from "../../lib/unknown";
import { listForMessage } from "../../lib/rule";

/** The actions that open an instance to a person; a tag condition on them is an ABAC grant. */
export const ABAC_ACCESS_ACTIONS = [SEND_SERIAL_CONSOLE_KEY, SEND_SSH_KEY, START_SESSION] as const;
const INSTANCE_TAGGING = ["ec2:CreateTags", "ec2:DeleteTags"] as const;
const PRINCIPAL_TAGGING = ["iam:TagUser", "iam:TagRole", "sts:TagSession"] as const;

interface Located {
  statement: NormalStatement;
  /** `Policy "x" Statement[0]`, `trust policy of role "r" Statement[0]`. */
  where: string;
  /** The document alone (`Policy "x" (attached to role "r")`): violations are grouped by it. */
  document: string;
  urn: string;
  kind: "identity" | "scp" | "trust";
}

/** A tag key an access grant depends on, and the first grant that depends on it (for messages). */
interface Dependency {
  key: string;
  grant: string;
  action: string;
}

/**
 * Wherever access to instances is conditioned on a tag (a resource-tag condition on key K for
 * SendSerialConsoleSSHPublicKey, SendSSHPublicKey or StartSession), nothing in the stack lets
 * principals set or remove K: on instances (`ec2:CreateTags`/`ec2:DeleteTags` without an
 * `aws:TagKeys` condition that leaves K out), or, where the condition compares with
 * `${aws:PrincipalTag/P}`, the principal tag P on themselves (`iam:TagUser`, `iam:TagRole`, and
 * `sts:TagSession` in identity or trust policies).
 *
 * Why: attribute-based access is only as strong as the control over its tags. Whoever can tag an
 * instance `Finance=WebServers` can open a shell on it.
 */
export const requireTagControlForAbac: StackValidationPolicy = {
  name: "require-tag-control-for-abac",
  description:
    "When access to instances depends on a tag, no policy in the stack may let principals set or remove that tag on instances (ec2:CreateTags/DeleteTags) or the compared principal tag on themselves (iam:TagUser, iam:TagRole, sts:TagSession).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: [
    "On the statement that allows tagging, add a condition that leaves the access tag out, e.g.",
    '"Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["<keys it needs>"]}} (for DeleteTags also "Null": {"aws:TagKeys": "false"}),',
    'or add a statement "Effect": "Deny" on the same actions with "ForAnyValue:StringEquals": {"aws:TagKeys": ["<access tag>"]}.',
  ].join("\n"),
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    let unknown: unknown;
    const statements: Located[] = [];
    for (const r of args.resources) {
      try {
        statements.push(...statementsOf(r));
      } catch (e) {
        // An unknown hides one resource; judge the rest, then let the engine say the policy
        // could not fully run during preview.
        if (isUnknownValueError(e)) {
          unknown ??= e;
          continue;
        }
        throw e;
      }
    }

    const instanceKeys = new Map<string, Dependency>();
    const principalKeys = new Map<string, Dependency>();
    for (const s of statements) {
      if (s.kind !== "identity" || s.statement.effect !== "Allow") continue;
      const action = ABAC_ACCESS_ACTIONS.find((a) => statementGrants(s.statement, a));
      if (!action) continue;
      for (const c of resourceTagScopes(s.statement)) {
        const key = c.key.slice(c.key.indexOf("/") + 1);
        const dep = { key, grant: s.where, action };
        if (!instanceKeys.has(key.toLowerCase())) instanceKeys.set(key.toLowerCase(), dep);
        for (const p of principalTagsIn(c)) if (!principalKeys.has(p.toLowerCase())) principalKeys.set(p.toLowerCase(), { ...dep, key: p });
      }
    }
    if (instanceKeys.size === 0) {
      if (unknown) throw unknown;
      return;
    }

    const denies = statements.filter((s) => s.statement.effect === "Deny");
    // One violation per document, however many of its statements, tagging actions and access
    // tags meet: a stack of 800 such policies gets 800 findings, not statements x keys of them.
    const findings = new Map<string, { urn: string; document: string; list: Finding[] }>();
    for (const s of statements) {
      if (s.kind === "scp" || s.statement.effect !== "Allow") continue;
      const onInstances = reachesInstances(s.statement);
      const checks: [readonly string[], Map<string, Dependency>, Target][] = [
        [onInstances ? INSTANCE_TAGGING : [], instanceKeys, "on instances"],
        [PRINCIPAL_TAGGING, principalKeys, "on principals"],
      ];
      for (const [actions, keys, target] of checks) {
        for (const action of actions) {
          if (s.kind === "trust" && action !== "sts:TagSession") continue;
          if (!statementGrants(s.statement, action)) continue;
          for (const dep of keys.values()) {
            if (excludesKey(s.statement, dep.key, action)) continue;
            if (deniedElsewhere(denies, s, action, dep.key)) continue;
            const id = `${s.urn}\u0000${s.document}`;
            const group = findings.get(id) ?? { urn: s.urn, document: s.document, list: [] };
            group.list.push({ label: s.statement.label, action, target, dep });
            findings.set(id, group);
          }
        }
      }
    }
    for (const group of findings.values()) reportViolation(groupedMessage(group.document, group.list), group.urn);
    if (unknown) throw unknown;
  },
};

type Target = "on instances" | "on principals";

/** One tagging action of one statement that reaches one access tag. */
interface Finding {
  label: string;
  action: string;
  target: Target;
  dep: Dependency;
}

const unique = <T>(items: T[]) => [...new Set(items)];

/** Items, the first `max` of them, then "and N more <noun>". */
function capped(items: string[], max: number, noun: string): string {
  return items.length > max ? `${items.slice(0, max).join("; ")}; and ${items.length - max} more ${noun}` : items.join("; ");
}

/**
 * `<document>: Statement[0] allows ec2:CreateTags, ec2:DeleteTags on instances; ... without an
 * aws:TagKeys condition that leaves out the tags access depends on: instance tag "K" (what grants
 * access by it); ...`, each list capped so that a message stays readable at any scale.
 */
function groupedMessage(document: string, list: Finding[]): string {
  const statements = unique(list.map((f) => f.label)).map((label) => {
    const mine = list.filter((f) => f.label === label);
    const byTarget = (["on instances", "on principals"] as const)
      .map((t) => [unique(mine.filter((f) => f.target === t).map((f) => f.action)), t] as const)
      .filter(([actions]) => actions.length > 0)
      .map(([actions, t]) => `${actions.join(", ")} ${t}`);
    return `${label} allows ${byTarget.join(" and ")}`;
  });
  const keys = unique(
    list.map(
      (f) =>
        `${f.target === "on instances" ? "instance tag" : "principal tag"} ${JSON.stringify(f.dep.key)} (${f.dep.grant} grants ${f.dep.action} by it)`,
    ),
  );
  const keyNames = unique(list.map((f) => f.dep.key));
  const actions = unique(list.map((f) => f.action));
  return (
    `${document}: ${capped(statements, 4, "statements")}, without an aws:TagKeys condition that leaves out the tags that access to instances depends on: ${capped(keys, 4, "tags")}. ` +
    `Whoever holds this can put such a tag on an instance, or on themselves, and reach the instances it opens. ` +
    `Add "ForAllValues:StringEquals": {"aws:TagKeys": [<the keys it needs>]} without ${listForMessage(keyNames)}, or a Deny of ${actions.join(", ")} with "ForAnyValue:StringEquals": {"aws:TagKeys": [${listForMessage(keyNames)}]}.`
  );
}

function statementsOf(r: PolicyResource): Located[] {
  const out: Located[] = [];
  for (const source of documentsOf({ type: r.type, props: r.props, name: r.name })) {
    const name = source.prefix ?? `Policy ${JSON.stringify(source.policyName)}`;
    const whom = source.attachedTo ? ` (attached to ${source.attachedTo})` : "";
    for (const statement of source.document.statements)
      out.push({ statement, where: `${name}${whom} ${statement.label}`, document: `${name}${whom}`, urn: r.urn, kind: source.kind });
  }
  // Session tags are granted in the role's trust policy: sts:TagSession there lets the caller
  // (or the identity provider) set principal tags for the session.
  if (r.type === "aws:iam/role:Role") {
    const props = (r.props ?? {}) as Record<string, unknown>;
    const trust = props["assumeRolePolicy"];
    if (trust !== undefined && trust !== null) {
      const roleName = typeof props["name"] === "string" ? (props["name"] as string) : r.name;
      const document = `trust policy of role ${JSON.stringify(roleName)}`;
      for (const statement of parseDocument(trust).statements) {
        out.push({ statement, where: `${document} ${statement.label}`, document, urn: r.urn, kind: "trust" });
      }
    }
  }
  return out;
}

/** `${aws:PrincipalTag/P}` references in a condition's values: the principal tags it compares with. */
function principalTagsIn(c: NormalCondition): string[] {
  const out: string[] = [];
  for (const v of c.values) for (const m of v.matchAll(/\$\{aws:PrincipalTag\/([^}]+)\}/gi)) out.push(m[1]);
  return out;
}

/** Whether the statement's Resource could name an instance (or is a NotResource). */
function reachesInstances(stmt: NormalStatement): boolean {
  if (stmt.notResources !== undefined) return true;
  return (stmt.resources ?? []).some((r) => isBroadInstanceResource(r) || isSpecificInstanceArn(r));
}

const TAG_KEYS = "aws:tagkeys";

/**
 * The statement itself keeps `key` out: `ForAllValues:StringEquals|StringLike aws:TagKeys [...]`
 * whose values do not match it, or `ForAllValues:StringNotEquals|StringNotLike` naming it. A
 * ForAllValues condition is also true when the request has no tag keys; DeleteTags without Tags
 * removes every tag, so for DeleteTags it counts only with `Null: {aws:TagKeys: false}`.
 */
function excludesKey(stmt: NormalStatement, key: string, action: string): boolean {
  const tagKeyConditions = stmt.conditions.filter((c) => c.key.toLowerCase() === TAG_KEYS);
  const excludes = tagKeyConditions.some((c) => {
    const op = c.operator.toLowerCase();
    if (op === "forallvalues:stringequals" || op === "forallvalues:stringequalsignorecase")
      return !c.values.some((v) => v.toLowerCase() === key.toLowerCase());
    if (op === "forallvalues:stringlike") return !c.values.some((v) => iamGlob(v).test(key));
    if (op === "forallvalues:stringnotequals" || op === "forallvalues:stringnotequalsignorecase")
      return c.values.some((v) => v.toLowerCase() === key.toLowerCase());
    if (op === "forallvalues:stringnotlike") return c.values.some((v) => iamGlob(v).test(key));
    return false;
  });
  if (!excludes) return false;
  if (action !== "ec2:DeleteTags") return true;
  return tagKeyConditions.some(
    (c) => c.operator.toLowerCase() === "null" && c.values.length > 0 && c.values.every((v) => v.toLowerCase() === "false"),
  );
}

/**
 * A Deny of the action on the same scope for the key, in the same document's resource or in an
 * SCP (which bounds every principal of the account). Denies in other identity policies are not
 * counted: the stack may not attach them to the same principal.
 */
function deniedElsewhere(denies: Located[], allow: Located, action: string, key: string): boolean {
  return denies.some((d) => {
    if (!(d.urn === allow.urn || d.kind === "scp")) return false;
    if (!statementGrants(d.statement, action)) return false;
    if (
      d.statement.notResources === undefined &&
      !(d.statement.resources ?? []).some(
        (r) => r.trim() === "*" || (allow.statement.resources ?? []).includes(r) || isBroadInstanceResource(r),
      )
    )
      return false;
    // Unconditional, or conditioned on the request naming the key.
    return d.statement.conditions.every((c) => {
      if (c.key.toLowerCase() !== TAG_KEYS) return false;
      const op = c.operator.toLowerCase();
      if (op === "foranyvalue:stringequals" || op === "foranyvalue:stringequalsignorecase")
        return c.values.some((v) => v.toLowerCase() === key.toLowerCase());
      if (op === "foranyvalue:stringlike") return c.values.some((v) => iamGlob(v).test(key));
      return false;
    });
  });
}
