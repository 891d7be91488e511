// The live account against a stack's offline plan: both sides are rows of the same evaluator
// (plan/accessEvaluation.ts), the plan's from the documents the stack would attach, the account's
// from the documents attached now. A row is the same when pattern, grant (policy name), principal,
// target, OS users, denied instances and (Session Manager) the documents it may run are the same.
import type { AccessEntry } from "../components/access";
import { evaluatePlanDocuments } from "../plan/accessEvaluation";
import type { Plan } from "../plan/run";
import { driftKey, evaluateLiveRows } from "./evaluate";
import type { Snapshot } from "./read";

export interface DriftRow extends AccessEntry {
  via: string[];
}

export interface Drift {
  stack: string;
  /** In the account, not granted by the stack. */
  unexpected: DriftRow[];
  /** Granted by the stack, not in the account. */
  missing: DriftRow[];
}

const strip = (r: AccessEntry & { policies: string[] }): DriftRow => ({
  pattern: r.pattern,
  grant: r.grant,
  principal: r.principal,
  osUsers: r.osUsers,
  target: r.target,
  deniedInstanceIds: r.deniedInstanceIds ?? [],
  ...(r.documents !== undefined && { documents: r.documents }),
  ...(r.commandDocuments !== undefined && { commandDocuments: r.commandDocuments }),
  via: r.policies,
});

export function compareWithPlan(
  snapshot: Snapshot,
  plan: Pick<Plan, "stack" | "principals" | "resources" | "accountId" | "regions">,
): Drift {
  const intended = evaluatePlanDocuments(plan).map(strip);
  const live = evaluateLiveRows(snapshot).map(strip);
  // A stack without Session Manager preferences leaves Run As to the account (AWS's default
  // document, or one someone manages elsewhere): the plan cannot say which OS user, so its rows
  // say none, and comparing them with the account's would call every Session Manager grant drift.
  const managesRunAs = plan.resources.some((r) => r.type === "aws:ssm/document:Document" && r.inputs?.documentType === "Session");
  const key = (r: DriftRow): string => driftKey(!managesRunAs && r.pattern === "session-manager" ? { ...r, osUsers: [] } : r);
  const intendedKeys = new Set(intended.map(key));
  const liveKeys = new Set(live.map(key));
  return {
    stack: plan.stack,
    unexpected: live.filter((r) => !intendedKeys.has(key(r))),
    missing: intended.filter((r) => !liveKeys.has(key(r))),
  };
}
