// When a statement stops allowing: the `aws:CurrentTime` upper bound of its conditions, read from
// any document, however its author wrote it. IAM's date operators (IAM User Guide, "Condition
// operators": DateLessThan, DateLessThanEquals) take W3C ISO 8601 dates or epoch (UNIX) time;
// `aws:CurrentTime` is in every request, so `...IfExists` bounds the same. Values of one operator
// and key are ORed: the latest one is the bound. Condition keys are case-insensitive.
import type { NormalStatement } from "./document";

const BOUND_OPERATOR = /^DateLessThan(?:Equals)?(?:IfExists)?$/i;
const CURRENT_TIME = /^aws:CurrentTime$/i;

export interface TimeBound {
  /** The latest bound, as written. */
  value: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/** An IAM date value in milliseconds: ISO 8601 (with a zone or Z; a date alone is midnight UTC) or epoch seconds. */
export function iamDate(value: string): number | undefined {
  const v = value.trim();
  if (/^\d{1,12}$/.test(v)) return Number(v) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isFinite(at) ? at : undefined;
}

/**
 * The statement's end, or undefined when it has none IAM would enforce. Several bounds in one
 * statement are ANDed: the earliest one ends it. A value that is not a date (IAM would refuse the
 * policy) bounds nothing.
 */
export function statementTimeBound(s: Pick<NormalStatement, "conditions">): TimeBound | undefined {
  let end: TimeBound | undefined;
  for (const c of s.conditions) {
    if (!BOUND_OPERATOR.test(c.operator) || !CURRENT_TIME.test(c.key)) continue;
    // ORed values: the latest.
    let latest: TimeBound | undefined;
    for (const value of c.values) {
      const at = iamDate(value);
      if (at === undefined) {
        latest = undefined;
        break;
      }
      if (!latest || at > latest.at) latest = { value, at };
    }
    if (latest && (!end || latest.at < end.at)) end = latest;
  }
  return end;
}
