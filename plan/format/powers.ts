// How a power (plan/powers.ts) reads to a person, shared by the plan's and the diff's text and
// Markdown renderings; values come from stack files and go through the renderer's `Spell`.
import type { Power, PowerSubject } from "../powers";
import type { Spell } from "./access";
import { PLAIN, principalText } from "./access";

/** What each kind of power means, in the words of a reviewer. */
export const POWER_TITLE: Record<Power["kind"], string> = {
  "serial-console-setting-admin": "may enable/disable the serial console account setting",
  "serial-console-setting": "serial console account setting",
  "serial-console-password": "serial console OS password",
  "session-document-admin": "may rewrite Session Manager preferences (logging, encryption, Run As)",
  "session-settings": "Session Manager sessions",
  "instance-connect-endpoint": "Instance Connect Endpoint",
  "instance-connect-tunnel": "may open Instance Connect Endpoint tunnels",
  "organization-policy": "organization policy",
};

export function subjectText(s: PowerSubject, f: Spell = PLAIN): string {
  const parts: string[] = [];
  if (s.principal) parts.push(principalText(s.principal, f));
  if (s.name !== undefined) parts.push(f.name(s.name));
  if (s.region !== undefined) parts.push(`in ${f.name(s.region)}`);
  return parts.join(" ") || "(account)";
}

export const fieldText = (field: string, values: readonly string[], f: Spell = PLAIN) =>
  `${field}: ${values.length ? values.map(f.name).join(", ") : "none"}`;

export function detailsText(details: Power["details"], f: Spell = PLAIN): string {
  return Object.entries(details)
    .map(([k, v]) => fieldText(k, v, f))
    .join("; ");
}

export const POWER_HEADER = ["power", "who / where", "what"];

export function powerRow(p: Power, f: Spell = PLAIN): string[] {
  return [POWER_TITLE[p.kind] ?? p.kind, subjectText(p.subject, f), detailsText(p.details, f)];
}
