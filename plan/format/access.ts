// How an access row reads to a person, shared by the text and Markdown renderings. Every name
// in it comes from a stack file: the Markdown rendering passes a `Spell` that puts each one in a
// code span (markdownText.ts), the terminal renderings print them as they are.
import type { AccessEntry, AccessTarget } from "../../components/access";
import type { Spell } from "../../model/target";
import { PLAIN, describeAtom, describeTarget as describe } from "../../model/target";
import { code, idCode } from "./markdownText";

export type { Spell };
export { PLAIN, describeAtom };
export const MARKDOWN: Spell = { id: idCode, name: code };

/** A table cell: the model's describer in its table form. */
export function describeTarget(t: AccessTarget, f: Spell = PLAIN): string {
  return describe(t, { spell: f, form: "table" });
}

/**
 * The OS users cell. Session Manager rows carry the users of the plan's preferences documents
 * (`ssm-user` with Run As off); a plan without one cannot know them: the powers table and
 * `ec2-access audit` say them per Region.
 */
export function osUsersText(a: Pick<AccessEntry, "pattern" | "osUsers">, f: Spell = PLAIN): string {
  if (a.osUsers.length) return a.osUsers.map(f.name).join(", ");
  return a.pattern === "session-manager" ? "see Session Manager sessions" : "-";
}

export const principalText = (p: AccessEntry["principal"], f: Spell = PLAIN) => `${p.type} ${f.name(p.name)}`;

export function accessRow(a: AccessEntry, f: Spell = PLAIN): string[] {
  return [
    a.pattern,
    f.name(a.grant),
    principalText(a.principal, f),
    describeTarget(a.target, f),
    osUsersText(a, f),
    a.deniedInstanceIds.length ? a.deniedInstanceIds.map(f.id).join(", ") : "-",
  ];
}

export const ACCESS_HEADER = ["pattern", "grant", "principal", "instances", "OS users", "denied"];

/** The end of a row's access: the date, `never`, or the date marked expired with what to do. */
export function expiresText(a: Pick<AccessEntry, "expires" | "expired">): string {
  if (a.expires === undefined) return "never";
  return a.expired ? `${a.expires} (expired: remove the grant)` : a.expires;
}

/** How a Run Command document reads among a row's documents. */
export const runCommandText = (name: string) => `${name} (Run Command)`;

/**
 * What a row's principal may run: its session documents, then each Command document marked
 * `(Run Command)` (plan/sessionDocumentAccess.ts). One list, so that the diff can compare it.
 */
export function runnableAtoms(a: Pick<AccessEntry, "documents" | "commandDocuments">): string[] {
  return [...(a.documents ?? []), ...(a.commandDocuments ?? []).map(runCommandText)];
}

/** The documents cell: `-` for rows of other patterns, `none` for a Session Manager row that can start no session. */
export function documentsText(a: Pick<AccessEntry, "pattern" | "documents" | "commandDocuments">, f: Spell = PLAIN): string {
  if (a.documents === undefined && a.commandDocuments === undefined) return "-";
  const cells = [...(a.documents ?? []).map(f.name), ...(a.commandDocuments ?? []).map((d) => runCommandText(f.name(d)))];
  return cells.length ? cells.join(", ") : "none";
}

/** Whether a table shows the documents column: only when some row has Session Manager's documents. */
export const showsDocuments = (rows: readonly Pick<AccessEntry, "documents" | "commandDocuments">[]) =>
  rows.some((a) => a.documents !== undefined || a.commandDocuments !== undefined);

/**
 * The access table's header and rows. The `documents` column is there only when some row is a
 * Session Manager row, the `expires` column only when some grant ends, so that the table of a
 * stack without them reads as it always did.
 */
export function accessTable(rows: readonly AccessEntry[], f: Spell = PLAIN): { header: string[]; rows: string[][] } {
  const docs = showsDocuments(rows);
  const ends = rows.some((a) => a.expires !== undefined);
  return {
    header: [...ACCESS_HEADER, ...(docs ? ["documents"] : []), ...(ends ? ["expires"] : [])],
    rows: rows.map((a) => [...accessRow(a, f), ...(docs ? [documentsText(a, f)] : []), ...(ends ? [expiresText(a)] : [])]),
  };
}
