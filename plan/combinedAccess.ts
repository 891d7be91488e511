// What a principal with several Session Manager grants can do that no single grant's row shows.
//
// `aws ssm start-session --target <instance> --document-name <doc>` is one request with two
// resources, the instance and the session document, and IAM authorises each resource of a
// request by any Allow statement of the principal (the Service Authorization Reference lists
// both as resource types of ssm:StartSession; the simulator test in
// test/accessEvaluation/combinedAccess.test.ts shows each allowed by a different grant's
// statement). So a group in grant A (dev instances, port forwarding) and grant B (prod
// instances, shell only) can port-forward to prod. `ssm:SendCommand` (Run Command) names an
// instance and a Command document the same way. Instance Connect does not combine: its
// SendSSHPublicKey names the instance only, and the OS user (`ec2:osuser`) is a condition of the
// statement that allows that instance.
//
// Per Session Manager row (grant G of principal P, G's instances), the documents P's other
// grants' statements name that G's own do not: session documents always, Command documents when
// G allows SendCommand on its instances (else no statement authorises the instance). Read from
// the registered policies, as the access table is (packed grants unpacked by Sid and tags);
// unconditional Denies apply; a row whose documents are `*` gains nothing.
import type { AccessEntry, AccessTarget, PrincipalType } from "../components/access";
import type { RegisteredPlan } from "./registered";
import type { Violation } from "./policyRunner";
import type { NormalStatement } from "../policypack/lib/document";
import { parseDocument } from "../policypack/lib/document";
import { globMatches } from "../policypack/lib/glob";
import { describeTarget } from "../model/target";
import { principalDocuments } from "./accessEvaluation";
import { allowedDocumentNames, allowsOnInstances, deniedDocumentNames, documentsWithoutDenied } from "./sessionDocumentAccess";

/** The policy name of the plan's advisory warning. */
export const COMBINED_ACCESS_POLICY = "session-documents-across-grants";

/** One Session Manager row's access that only the union of the principal's grants gives. */
export interface CombinedAccess {
  pattern: "session-manager";
  principal: { type: PrincipalType; name: string };
  /** The grant whose instances these are. */
  grant: string;
  /** Its instances (the row's target). */
  target: AccessTarget;
  /** Session documents startable on them only through other grants' statements, sorted; `*` any. */
  documents: string[];
  /** Command documents runnable on them only through other grants' statements; absent when none. */
  commandDocuments?: string[];
  /** The principal's other grants whose statements name those documents, sorted. */
  through: string[];
}

const START = "ssm:StartSession";
const SEND = "ssm:SendCommand";

/** Whether `name` is one of `own` or matched by one of its wildcards. */
const covered = (name: string, own: readonly string[]) => own.some((o) => o === name || o === "*" || globMatches(o, name));

/** Per action: each document name the principal's Allow statements give, with the grants that give it, and the names denied. */
interface Offer {
  givers: Map<string, Set<string>>;
  denied: ReadonlySet<string>;
}

function offer(grantStatements: ReadonlyMap<string, NormalStatement[]>, all: readonly NormalStatement[], action: string): Offer {
  const givers = new Map<string, Set<string>>();
  for (const [grant, statements] of grantStatements)
    for (const name of allowedDocumentNames(statements, action)) {
      const g = givers.get(name) ?? new Set<string>();
      g.add(grant);
      givers.set(name, g);
    }
  return { givers, denied: deniedDocumentNames(all, action) };
}

/** The names grants other than `grant` give beyond `own`, with those grants (linear in the distinct names). */
function extraNames(grant: string, own: readonly string[], o: Offer): { names: string[]; through: string[] } {
  const fromOthers = [...o.givers].filter(([, g]) => g.size > 1 || !g.has(grant)).map(([name]) => name);
  const names = documentsWithoutDenied(fromOthers, o.denied).filter((n) => !covered(n, own));
  const through = new Set(names.flatMap((n) => [...(o.givers.get(n) ?? [])]));
  through.delete(grant);
  return { names, through: [...through] };
}

/** The combined access of one principal, from its statements by grant and its Session Manager rows. */
export function combinedAccessOfPrincipal(
  grantStatements: ReadonlyMap<string, NormalStatement[]>,
  rows: readonly AccessEntry[],
): CombinedAccess[] {
  const all = [...grantStatements.values()].flat();
  const sessions = offer(grantStatements, all, START);
  const commands = offer(grantStatements, all, SEND);
  const out: CombinedAccess[] = [];
  for (const row of rows) {
    if (row.pattern !== "session-manager") continue;
    const session = extraNames(row.grant, row.documents ?? [], sessions);
    const command = allowsOnInstances(grantStatements.get(row.grant) ?? [], SEND)
      ? extraNames(row.grant, row.commandDocuments ?? [], commands)
      : { names: [], through: [] };
    if (session.names.length === 0 && command.names.length === 0) continue;
    out.push({
      pattern: "session-manager",
      principal: row.principal,
      grant: row.grant,
      target: row.target,
      documents: session.names,
      ...(command.names.length ? { commandDocuments: command.names } : {}),
      through: [...new Set([...session.through, ...command.through])].sort(),
    });
  }
  return out;
}

const principalKey = (p: { type: string; name: string }) => `${p.type}\u0000${p.name}`;

/**
 * Every principal's combined access in a plan whose `access` is the evaluated table, and one
 * advisory warning per row (on the URN of the grant's policy). Only the principals with a
 * Session Manager row and another policy attached are read again: another grant of ours, or a
 * policy of someone else's that names documents only (AWSCloud9User allows StartSession on
 * `document/*` and nothing else: beside a shell-only grant it allows any document there).
 */
export function combinedAccess(plan: Pick<RegisteredPlan, "principals" | "resources" | "access">): {
  combined: CombinedAccess[];
  warnings: Violation[];
} {
  const rowsOf = new Map<string, AccessEntry[]>();
  for (const a of plan.access ?? [])
    if (a.pattern === "session-manager") {
      const rows = rowsOf.get(principalKey(a.principal)) ?? [];
      rows.push(a);
      rowsOf.set(principalKey(a.principal), rows);
    }
  if (rowsOf.size === 0) return { combined: [], warnings: [] };
  const principals = (plan.principals ?? []).filter(
    (p) => rowsOf.has(principalKey(p)) && Array.isArray(p.policies) && p.policies.length > 1,
  );
  const combined: CombinedAccess[] = [];
  const warnings: Violation[] = [];
  for (const { principal, documents } of principalDocuments({ principals, resources: plan.resources })) {
    const byGrant = new Map<string, NormalStatement[]>();
    for (const d of documents) {
      const statements = byGrant.get(d.grant) ?? [];
      statements.push(...parseDocument(d.document).statements);
      byGrant.set(d.grant, statements);
    }
    for (const c of combinedAccessOfPrincipal(byGrant, rowsOf.get(principalKey(principal)) ?? [])) {
      combined.push(c);
      warnings.push(combinedAccessWarning(c, documents.find((d) => d.grant === c.grant)?.urn ?? ""));
    }
  }
  return { combined, warnings };
}

const quoted = (names: readonly string[]) => names.map((g) => `"${g}"`).join(", ");

/** The advisory warning of one combined row: who, which grants, which instances, which documents, and the fix. */
export function combinedAccessWarning(c: CombinedAccess, urn: string): Violation {
  const docs = [...c.documents, ...(c.commandDocuments ?? []).map((d) => `${d} (Run Command)`)].join(", ");
  const grants = `grant${c.through.length === 1 ? "" : "s"} ${quoted(c.through)}`;
  return {
    policy: COMBINED_ACCESS_POLICY,
    enforcementLevel: "advisory",
    urn,
    severity: "medium",
    message:
      `${c.principal.type} ${c.principal.name} can use ${docs} on grant "${c.grant}"'s ${describeTarget(c.target)}, ` +
      `though only its ${grants} name${c.through.length === 1 ? "s" : ""} ${c.documents.length + (c.commandDocuments?.length ?? 0) === 1 ? "it" : "them"}: ` +
      `IAM authorises the instance and the document of one request each by any Allow statement of the principal. ` +
      `To avoid it, give these grants the same documents, or give them to distinct principals.`,
  };
}
