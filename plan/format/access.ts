// How an access row reads to a person, shared by the text and Markdown renderings. Every name
// in it comes from a stack file: the Markdown rendering passes a `Spell` that puts each one in a
// code span (markdownText.ts), the terminal renderings print them as they are.
import type { AccessEntry, AccessTarget } from "../../components/access";
import { code, idCode } from "./markdownText";

/** How user-written atoms are spelled: an instance ID, and any other name or value. */
export interface Spell {
  id(s: string): string;
  name(s: string): string;
}

export const PLAIN: Spell = { id: (s) => s, name: (s) => s };
export const MARKDOWN: Spell = { id: idCode, name: code };

export function describeTarget(t: AccessTarget, f: Spell = PLAIN): string {
  if (t.instanceIds) return t.instanceIds.length <= 3 ? t.instanceIds.map(f.id).join(", ") : `${t.instanceIds.length} instances (${t.instanceIds.slice(0, 2).map(f.id).join(", ")}, ...)`;
  if (t.tags) return Object.entries(t.tags).map(([k, v]) => `tag ${f.name(`${k}=${v.join("|")}`)}`).join(" and ");
  if (t.principalTagKey) return `tag ${f.name(t.principalTagKey)} = principal's tag ${f.name(t.principalTagKey)}`;
  if (t.allInstances) return "all instances";
  return "?";
}

/** An atom of plan/diff/access.ts's targetAtoms (`i-...`, `tag K=v`, `principal tag K`, `all instances`). */
export function describeAtom(atom: string, f: Spell = PLAIN): string {
  if (atom === "all instances") return atom;
  if (atom.startsWith("principal tag ")) return `principal tag ${f.name(atom.slice("principal tag ".length))}`;
  if (atom.startsWith("tag ")) return `tag ${f.name(atom.slice(4))}`;
  return f.id(atom);
}

/**
 * The OS users cell. Session Manager documents name no OS user: with Run As off every session
 * runs as `ssm-user`, which the row does not carry; the powers table says it per Region.
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

/**
 * The access table's header and rows. The `expires` column is there only when some grant ends,
 * so that the table of a stack without `expires` reads as it always did.
 */
export function accessTable(rows: readonly AccessEntry[], f: Spell = PLAIN): { header: string[]; rows: string[][] } {
  const ends = rows.some((a) => a.expires !== undefined);
  return {
    header: ends ? [...ACCESS_HEADER, "expires"] : ACCESS_HEADER,
    rows: rows.map((a) => (ends ? [...accessRow(a, f), expiresText(a)] : accessRow(a, f))),
  };
}
