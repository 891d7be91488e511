// Who can reach which live instance, through which pattern, as which OS user and through which
// policy. The documents are read by THE evaluator of the plan's access table
// (plan/accessEvaluation.ts `evaluatePrincipal`); this file only gathers each principal's
// documents from the snapshot and resolves the rows' targets (IDs, tags, principal tags, all)
// against the instances that exist, then narrows by permissions boundaries and SCPs.
//
// Limits, each overstating access rather than hiding it: a conditional Deny is not decided (as in
// the plan) but named on the rows it could narrow (`conditionalDenies`, "conditional Deny not
// evaluated" in text); Region and account parts of instance ARNs are not held against the instance's Region;
// boundaries and SCPs narrow which instances are reached and which OS users, nothing finer.
import { ACCESS_PATTERNS } from "../model/patterns";
import type { AccessEntry, AccessPattern, PrincipalType } from "../components/access";
import type { EvaluatedAccess, GrantDocument } from "../plan/accessEvaluation";
import { conditionalDenies, evaluatePrincipal, grantDocuments, grantOfPolicy, normalTarget } from "../plan/accessEvaluation";
import { runnableAtoms } from "../plan/format/access";
import { globMatches } from "../policypack/lib/glob";
import type { RunAsSetting } from "../documents/sessionPreferences";
import { sessionOsUsers } from "../documents/sessionPreferences";
import type { LiveInstance, LivePrincipal, RegionState, Snapshot } from "./read";

/** One principal reaching one instance through one pattern. */
export interface AuditRow {
  pattern: AccessPattern;
  principal: { type: PrincipalType; name: string };
  instanceId: string;
  region: string;
  osUsers: string[];
  /** Policies (inline names, managed policy names) whose statements give this access. */
  via: string[];
  /** For a group: its members who get this access (after their boundaries). */
  members?: string[];
  /** Conditional Denies (the principal's, its boundary's, the SCPs') that could remove this access: not decided, said. */
  conditionalDenies?: string[];
}

/** Access IAM grants that an SCP takes away: the row it would be, and the SCPs that deny it. */
export interface ScpDenial {
  pattern: AccessPattern;
  principal: { type: PrincipalType; name: string };
  instanceId: string;
  region: string;
  /** The IAM policies that grant it. */
  via: string[];
  /** The SCPs whose Deny takes it away, or, when none denies, the level none of whose SCPs allows it. */
  deniedBy: string[];
}

const ALLOW_ALL: GrantDocument = {
  grant: "",
  policyName: "",
  urn: "",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};

/** The documents attached to a principal, each tagged with its grant, as the plan's evaluator takes them. */
export function liveDocuments(
  snapshot: Pick<Snapshot, "policies">,
  p: LivePrincipal,
  allPolicyNames: ReadonlySet<string>,
): GrantDocument[] {
  const docs: GrantDocument[] = p.inline.map((i) => ({
    grant: grantOfPolicy(i.name, undefined, allPolicyNames),
    policyName: i.name,
    urn: "",
    document: i.document,
  }));
  for (const a of p.attached) {
    const doc = snapshot.policies.get(a.arn);
    // A packed policy (ec2-access:packGrants) is given back grant by grant, by its tags and Sids.
    if (doc?.document !== undefined) docs.push(...grantDocuments(a.name, doc.tags, allPolicyNames, "", doc.document));
  }
  return docs.filter((d) => d.document !== undefined && d.document !== null);
}

export function policyNames(principals: readonly LivePrincipal[]): Set<string> {
  return new Set(principals.flatMap((p) => [...p.inline.map((i) => i.name), ...p.attached.map((a) => a.name)]));
}

/** Every principal's evaluated rows from its own documents: what `--stack` compares with the plan. */
export function evaluateLiveRows(snapshot: Snapshot): EvaluatedAccess[] {
  const names = policyNames(snapshot.principals);
  const settings = snapshot.regions.flatMap((r) => (r.sessionRunAs === undefined ? [] : regionSettings(r.sessionRunAs)));
  const where = { accountId: snapshot.accountId, regions: snapshot.regions.map((r) => r.region), sessionRunAs: sessionOsUsers(settings) };
  return snapshot.principals.flatMap((p) => evaluatePrincipal({ type: p.type, name: p.name }, liveDocuments(snapshot, p, names), where));
}

/** Does an evaluated row reach this instance, for a principal with these tags? */
export function reaches(row: AccessEntry, instance: LiveInstance, principalTags: Record<string, string>): boolean {
  if ((row.deniedInstanceIds ?? []).includes(instance.id)) return false;
  const t = row.target;
  if (t.allInstances) return true;
  if (t.instanceIds?.some((id) => globMatches(id, instance.id, false))) return true;
  if (!t.tags && t.principalTagKey === undefined) return false;
  const tagsHold = Object.entries(t.tags ?? {}).every(
    ([k, values]) => k in instance.tags && values.some((v) => globMatches(v, instance.tags[k], false)),
  );
  const k = t.principalTagKey;
  const abacHolds = k === undefined || (instance.tags[k] !== undefined && principalTags[k] === instance.tags[k]);
  return tagsHold && abacHolds;
}

/** OS users left after a limit (boundary or SCP) allows `limit`; `*` is any. */
function narrowUsers(users: string[], limit: string[]): string[] {
  if (limit.length === 0 || limit.includes("*")) return users;
  if (users.includes("*")) return limit;
  return users.filter((u) => limit.some((l) => globMatches(l, u, false)));
}

type Limit = (pattern: AccessPattern, instance: LiveInstance, tags: Record<string, string>) => string[] | undefined;
type Limit2 = (pattern: AccessPattern, instance: LiveInstance, tags: Record<string, string>) => string[];

/** A limit from documents (a boundary, one SCP level): the OS users it allows on the instance, or undefined when it does not allow it. */
function limitOf(docs: GrantDocument[]): Limit {
  const rows = evaluatePrincipal({ type: "role", name: "limit" }, docs, { accountId: "", regions: [] });
  return (pattern, instance, tags) => {
    const hits = rows.filter((r) => r.pattern === pattern && reaches(r, instance, tags));
    if (hits.length === 0) return undefined;
    return hits.some((h) => h.osUsers.length === 0 || h.osUsers.includes("*")) ? ["*"] : [...new Set(hits.flatMap((h) => h.osUsers))];
  };
}

/** The Run As setting of a Region's SSM-SessionManagerRunShell as read (audit/read.ts): [] is Run As off. */
const regionSettings = (runAs: string[]): RunAsSetting[] =>
  runAs.length === 0 ? [{ enabled: false }] : runAs.map((u) => ({ enabled: true, defaultUser: u }));

/** The OS users a principal starts sessions as, by the plan's rule (sessionOsUsers); none when the document could not be read. */
function sessionUsers(region: RegionState | undefined, tags: Record<string, string>): string[] {
  if (!region || region.sessionRunAs === undefined) return [];
  return sessionOsUsers(regionSettings(region.sessionRunAs), tags);
}

/** The access rows; `scpDenials`, when given, receives what IAM grants and an SCP takes away. */
export function auditAccess(snapshot: Snapshot, scpDenials?: ScpDenial[]): AuditRow[] {
  const names = policyNames(snapshot.principals);
  const where = { accountId: snapshot.accountId, regions: snapshot.regions.map((r) => r.region) };
  const regions = new Map(snapshot.regions.map((r) => [r.region, r]));
  const instances = snapshot.instances.filter((i) => i.state !== "terminated");
  const users = new Map(snapshot.principals.filter((p) => p.type === "user").map((p) => [p.name, p]));
  const boundaries = new Map<string, Limit>();
  const boundaryOf = (p: LivePrincipal): Limit | undefined => {
    if (!p.boundaryArn) return undefined;
    if (!boundaries.has(p.boundaryArn)) {
      const doc = snapshot.policies.get(p.boundaryArn);
      // An unreadable boundary is not held against the principal (overstates rather than hides).
      boundaries.set(
        p.boundaryArn,
        doc ? limitOf([{ grant: doc.name, policyName: doc.name, urn: "", document: doc.document }]) : () => ["*"],
      );
    }
    return boundaries.get(p.boundaryArn);
  };
  // Conditional Denies in SCPs apply to every principal: said on every row of their pattern.
  const scpDocuments = (snapshot.scps ?? []).flatMap((l) =>
    l.policies.map((x) => ({ grant: x.name, policyName: `SCP ${x.name}`, urn: "", document: x.document })),
  );
  const scpConditional = (pattern: AccessPattern) => conditionalDenies(scpDocuments, pattern);
  const boundaryConditional = (p: LivePrincipal, pattern: AccessPattern): string[] => {
    const doc = p.boundaryArn ? snapshot.policies.get(p.boundaryArn) : undefined;
    if (!doc) return [];
    return conditionalDenies([{ grant: doc.name, policyName: `boundary ${doc.name}`, urn: "", document: doc.document }], pattern);
  };
  const scpLevels = (snapshot.scps ?? [])
    .filter((l) => l.policies.length > 0)
    .map((l) => {
      const docs = l.policies.map((x) => ({ grant: x.name, policyName: x.name, urn: "", document: x.document }));
      // Alone beside an Allow of everything, does this SCP still take the access away? Then its Deny does.
      const denies = docs.map((d) => limitOf([ALLOW_ALL, d]));
      const blame: Limit2 = (pattern, inst, tags) => {
        const by = l.policies.filter((_, i) => denies[i](pattern, inst, tags) === undefined).map((x) => x.name);
        return by.length ? by : [`no SCP of ${l.target} allows it (${l.policies.map((x) => x.name).join(", ")})`];
      };
      return { limit: limitOf(docs), blame };
    });
  /** OS users left for one (user or role) after its boundary and the SCPs, or undefined when they block it (`scpBlocked` hears which SCPs). */
  const allowed = (
    p: LivePrincipal,
    pattern: AccessPattern,
    inst: LiveInstance,
    osUsers: string[],
    scpBlocked?: (by: string[]) => void,
  ): string[] | undefined => {
    let users = osUsers;
    const boundary = boundaryOf(p)?.(pattern, inst, p.tags);
    if (p.boundaryArn && boundary === undefined) return undefined;
    if (boundary) users = narrowUsers(users, boundary);
    for (const level of scpLevels) {
      const l = level.limit(pattern, inst, p.tags);
      if (l === undefined) {
        scpBlocked?.(level.blame(pattern, inst, p.tags));
        return undefined;
      }
      users = narrowUsers(users, l);
    }
    return users;
  };
  const denials = new Map<string, ScpDenial>();
  const denied = (p: LivePrincipal, row: EvaluatedAccess, inst: LiveInstance) => (by: string[]) => {
    const key = `${row.pattern}|${p.type}|${p.name}|${inst.id}`;
    const d = denials.get(key) ?? {
      pattern: row.pattern,
      principal: { type: p.type, name: p.name },
      instanceId: inst.id,
      region: inst.region,
      via: [],
      deniedBy: [],
    };
    d.via = [...new Set([...d.via, ...row.policies])].sort();
    d.deniedBy = [...new Set([...d.deniedBy, ...by])].sort();
    denials.set(key, d);
  };

  const out = new Map<string, AuditRow>();
  for (const p of snapshot.principals) {
    const rows = evaluatePrincipal({ type: p.type, name: p.name }, liveDocuments(snapshot, p, names), where);
    for (const row of rows) {
      for (const inst of instances) {
        const region = regions.get(inst.region);
        // The serial console reaches nothing in a Region where the account setting is off.
        if (row.pattern === "serial-console" && region?.serialConsole?.enabled === false) continue;
        const baseUsers = (who: LivePrincipal) => (row.pattern === "session-manager" ? sessionUsers(region, who.tags) : row.osUsers);
        let osUsers: string[] | undefined;
        let members: string[] | undefined;
        if (p.type === "group") {
          // A group is no one: its members get the access, each with their own tags and boundary.
          members = [];
          const usersSeen = new Set<string>();
          for (const m of p.members ?? []) {
            const u = users.get(m);
            if (!u || !reaches(row, inst, u.tags)) continue;
            const ok = allowed(u, row.pattern, inst, baseUsers(u), denied(p, row, inst));
            if (ok === undefined) continue;
            members.push(m);
            ok.forEach((x) => usersSeen.add(x));
          }
          if (members.length === 0) continue;
          osUsers = [...usersSeen];
        } else {
          if (!reaches(row, inst, p.tags)) continue;
          osUsers = allowed(p, row.pattern, inst, baseUsers(p), denied(p, row, inst));
          if (osUsers === undefined) continue;
        }
        const key = `${row.pattern}|${p.type}|${p.name}|${inst.id}`;
        const prev = out.get(key);
        const merged: AuditRow = prev ?? {
          pattern: row.pattern,
          principal: { type: p.type, name: p.name },
          instanceId: inst.id,
          region: inst.region,
          osUsers: [],
          via: [],
        };
        merged.osUsers = [...new Set([...merged.osUsers, ...osUsers])].sort();
        merged.via = [...new Set([...merged.via, ...row.policies])].sort();
        if (members) merged.members = [...new Set([...(merged.members ?? []), ...members])].sort();
        const conditional = [
          ...(row.conditionalDenies ?? []),
          ...scpConditional(row.pattern),
          ...(p.type === "group" ? [] : boundaryConditional(p, row.pattern)),
        ];
        if (conditional.length) merged.conditionalDenies = [...new Set([...(merged.conditionalDenies ?? []), ...conditional])].sort();
        out.set(key, merged);
      }
    }
  }
  const order: string[] = ACCESS_PATTERNS.map((p) => p.pattern);
  const byInstance = (a: AuditRow | ScpDenial, b: AuditRow | ScpDenial) =>
    a.instanceId.localeCompare(b.instanceId) ||
    order.indexOf(a.pattern) - order.indexOf(b.pattern) ||
    (a.principal.type + a.principal.name).localeCompare(b.principal.type + b.principal.name);
  scpDenials?.push(...[...denials.values()].sort(byInstance));
  return [...out.values()].sort(
    (a, b) =>
      a.instanceId.localeCompare(b.instanceId) ||
      order.indexOf(a.pattern) - order.indexOf(b.pattern) ||
      (a.principal.type + a.principal.name).localeCompare(b.principal.type + b.principal.name),
  );
}

/** A row's identity for the drift comparison: the same fields the plan's table compares. */
export function driftKey(r: AccessEntry): string {
  return JSON.stringify([
    r.pattern,
    r.grant,
    r.principal.type,
    r.principal.name,
    normalTarget(r.target),
    [...new Set(r.osUsers)].sort(),
    [...new Set(r.deniedInstanceIds ?? [])].sort(),
    // Session Manager: the session and Run Command documents, as the live and planned policies name them.
    [...new Set(runnableAtoms(r))].sort(),
  ]);
}
