// The one target of a grant (stack-config.md, "Targets"), normalised for the document builders.
import type { TagMatch } from "./schema";

/** The single target of a grant, normalised (tag values always as lists). */
export type Target =
  | { kind: "instanceIds"; instanceIds: string[] }
  | { kind: "tags"; tags: Record<string, string[]> }
  | { kind: "principalTag"; key: string }
  | { kind: "allInstances" };

export interface GrantTargetFields {
  instanceIds?: string[];
  tags?: TagMatch;
  principalTagKey?: string;
  allInstances?: true;
}

export function targetOf(grant: GrantTargetFields): Target {
  if (grant.instanceIds) return { kind: "instanceIds", instanceIds: grant.instanceIds };
  if (grant.tags) return { kind: "tags", tags: normaliseTags(grant.tags) };
  if (grant.principalTagKey) return { kind: "principalTag", key: grant.principalTagKey };
  if (grant.allInstances) return { kind: "allInstances" };
  // Unreachable after validation: the schema demands exactly one target.
  throw new Error("grant has no target");
}

export function normaliseTags(tags: TagMatch): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}

