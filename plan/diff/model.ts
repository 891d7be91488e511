// What `ec2-access diff` reports: per environment (one stack), the access rows that appear,
// disappear or change, the resources to create, replace, update or delete, and the policy
// violations that appear or are resolved. Renderers (markdown.ts, text.ts) and `--format json`
// read only these types.
import type { AccessEntry, AccessTarget } from "../../components/access";
import type { Violation } from "../policyRunner";

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
  /** `changed` only: whether the principal can now reach more, less, or both. */
  effect?: "gains" | "loses" | "gains and loses";
}

export interface ResourceChange {
  op: "create" | "replace" | "update" | "delete";
  urn: string;
  type: string;
  name: string;
  /** replace/update: top-level inputs whose value differs, sorted. */
  changedInputs: string[];
  /** replace: the changed inputs that force it (see replacement.ts). */
  replacedBecause: string[];
  /** What will go wrong as this change is deployed, e.g. a replacement that keeps a unique name. */
  warning?: string;
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
  resources: ResourceChange[];
  violations: ViolationChange[];
  /** Mandatory violations in the head plan, new or not: the change cannot be deployed with them. */
  headMandatory: number;
}

export interface PlanDiff {
  environments: EnvironmentDiff[];
}

export function hasChanges(e: EnvironmentDiff): boolean {
  return e.status !== "compared" || e.access.length + e.resources.length + e.violations.length > 0;
}

export type { AccessEntry, AccessTarget, Violation };
