// The sections of the configuration loadStackConfig last accepted, by content. A component
// checks its args with the config's own schema and rules (components/checkArgs.ts); when they
// are, to the character, a section the whole configuration's load has just accepted, under the
// same stack keys, that check has already run (and on more: the load's rules see every section
// at once), so the component takes the parsed section instead of running it again. Anything
// else (args built by hand, a section changed after the load, another stack) is checked in full.
import type { CheckableConfig } from "../model/schema";

export type SectionName = "serialConsole" | "instanceConnect" | "sessionManager" | "organization" | "alerts" | "network";

export const SECTION_NAMES: SectionName[] = ["serialConsole", "instanceConnect", "sessionManager", "organization", "alerts", "network"];

/** What the checks of a section depend on besides the section: the stack's keys. */
export interface StackKeys {
  environment: string;
  regions: string[];
  region: string;
  accountId?: string;
  maxManagedPoliciesPerPrincipal: number;
}

interface Accepted {
  stack: string;
  /** The section as written (JSON text) and as parsed (defaults applied). */
  sections: Map<SectionName, { written: string; parsed: unknown }>;
}

let accepted: Accepted | undefined;

const stackText = (s: StackKeys) =>
  JSON.stringify([s.environment, s.regions, s.region, s.accountId ?? null, s.maxManagedPoliciesPerPrincipal]);

/** Called by loadStackConfig when a whole configuration passed every check; replaces what was recorded before. */
export function recordAccepted(stack: StackKeys, written: Record<string, unknown>, parsed: CheckableConfig): void {
  const sections = new Map<SectionName, { written: string; parsed: unknown }>();
  for (const name of SECTION_NAMES) {
    if (written[name] === undefined || parsed[name] === undefined) continue;
    sections.set(name, { written: JSON.stringify(written[name]), parsed: parsed[name] });
  }
  accepted = { stack: stackText(stack), sections };
}

/** Forgets what was recorded: a load that failed accepts nothing. */
export function forgetAccepted(): void {
  accepted = undefined;
}

/**
 * A copy of the parsed section if `written` is exactly a section of the last accepted
 * configuration and `stack` its stack keys; undefined otherwise (the caller checks in full).
 */
export function acceptedSection(name: SectionName, written: unknown, stack: StackKeys): unknown {
  const entry = accepted?.sections.get(name);
  if (!entry || accepted!.stack !== stackText(stack) || entry.written !== JSON.stringify(written)) return undefined;
  // A copy: the component's checked config must not be shared with the load's result.
  return structuredClone(entry.parsed);
}
