// How the access a principal has only through the union of its grants (plan/combinedAccess.ts)
// reads beside the access table: one row per grant whose instances gain documents.
import type { CombinedAccess } from "../combinedAccess";
import type { Spell } from "./access";
import { PLAIN, describeTarget, principalText, runCommandText } from "./access";

export const COMBINED_HEADER = ["principal", "grant", "instances", "also documents", "through"];

export const combinedTitle = (n: number) => `Access through combined grants: ${n} row${n === 1 ? "" : "s"}`;

export function combinedRow(c: CombinedAccess, f: Spell = PLAIN): string[] {
  return [
    principalText(c.principal, f),
    f.name(c.grant),
    describeTarget(c.target, f),
    [...c.documents.map(f.name), ...(c.commandDocuments ?? []).map((d) => runCommandText(f.name(d)))].join(", "),
    c.through.map(f.name).join(", "),
  ];
}
