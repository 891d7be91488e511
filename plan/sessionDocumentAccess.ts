// What a Session Manager grant lets its principals run, read back from the grant's documents:
// the session documents they may start sessions with (`aws ssm start-session --document-name`)
// and the Command documents they may run on instances with `ssm:SendCommand` (Run Command).
// The access table shows both (plan/format/access.ts); plan/accessEvaluation.ts attaches them to
// each Session Manager row of the grant, and a difference from the config is a mismatch.
//
// Reading, as AWS's page "Enforce a session document permission check for the AWS CLI"
// (test/fixtures/aws-pages/006) defines it:
// - A session document is a `document/<name>` ARN in an Allow of ssm:StartSession (`*`, a
//   `document/*` wildcard or a NotResource reach any document: `*`; another wildcard is kept as
//   written).
// - The default `SSM-SessionManagerRunShell` counts as well when an Allow of ssm:StartSession on
//   instances lacks the access check (`Bool`/`BoolIfExists ssm:SessionDocumentAccessCheck =
//   true`): then a session started without `--document-name` gets the default document whether
//   or not the policy names it. With the check on every such statement, only the documents named
//   can be started.
// - A Command document is a `document/<name>` ARN in an Allow of ssm:SendCommand, counted only
//   when the grant also allows SendCommand on some instance (a SendCommand request names both).
// - An unconditional Deny of the action on a document's ARN (or `*`) removes it.
// Rows are per grant; what a principal with two grants can do by combining one grant's documents
// with the other's instances (IAM authorises each resource of a request by any statement) is
// plan/combinedAccess.ts, with the helpers at the end of this file.
import type { NormalStatement } from "../policypack/lib/document";
import { statementGrants } from "../policypack/lib/actions";
import { globMatches } from "../policypack/lib/glob";
import { DEFAULT_SESSION_DOCUMENT } from "../model/awsNames";

export { DEFAULT_SESSION_DOCUMENT };

export interface GrantRunnables {
  /** Session documents the grant's principals may start sessions with, sorted; `*` any. */
  documents: string[];
  /** Command documents they may run on instances with Run Command (ssm:SendCommand), sorted. */
  commandDocuments: string[];
  /** Where the document ARNs point wrongly or not at all, as message fragments. */
  problems: string[];
}

const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/i;

interface DocumentRef {
  name: string;
  region: string;
  account: string;
}

/** The document a Resource entry names, `*` for any, or undefined when it names no document. */
function documentRef(resource: string): DocumentRef | undefined {
  const r = resource.trim();
  if (r === "*") return { name: "*", region: "*", account: "*" };
  const m = ARN.exec(r);
  if (!m) return undefined;
  const [, , service, region, account, rest] = m;
  if (!globMatches(service, "ssm")) return undefined;
  if (rest === "*") return { name: "*", region: region || "*", account };
  const doc = /^document\/(.+)$/i.exec(rest);
  if (doc) return { name: doc[1] === "*" ? "*" : doc[1], region: region || "*", account };
  // `doc*/...`: a wildcard before the name could cover every document.
  return /[*?]/.test(rest) && globMatches(rest.split("/")[0], "document") ? { name: "*", region: region || "*", account } : undefined;
}

/** Whether a Resource entry names an instance or a managed node (the rows' targets). */
function namesInstance(resource: string): boolean {
  const r = resource.trim();
  if (r === "*") return true;
  const m = ARN.exec(r);
  if (!m) return false;
  const [, , service, , , rest] = m;
  const type = rest.split("/")[0];
  return (
    rest === "*" ||
    (globMatches(service, "ec2") && globMatches(type, "instance")) ||
    (globMatches(service, "ssm") && globMatches(type, "managed-instance"))
  );
}

/** `Bool`/`BoolIfExists` on ssm:SessionDocumentAccessCheck with every value `true` (page 006's condition). */
export function hasDocumentAccessCheck(stmt: NormalStatement): boolean {
  return stmt.conditions.some(
    (c) =>
      /^Bool(IfExists)?$/i.test(c.operator) &&
      c.key.toLowerCase() === "ssm:sessiondocumentaccesscheck" &&
      c.values.length > 0 &&
      c.values.every((v) => v.trim().toLowerCase() === "true"),
  );
}

const reachesInstances = (s: NormalStatement) => s.notResources !== undefined || (s.resources ?? []).some(namesInstance);

const documentRefs = (s: NormalStatement): DocumentRef[] =>
  s.notResources !== undefined
    ? [{ name: "*", region: "*", account: "*" }]
    : (s.resources ?? []).map(documentRef).filter((d): d is DocumentRef => d !== undefined);

/** Document names an unconditional Deny of `action` removes (`*`: every one). */
function deniedNames(statements: readonly NormalStatement[], action: string): Set<string> {
  const out = new Set<string>();
  for (const s of statements) {
    if (s.effect !== "Deny" || s.conditions.length > 0 || !statementGrants(s, action) || s.resources === undefined) continue;
    for (const d of s.resources.map(documentRef)) if (d) out.add(d.name);
  }
  return out;
}

/** The names left after the Denies; `*` alone when any document is allowed (it covers the rest). */
function withoutDenied(names: Iterable<string>, denied: Set<string>): string[] {
  if (denied.has("*")) return [];
  const left = [...new Set(names)].filter((n) => !denied.has(n)).sort();
  return left.includes("*") ? ["*"] : left;
}

/** AWS-owned documents live in no account: their ARNs have an empty account field. */
const isAwsOwned = (name: string) => /^AWS-/.test(name);

/** Where a grant's document ARNs miss a stack Region or point at another account. */
function whereProblems(refs: readonly (DocumentRef & { action: string })[], where: { accountId: string; regions: string[] }): string[] {
  const problems: string[] = [];
  const byName = new Map<string, { regions: Set<string>; accounts: Set<string>; action: string }>();
  for (const r of refs) {
    if (r.name === "*") continue;
    const key = `${r.action}\u0000${r.name}`;
    const e = byName.get(key) ?? { regions: new Set(), accounts: new Set(), action: r.action };
    e.regions.add(r.region);
    e.accounts.add(r.account);
    byName.set(key, e);
  }
  for (const [key, e] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    const name = key.split("\u0000")[1];
    const what = `${e.action === "ssm:SendCommand" ? "Command" : "session"} document ${name}`;
    if (!e.regions.has("*")) {
      const missing = where.regions.filter((r) => !e.regions.has(r));
      if (missing.length) problems.push(`${what} not named in ${missing.join(", ")}`);
    }
    const accounts = [...e.accounts].filter((a) => a !== "*");
    if (isAwsOwned(name)) {
      const wrong = accounts.filter((a) => a !== "").sort();
      if (wrong.length) problems.push(`${what} named in account ${wrong.join(", ")}, but AWS's documents have ARNs with an empty account`);
    } else if (where.accountId) {
      const other = accounts.filter((a) => a !== where.accountId).sort();
      if (other.length) problems.push(`${what} named in account ${other.map((a) => a || "(empty)").join(", ")}, not ${where.accountId}`);
    }
  }
  return problems;
}

/**
 * What one grant's statements let its principals run. `grantStatements` are the grant's own
 * documents; `principalStatements` all of the principal's, for the Denies.
 */
export function grantRunnables(
  grantStatements: readonly NormalStatement[],
  principalStatements: readonly NormalStatement[],
  where: { accountId: string; regions: string[] },
): GrantRunnables {
  const allows = (action: string) => grantStatements.filter((s) => s.effect === "Allow" && statementGrants(s, action));
  const starts = allows("ssm:StartSession");
  const sessionRefs = starts.flatMap(documentRefs);
  const sessionNames = sessionRefs.map((d) => d.name);
  if (starts.some((s) => reachesInstances(s) && !hasDocumentAccessCheck(s))) sessionNames.push(DEFAULT_SESSION_DOCUMENT);
  const sends = allows("ssm:SendCommand");
  const commandRefs = sends.some(reachesInstances) ? sends.flatMap(documentRefs) : [];
  return {
    documents: withoutDenied(sessionNames, deniedNames(principalStatements, "ssm:StartSession")),
    commandDocuments: withoutDenied(
      commandRefs.map((d) => d.name),
      deniedNames(principalStatements, "ssm:SendCommand"),
    ),
    problems: whereProblems(
      [...sessionRefs.map((r) => ({ ...r, action: "ssm:StartSession" })), ...commandRefs.map((r) => ({ ...r, action: "ssm:SendCommand" }))],
      where,
    ),
  };
}

/** The document names the Allow statements of `action` name, before Denies (`*`: any). */
export function allowedDocumentNames(statements: readonly NormalStatement[], action: string): string[] {
  return statements.filter((s) => s.effect === "Allow" && statementGrants(s, action)).flatMap((s) => documentRefs(s).map((d) => d.name));
}

/** Whether some Allow statement of `action` names an instance or a managed node. */
export function allowsOnInstances(statements: readonly NormalStatement[], action: string): boolean {
  return statements.some((s) => s.effect === "Allow" && statementGrants(s, action) && reachesInstances(s));
}

/** The document names the principal's unconditional Denies of `action` remove (`*`: every one). */
export function deniedDocumentNames(principalStatements: readonly NormalStatement[], action: string): ReadonlySet<string> {
  return deniedNames(principalStatements, action);
}

/** `names` left after those Denies, sorted (`*` alone covers the rest). */
export function documentsWithoutDenied(names: Iterable<string>, denied: ReadonlySet<string>): string[] {
  return withoutDenied(names, denied as Set<string>);
}
