// What `ec2-access diff` reports: per environment (one stack), the access rows that appear,
// disappear or change, the resources to create, replace, update or delete, and the policy
// violations that appear or are resolved. Renderers (markdown.ts, text.ts) and `--format json`
// read only these types.
import type { AccessEntry, AccessTarget } from "../../components/access";
import type { Violation } from "../policyRunner";
import type { Power, PowerKind, PowerSubject } from "../powers";

export interface Delta {
  added: string[];
  removed: string[];
}

/**
 * One (pattern, grant, principal) row. `gained`/`lost`: the row exists on one side only.
 * `changed`: both sides have it, with a different target, OS users or denied instances.
 */
export interface AccessChange {
  kind: "gained" | "lost" | "changed";
  pattern: AccessEntry["pattern"];
  grant: string;
  principal: AccessEntry["principal"];
  before?: AccessEntry;
  after?: AccessEntry;
  /** `changed` only: target atoms (`i-...`, `tag K=v`, `principal tag K`, `all instances`). */
  target?: Delta;
  osUsers?: Delta;
  deniedInstanceIds?: Delta;
  /**
   * `changed` only, when what a Session Manager row may run changes: session documents and
   * Command documents marked ` (Run Command)` (plan/format/access.ts `runnableAtoms`).
   */
  documents?: Delta;
  /** `changed` only, when the end date changes: before and after (absent: never ends). */
  expires?: { before?: string; after?: string };
  /** `gained` only: the row is new and its `expires` has already passed (plan/diff/expiry.ts). */
  alreadyExpired?: true;
  /** `changed` only: whether the principal can now reach more, less, or both. */
  effect?: "gains" | "loses" | "gains and loses";
}

/**
 * Documents a principal can start on one grant's instances only through its other grants
 * (plan/combinedAccess.ts), gained or lost: matched on (principal, grant, target); `documents`
 * spells Command documents with ` (Run Command)`; `through` is the other grants on the side that has the entry (head's when both).
 */
export interface CombinedChange {
  change: "widens" | "narrows" | "changes";
  principal: AccessEntry["principal"];
  grant: string;
  target: AccessTarget;
  documents: Delta;
  through: string[];
}

/** A power (plan/powers.ts) that appears, disappears or changes: always an access change. */
export interface PowerChange {
  change: "gained" | "lost" | "changed";
  kind: PowerKind;
  subject: PowerSubject;
  before?: Power;
  after?: Power;
  /** `changed` only: each detail whose values differ. */
  fields: ({ field: string } & Delta)[];
}

export interface ResourceChange {
  /** `import`: new in head and adopted (the `import` option), not created. */
  op: "create" | "import" | "replace" | "update" | "delete";
  urn: string;
  type: string;
  name: string;
  /** replace/update: top-level inputs whose value differs, sorted. */
  changedInputs: string[];
  /** replace: the changed inputs that force it (see replacement.ts). */
  replacedBecause: string[];
  /** What will go wrong as this change is deployed, e.g. a replacement that keeps a unique name. */
  warning?: string;
  /** import: the ID of the existing resource adopted. */
  importId?: string;
}

export interface ViolationChange {
  change: "new" | "resolved";
  violation: Violation;
}

export type EnvironmentStatus =
  /** Both plans read; `access`/`resources`/`violations` say what differs (maybe nothing). */
  | "compared"
  /** No base plan: the stack is new in this change; everything is created or gained. */
  | "added"
  /** No head plan: the stack is gone in this change; everything is deleted or lost. */
  | "removed"
  /** A plan could not be produced or read: `error` says why; nothing is compared. */
  | "failed";

export interface EnvironmentDiff {
  name: string;
  status: EnvironmentStatus;
  error?: string;
  access: AccessChange[];
  powers: PowerChange[];
  resources: ResourceChange[];
  violations: ViolationChange[];
  /** Access through combined Session Manager grants that changes; absent when none does. */
  combined?: CombinedChange[];
  /**
   * The base plan lists no combined access and head does: a plan lists it only when there is
   * some, and one written before plans listed it has none either, so head's shows as widening.
   */
  combinedBaseUnlisted?: true;
  /** Mandatory violations in the head plan, new or not: the change cannot be deployed with them. */
  headMandatory: number;
}

/** Which code computed a diff, from which files: the pull-request comment says it (provenance.ts). */
export interface Provenance {
  /** The commit of the ec2-access code that planned both sides and compared them. */
  computedBy: string;
  /** The pull request's commit whose stack files were planned, as data, by that code. */
  headCommit?: string;
  /** Files the pull request changes besides stack files: not evaluated by this comment. */
  changedFiles?: string[];
}

export interface PlanDiff {
  environments: EnvironmentDiff[];
  provenance?: Provenance;
}

export function hasChanges(e: EnvironmentDiff): boolean {
  return (
    e.status !== "compared" || e.access.length + e.powers.length + (e.combined?.length ?? 0) + e.resources.length + e.violations.length > 0
  );
}

export type { AccessEntry, AccessTarget, Violation };
