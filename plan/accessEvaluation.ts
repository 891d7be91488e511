// The plan's `access` table derived from the IAM documents the plan attaches, not copied from the
// config: for every principal and every way into an instance, which targets its Allow statements
// reach, as which OS users, minus which instances a Deny names. `compareAccess` then holds the
// config's intent (the rows components publish) against it, so that the table proves the
// documents do what the config says, and any difference is a mandatory violation.
//
// Reading (documents through the policy pack's model, policypack/lib: any casing, string or list
// forms, wildcard and NotAction action forms):
// - Actions: SendSerialConsoleSSHPublicKey → serial-console, SendSSHPublicKey → instance-connect,
//   ssm:StartSession → session-manager; only the statement's instance resources count (StartSession
//   on a session document reaches no instance).
// - Resources: `.../instance/<id>` → instanceIds (deduplicated over Regions); `*`, `instance/*` and
//   NotResource are broad: a positive resource-tag condition (`aws:`, `ec2:ResourceTag/K`,
//   `ssm:resourceTag/K`) with fixed values makes them `tags`, with `${aws:PrincipalTag/K}`
//   `principalTagKey`, none `allInstances`. An ID with a wildcard (`i-0ab*`) is kept as written,
//   so that it shows up as a difference rather than as a guess.
// - OS users: the `ec2:osuser` values of a positive condition. An Instance Connect statement with
//   none allows any OS user and reads `*`. Session Manager has no such key: its OS user comes from
//   the plan's Session preferences documents (documents/sessionPreferences.ts `sessionOsUsers`,
//   shared with `ec2-access audit`): `ssm-user` with Run As off, else the Run As default user (a
//   principal's `SSMSessionRunAs` tag, which would override it, is not in the plan).
// - Denies: unconditional Deny statements on instance ARNs give deniedInstanceIds; one on every
//   instance removes the row. A conditional Deny is not decided (it may not apply), so the table
//   can only overstate access, never understate it; each row names the conditional Denies that
//   could narrow it (`conditionalDenies`), which `ec2-access audit` prints.
// - Where: instance ARNs are checked against the plan's account and Regions; a grant that misses
//   a Region or reaches another account or Region is a difference too.
import type { AccessEntry, AccessPattern, AccessTarget, PrincipalType } from "../components/access";
import { describeTarget, mergeTarget, normalTarget } from "../model/target";
import { ACCESS_PATTERNS } from "../model/patterns";
import type { RegisteredPlan as Plan } from "./registered";
import type { PlanPolicy } from "./principals";
import type { Violation } from "./policyRunner";
import type { NormalStatement } from "../policypack/lib/document";
import { parseDocument } from "../policypack/lib/document";
import { statementGrants } from "../policypack/lib/actions";
import { resourceTagScopes } from "../policypack/lib/scope";
import { globMatches } from "../policypack/lib/glob";
import { awsManagedPolicy } from "../policypack/data/awsManagedPolicies";
import type { TimeBound } from "../policypack/lib/expiry";
import { statementTimeBound } from "../policypack/lib/expiry";
import type { RunAsSetting } from "../documents/sessionPreferences";
import { sessionOsUsers } from "../documents/sessionPreferences";
import { unpackDocument } from "../documents/pack";
import { grantRunnables } from "./sessionDocumentAccess";

export const ACCESS_POLICY = "access-matches-intent";

/** Each pattern with the action that connects through it (model/patterns.ts). */
export const PATTERN_ACTIONS: readonly { pattern: AccessPattern; action: string }[] = ACCESS_PATTERNS.map((p) => ({
  pattern: p.pattern,
  action: p.connectAction,
}));

/** An evaluated row, with what it was derived from and what is wrong with where it reaches. */
export interface EvaluatedAccess extends AccessEntry {
  /** Names of the policies whose statements gave this row. */
  policies: string[];
  /** URN of the first of those policies when the plan created it, else "". */
  urn: string;
  /** Region and account differences, as message fragments. */
  problems: string[];
  /**
   * Deny statements with a condition that could remove this access, which the evaluator does not
   * decide (`<policy>: Deny <action> when <operator> <key>, ...`): the row may overstate access.
   * Absent when there are none.
   */
  conditionalDenies?: string[];
}

/** A document attached to one principal, with the grant it belongs to. */
export interface GrantDocument {
  grant: string;
  policyName: string;
  urn: string;
  document: unknown;
}

export interface Where {
  accountId: string;
  regions: string[];
  /** Session Manager's Run As default users (see the header); none when Run As is off. */
  sessionRunAs?: string[];
}

// ---------------------------------------------------------------------------------------------
// Resources

/** `managed`: a managed node's ARN (`ssm:...:managed-instance/mi-...`), which Session Manager reaches like an instance. */
type InstanceRef =
  { kind: "id"; id: string; region: string; account: string; managed?: true } | { kind: "broad"; region: string; account: string };

const INSTANCE_ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/i;

/** What one Resource entry reaches among instances, or undefined when it names no instance. */
export function instanceRef(resource: string): InstanceRef | undefined {
  const r = resource.trim();
  if (r === "*") return { kind: "broad", region: "*", account: "*" };
  const m = INSTANCE_ARN.exec(r);
  if (!m) return undefined;
  const [, , service, region, account, rest] = m;
  if (!globMatch(service, "ec2")) return globMatch(service, "ssm") ? managedInstanceRef(rest, region, account) : undefined;
  if (rest === "*" || /^instance\/\*$/i.test(rest)) return { kind: "broad", region: region || "*", account: account || "*" };
  const id = /^instance\/(.+)$/i.exec(rest);
  if (id) return { kind: "id", id: id[1], region: region || "*", account: account || "*" };
  // `instance*`, `inst*/...`: a wildcard before the ID could still cover every instance.
  return /[*?]/.test(rest) && globMatch(rest.split("/")[0], "instance")
    ? { kind: "broad", region: region || "*", account: account || "*" }
    : undefined;
}

/** The resource part of an SSM ARN, as it reaches managed nodes (`managed-instance/mi-...`). */
function managedInstanceRef(rest: string, region: string, account: string): InstanceRef | undefined {
  const where = { region: region || "*", account: account || "*" };
  if (rest === "*" || /^managed-instance\/\*$/i.test(rest)) return { kind: "broad", ...where };
  const id = /^managed-instance\/(.+)$/i.exec(rest);
  if (id) return { kind: "id", id: id[1], managed: true, ...where };
  return /[*?]/.test(rest) && globMatch(rest.split("/")[0], "managed-instance") ? { kind: "broad", ...where } : undefined;
}

const globMatch = globMatches;

// ---------------------------------------------------------------------------------------------
// Conditions

const POSITIVE_STRING = /^(ForAnyValue:)?String(Equals|EqualsIgnoreCase|Like)$/i;
const PRINCIPAL_TAG_VALUE = /^\$\{aws:PrincipalTag\/(.+)\}$/i;

function osUsersOf(stmt: NormalStatement): string[] | undefined {
  const conditions = stmt.conditions.filter((c) => /^ec2:osuser$/i.test(c.key) && POSITIVE_STRING.test(c.operator));
  if (conditions.length === 0) return undefined;
  return [...new Set(conditions.flatMap((c) => c.values))];
}

/** The target of a broad statement, from its resource-tag conditions. */
function broadTarget(stmt: NormalStatement): AccessTarget {
  const tags: Record<string, string[]> = {};
  let principalTagKey: string | undefined;
  for (const c of resourceTagScopes(stmt)) {
    const key = c.key.slice(c.key.indexOf("/") + 1);
    const abac = c.values.length === 1 ? PRINCIPAL_TAG_VALUE.exec(c.values[0]) : null;
    // Only `tag K = principal's tag K` is the ABAC form; another key pairing stays a plain value.
    if (abac && abac[1] === key) principalTagKey = key;
    else tags[key] = [...new Set([...(tags[key] ?? []), ...c.values])];
  }
  const target: AccessTarget = {};
  if (Object.keys(tags).length) target.tags = tags;
  if (principalTagKey !== undefined) target.principalTagKey = principalTagKey;
  return Object.keys(target).length ? target : { allInstances: true };
}

// ---------------------------------------------------------------------------------------------
// One principal

interface Reach {
  /** "region|account|id" per instance ARN, "region|account|*" per broad resource. */
  places: Set<string>;
}

interface RowInProgress {
  entry: AccessEntry;
  policies: string[];
  urn: string;
  reach: Reach;
  /** The `aws:CurrentTime` bound of each statement that gave the row (undefined: none). */
  ends: (TimeBound | undefined)[];
}

/** The row's end: the latest of its statements' bounds, none when one of them has none. */
function rowEnd(ends: readonly (TimeBound | undefined)[]): string | undefined {
  if (ends.length === 0 || ends.some((e) => e === undefined)) return undefined;
  return ends.reduce((a, b) => (b!.at > a!.at ? b : a))!.value;
}

/** Rows are grouped by target: instance IDs apart, broad statements by their tag keys. */
const targetGroup = (t: AccessTarget) =>
  t.instanceIds
    ? "ids"
    : t.managedInstanceIds
      ? "managed"
      : JSON.stringify({ tags: t.tags ? Object.keys(t.tags).sort() : [], p: t.principalTagKey ?? null, all: !!t.allInstances });

/** Conditional Deny statements on instances for `action`, described for a reader (see EvaluatedAccess). */
function conditionalDeniesOf(docs: readonly { policyName: string; statements: NormalStatement[] }[], action: string): string[] {
  const out = new Set<string>();
  for (const d of docs) {
    for (const s of d.statements) {
      if (s.effect !== "Deny" || s.conditions.length === 0 || !statementGrants(s, action)) continue;
      const onInstances = s.notResources !== undefined || (s.resources ?? []).some((r) => instanceRef(r) !== undefined);
      if (!onInstances) continue;
      const when = [...new Set(s.conditions.map((c) => `${c.operator} ${c.key}`))].join(", ");
      out.add(`${d.policyName}: Deny ${action} when ${when}`);
    }
  }
  return [...out].sort();
}

/** Instance IDs that unconditional Deny statements name for `action`; `all` when one denies every instance. */
function deniesOf(docs: readonly NormalStatement[][], action: string): { ids: Set<string>; all: boolean } {
  const ids = new Set<string>();
  let all = false;
  for (const statements of docs) {
    for (const s of statements) {
      if (s.effect !== "Deny" || s.conditions.length > 0 || !statementGrants(s, action) || s.resources === undefined) continue;
      for (const r of s.resources) {
        const ref = instanceRef(r);
        if (ref?.kind === "id") ids.add(ref.id);
        else if (ref?.kind === "broad" && ref.region === "*" && ref.account === "*") all = true;
      }
    }
  }
  return { ids, all };
}

/** The conditional Denies in these documents that could remove `pattern` access (see EvaluatedAccess). */
export function conditionalDenies(documents: readonly GrantDocument[], pattern: AccessPattern): string[] {
  const action = PATTERN_ACTIONS.find((p) => p.pattern === pattern)!.action;
  return conditionalDeniesOf(
    documents.map((d) => ({ policyName: d.policyName, statements: parseDocument(d.document).statements })),
    action,
  );
}

/** Evaluated rows of one principal from its documents (each already tagged with its grant). */
export function evaluatePrincipal(
  principal: { type: PrincipalType; name: string },
  documents: readonly GrantDocument[],
  where: Where,
): EvaluatedAccess[] {
  const parsed = documents.map((d) => ({ ...d, statements: parseDocument(d.document).statements }));
  const out: EvaluatedAccess[] = [];
  for (const { pattern, action } of PATTERN_ACTIONS) {
    const denied = deniesOf(
      parsed.map((p) => p.statements),
      action,
    );
    if (denied.all) continue;
    const conditional = conditionalDeniesOf(parsed, action);
    const rows = new Map<string, RowInProgress>();
    for (const doc of parsed) {
      for (const s of doc.statements) {
        if (s.effect !== "Allow" || !statementGrants(s, action)) continue;
        const refs =
          s.notResources !== undefined
            ? [{ kind: "broad" as const, region: "*", account: "*" }]
            : (s.resources ?? []).map(instanceRef).filter((r): r is InstanceRef => r !== undefined);
        if (refs.length === 0) continue;
        const osUsers =
          osUsersOf(s) ?? (pattern === "instance-connect" ? ["*"] : pattern === "session-manager" ? (where.sessionRunAs ?? []) : []);
        const ids = refs.filter((r) => r.kind === "id") as Extract<InstanceRef, { kind: "id" }>[];
        const broad = refs.filter((r) => r.kind === "broad");
        const targets: { target: AccessTarget; places: string[] }[] = [];
        const ec2Ids = ids.filter((r) => !r.managed);
        const managedIds = ids.filter((r) => r.managed);
        const placesOf = (refs: typeof ids) => refs.map((r) => `${r.region}|${r.account}|${r.id}`);
        if (ec2Ids.length) targets.push({ target: { instanceIds: [...new Set(ec2Ids.map((r) => r.id))] }, places: placesOf(ec2Ids) });
        if (managedIds.length)
          targets.push({ target: { managedInstanceIds: [...new Set(managedIds.map((r) => r.id))] }, places: placesOf(managedIds) });
        if (broad.length) targets.push({ target: broadTarget(s), places: broad.map((r) => `${r.region}|${r.account}|*`) });
        for (const { target, places } of targets) {
          const key = `${doc.grant}\u0000${targetGroup(target)}`;
          let row = rows.get(key);
          if (!row) {
            row = {
              entry: {
                pattern,
                grant: doc.grant,
                principal: { type: principal.type, name: principal.name },
                osUsers: [],
                target: {},
                deniedInstanceIds: [...denied.ids].sort(),
              },
              policies: [],
              urn: doc.urn,
              reach: { places: new Set() },
              ends: [],
            };
            rows.set(key, row);
          }
          mergeTarget(row.entry.target, target);
          row.entry.osUsers = [...new Set([...row.entry.osUsers, ...osUsers])].sort();
          if (!row.policies.includes(doc.policyName)) row.policies.push(doc.policyName);
          places.forEach((p) => row!.reach.places.add(p));
          row.ends.push(statementTimeBound(s));
        }
      }
    }
    for (const row of rows.values()) {
      const expires = rowEnd(row.ends);
      const runs = pattern === "session-manager" ? runnablesOf(row.entry.grant, parsed, where) : undefined;
      out.push({
        ...row.entry,
        target: normalTarget(row.entry.target),
        ...(expires !== undefined && { expires }),
        ...(runs && { documents: runs.documents }),
        ...(runs && runs.commandDocuments.length > 0 ? { commandDocuments: runs.commandDocuments } : {}),
        policies: row.policies,
        urn: row.urn,
        problems: [...whereProblems(row.reach, where), ...(runs?.problems ?? [])],
        ...(conditional.length ? { conditionalDenies: conditional } : {}),
      });
    }
  }
  return out;
}

export { normalTarget };

/** The session and Command documents of one grant of the principal (plan/sessionDocumentAccess.ts). */
function runnablesOf(grant: string, parsed: readonly (GrantDocument & { statements: NormalStatement[] })[], where: Where) {
  return grantRunnables(
    parsed.filter((d) => d.grant === grant).flatMap((d) => d.statements),
    parsed.flatMap((d) => d.statements),
    where,
  );
}

/** Regions the grant misses or reaches beyond the stack's, and other accounts. `*` reaches every Region. */
function whereProblems(reach: Reach, where: Where): string[] {
  const byTarget = new Map<string, { regions: Set<string>; accounts: Set<string> }>();
  for (const p of reach.places) {
    const [region, account, id] = p.split("|");
    const e = byTarget.get(id) ?? { regions: new Set(), accounts: new Set() };
    e.regions.add(region);
    e.accounts.add(account);
    byTarget.set(id, e);
  }
  const stackRegions = new Set(where.regions);
  const found: [id: string, problems: string[]][] = [];
  for (const [id, e] of byTarget) {
    const what = id === "*" ? "instances" : id;
    const lines: string[] = [];
    if (!e.regions.has("*")) {
      const missing = where.regions.filter((r) => !e.regions.has(r));
      const extra = [...e.regions].filter((r) => !stackRegions.has(r)).sort();
      if (missing.length) lines.push(`${what} not reached in ${missing.join(", ")}`);
      if (extra.length) lines.push(`${what} reached in ${extra.join(", ")}, outside the stack's Regions`);
    }
    const accounts = [...e.accounts].filter((a) => a !== "*" && a !== where.accountId).sort();
    if (where.accountId && accounts.length) lines.push(`${what} reached in account ${accounts.join(", ")}, not ${where.accountId}`);
    if (lines.length) found.push([id, lines]);
  }
  // Only the targets with a problem are sorted (the same order: the sort is stable): a row that
  // reaches every instance as it should, a thousand of them, has nothing to sort.
  return found.sort(([a], [b]) => a.localeCompare(b)).flatMap(([, lines]) => lines);
}

// ---------------------------------------------------------------------------------------------
// The plan

const PATTERNS = PATTERN_ACTIONS.map((p) => p.pattern);

/**
 * The grant a policy belongs to: its `ec2-access:grant` tag when the plan created it, else its
 * name (`ec2-access-<env>-<pattern>-<grant>[-<n>]`, see components/grantPolicy.ts), else the
 * policy's own name, so that a foreign policy is named in messages as itself.
 */
export function grantOfPolicy(policyName: string, tags: Record<string, unknown> | undefined, allPolicyNames: ReadonlySet<string>): string {
  const tagged = tags?.["ec2-access:grant"];
  if (typeof tagged === "string" && tagged) return tagged;
  let name = policyName;
  // A split grant's parts are `<name>-1`, `<name>-2`, ...: strip the number only when a sibling part exists.
  const part = /^(.*)-(\d+)$/.exec(name);
  if (part && [...allPolicyNames].some((n) => n !== name && new RegExp(`^${escapeRe(part[1])}-\\d+$`).test(n))) name = part[1];
  for (const pattern of PATTERNS) {
    const m = new RegExp(`^ec2-access-.+?-${pattern}-(.+)$`).exec(name);
    if (m) return m[1];
  }
  return policyName;
}

/**
 * One policy's document as the grants it serves: a packed policy (`ec2-access:packGrants`,
 * documents/pack.ts) serves several, each statement given back to its grant by its Sid and the
 * policy's `ec2-access:grant.<h>` tags, so rows, `expires` and the diff stay per grant; any other
 * policy serves one (grantOfPolicy).
 */
export function grantDocuments(
  policyName: string,
  tags: Record<string, unknown> | undefined,
  allPolicyNames: ReadonlySet<string>,
  urn: string,
  document: unknown,
): GrantDocument[] {
  const unpacked = unpackDocument(document, tags);
  if (!unpacked) return [{ grant: grantOfPolicy(policyName, tags, allPolicyNames), policyName, urn, document }];
  return [...unpacked].map(([member, doc]) => ({
    grant: member ? member.slice(member.indexOf("/") + 1) : policyName,
    policyName,
    urn,
    document: doc,
  }));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The OS users sessions start as under the plan's Session preferences documents (sessionOsUsers). */
export function sessionRunAsUsers(resources: readonly { type: string; inputs: Record<string, unknown> }[]): string[] {
  const settings: RunAsSetting[] = [];
  for (const r of resources) {
    if (r.type !== "aws:ssm/document:Document" || r.inputs?.documentType !== "Session") continue;
    let content = r.inputs.content;
    if (typeof content === "string") {
      try {
        content = JSON.parse(content);
      } catch {
        continue; // YAML or unreadable: nothing can be said about Run As
      }
    }
    const inputs = isObject(content) && isObject(content.inputs) ? content.inputs : undefined;
    if (inputs) settings.push(runAsSetting(inputs));
  }
  return sessionOsUsers(settings);
}

/** A preferences document's `inputs` as a Run As setting (booleans may come as strings). */
export function runAsSetting(inputs: { runAsEnabled?: unknown; runAsDefaultUser?: unknown }): RunAsSetting {
  const enabled = inputs.runAsEnabled === true || inputs.runAsEnabled === "true";
  return {
    enabled,
    defaultUser: typeof inputs.runAsDefaultUser === "string" && inputs.runAsDefaultUser ? inputs.runAsDefaultUser : undefined,
  };
}

/** Every principal of a plan with the documents attached to it, each tagged with its grant. */
export function principalDocuments(
  plan: Pick<Plan, "principals" | "resources">,
): { principal: { type: PrincipalType; name: string }; documents: GrantDocument[] }[] {
  const policyResources = new Map<string, { urn: string; tags?: Record<string, unknown> }>();
  for (const r of plan.resources ?? []) {
    if (r.type !== "aws:iam/policy:Policy") continue;
    const arn = r.outputs?.arn;
    if (typeof arn === "string") policyResources.set(arn, { urn: r.urn, tags: isObject(r.inputs?.tags) ? r.inputs.tags : undefined });
  }
  const principals = Array.isArray(plan.principals) ? plan.principals : [];
  const allNames = new Set(principals.flatMap((p) => (Array.isArray(p.policies) ? p.policies.map((x) => String(x?.name)) : [])));
  const out: { principal: { type: PrincipalType; name: string }; documents: GrantDocument[] }[] = [];
  for (const p of principals) {
    if (!isObject(p) || typeof p.name !== "string" || !["user", "group", "role"].includes(p.type)) continue;
    const docs: GrantDocument[] = [];
    for (const policy of (Array.isArray(p.policies) ? p.policies : []) as PlanPolicy[]) {
      if (!isObject(policy)) continue;
      const name = String(policy.name);
      const resource = typeof policy.arn === "string" ? policyResources.get(policy.arn) : undefined;
      // AWS managed policies carry no document in the plan; the pack ships every one's current version.
      const document = policy.document ?? (typeof policy.arn === "string" ? awsManagedPolicy(policy.arn)?.document : undefined);
      if (document === undefined || document === null) continue;
      docs.push(...grantDocuments(name, resource?.tags, allNames, resource?.urn ?? "", document));
    }
    out.push({ principal: { type: p.type, name: p.name }, documents: docs });
  }
  return out;
}

/** Every evaluated row of a plan. */
export function evaluatePlanDocuments(plan: Pick<Plan, "principals" | "resources" | "accountId" | "regions">): EvaluatedAccess[] {
  const where = { accountId: plan.accountId ?? "", regions: plan.regions ?? [], sessionRunAs: sessionRunAsUsers(plan.resources ?? []) };
  const out: EvaluatedAccess[] = [];
  for (const { principal, documents } of principalDocuments(plan)) out.push(...evaluatePrincipal(principal, documents, where));
  return out.sort(byRow);
}

function byRow(a: AccessEntry, b: AccessEntry): number {
  const ka = [PATTERNS.indexOf(a.pattern), a.grant, a.principal.type, a.principal.name];
  const kb = [PATTERNS.indexOf(b.pattern), b.grant, b.principal.type, b.principal.name];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Intent against documents

const sortedUnique = (xs: readonly string[] | undefined) => [...new Set(xs ?? [])].sort();

const describe = (t: AccessTarget) => describeTarget(t);

const list = (xs: readonly string[]) => (xs.length ? xs.join(", ") : "none");

/** What differs between an intended row and an evaluated one with the same key, as fragments. */
function differences(intent: AccessEntry, evaluated: AccessEntry): string[] {
  const out: string[] = [];
  const ti = describe(normalTarget(intent.target));
  const te = describe(normalTarget(evaluated.target));
  if (ti !== te) out.push(`target: config ${ti}, documents ${te}`);
  const oi = sortedUnique(intent.osUsers);
  const oe = sortedUnique(evaluated.osUsers);
  if (oi.join() !== oe.join()) out.push(`OS users: config ${list(oi)}, documents ${list(oe)}`);
  const di = sortedUnique(intent.deniedInstanceIds);
  const de = sortedUnique(evaluated.deniedInstanceIds);
  if (di.join() !== de.join()) out.push(`denied instances: config ${list(di)}, documents ${list(de)}`);
  const docs = (a: AccessEntry) => [...sortedUnique(a.documents), ...sortedUnique(a.commandDocuments).map((d) => `${d} (Run Command)`)];
  if (intent.documents !== undefined && docs(intent).join() !== docs(evaluated).join())
    out.push(`session documents: config ${list(docs(intent))}, documents ${list(docs(evaluated))}`);
  if (intent.expires !== evaluated.expires)
    out.push(`expires: config ${intent.expires ?? "never"}, documents ${evaluated.expires ?? "never"}`);
  return out;
}

const keyOf = (a: AccessEntry) => `${a.pattern}\u0000${a.grant}\u0000${a.principal.type}\u0000${a.principal.name}`;
const who = (a: AccessEntry) => `${a.pattern} grant "${a.grant}" for ${a.principal.type} ${a.principal.name}`;

function violation(urn: string, message: string): Violation {
  return { policy: ACCESS_POLICY, enforcementLevel: "mandatory", urn, message, severity: "high" };
}

/**
 * Every intended row must be matched by an evaluated one (same pattern, grant, principal, target,
 * OS users and denied instances) and every evaluated row by an intended one; each difference is
 * a mandatory violation naming the grant, the principal and what differs.
 */
export function compareAccess(
  intent: readonly AccessEntry[],
  evaluated: readonly (AccessEntry & Partial<Pick<EvaluatedAccess, "urn" | "problems">>)[],
): Violation[] {
  const out: Violation[] = [];
  const byKey = new Map<string, (typeof evaluated)[number][]>();
  for (const e of evaluated) byKey.set(keyOf(e), [...(byKey.get(keyOf(e)) ?? []), e]);
  const intentKeys = new Set(intent.map(keyOf));
  const used = new Set<(typeof evaluated)[number]>();
  for (const i of intent) {
    const candidates = byKey.get(keyOf(i)) ?? [];
    if (candidates.length === 0) {
      out.push(
        violation(
          "",
          `${who(i)}: the config gives ${describe(normalTarget(i.target))}, but no document attached to ${i.principal.type} ${i.principal.name} allows ${i.pattern} access for this grant`,
        ),
      );
      continue;
    }
    const exact = candidates.find((e) => !used.has(e) && differences(i, e).length === 0);
    const match = exact ?? candidates.find((e) => !used.has(e)) ?? candidates[0];
    used.add(match);
    const diffs = exact ? [] : differences(i, match);
    const problems = match.problems ?? [];
    if (diffs.length || problems.length) out.push(violation(match.urn ?? "", `${who(i)}: ${[...diffs, ...problems].join("; ")}`));
  }
  for (const e of evaluated) {
    if (used.has(e)) continue;
    const also = intentKeys.has(keyOf(e)) ? "also " : "";
    out.push(
      violation(
        e.urn ?? "",
        `${who(e)}: the documents ${also}allow ${describe(normalTarget(e.target))}${e.osUsers.length ? ` as ${e.osUsers.join(", ")}` : ""}, which the config does not intend`,
      ),
    );
  }
  return out;
}

/**
 * For plan/run.ts: the access table as the documents give it, and every difference from the
 * config's intent (`plan.access` as the components published it) as a mandatory violation.
 */
export function evaluateAccess(plan: Pick<Plan, "principals" | "resources" | "accountId" | "regions" | "access">): {
  access: AccessEntry[];
  mismatches: Violation[];
} {
  const evaluated = evaluatePlanDocuments(plan);
  const mismatches = compareAccess(plan.access ?? [], evaluated);
  const access = evaluated.map(
    ({ pattern, grant, principal, osUsers, target, deniedInstanceIds, expires, documents, commandDocuments }) => ({
      pattern,
      grant,
      principal,
      osUsers,
      target,
      deniedInstanceIds,
      ...(expires !== undefined && { expires }),
      ...(documents !== undefined && { documents }),
      ...(commandDocuments !== undefined && { commandDocuments }),
    }),
  );
  return { access, mismatches };
}
