// The access a grant is meant to give, as the plan's `access` table reports it
// (docs/contracts/offline-plan.md). Components publish these as outputs; the plan checks
// them against what the generated documents actually allow.
import type { Principals } from "../model/schema";
import type { AccessTarget, Target } from "../model/target";
import type { AccessPattern } from "../model/patterns";
import { accessTarget } from "../model/target";

export type { AccessPattern };
export type PrincipalType = "user" | "group" | "role";

export interface AccessEntry {
  pattern: AccessPattern;
  grant: string;
  principal: { type: PrincipalType; name: string };
  osUsers: string[];
  target: AccessTarget;
  deniedInstanceIds: string[];
  /** When IAM stops allowing it (the grant's `expires`, ISO 8601 UTC); absent: never. */
  expires?: string;
  /** Set by the plan when `expires` has passed: IAM already denies the access. */
  expired?: true;
  /**
   * Session Manager rows only: the session documents the principal may start sessions with
   * (`SSM-SessionManagerRunShell` when a session without `--document-name` gets the default), sorted.
   */
  documents?: string[];
  /** Session Manager rows only, when there are any: the Command documents it may run on instances (Run Command). */
  commandDocuments?: string[];
}

export type { AccessTarget };

export function principalList(p: Principals): { type: PrincipalType; name: string }[] {
  return [
    ...p.users.map((name) => ({ type: "user" as const, name })),
    ...p.groups.map((name) => ({ type: "group" as const, name })),
    ...p.roles.map((name) => ({ type: "role" as const, name })),
  ];
}

/** One row per principal of a grant. */
export function accessEntries(
  pattern: AccessPattern,
  grant: { name: string; principals: Principals; expires?: string },
  target: Target,
  osUsers: string[] = [],
  deniedInstanceIds: string[] = [],
): AccessEntry[] {
  return principalList(grant.principals).map((principal) => ({
    pattern,
    grant: grant.name,
    principal,
    osUsers,
    target: accessTarget(target),
    deniedInstanceIds,
    ...(grant.expires !== undefined && { expires: grant.expires }),
  }));
}
