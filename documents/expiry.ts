// A grant that ends: every statement that allows something gets an `aws:CurrentTime`
// `DateLessThan` bound, so IAM itself stops the access at the grant's end even if nobody
// redeploys (IAM User Guide, "IAM JSON policy elements: Condition operators", date condition
// operators; `aws:CurrentTime` is a global key present in every request). Deny statements are
// left alone: a deny that expired would give access back.
//
// Applied once, where a grant's document is assembled (grantDocuments.ts), after the pattern's
// builder: every pattern, and any document added later, ends the same way, and the size and
// split of the policy (split.ts) are counted on the document with the bound in it.
import type { Conditions, PolicyDocument, Statement } from "./policyDocument";

export const EXPIRY_OPERATOR = "DateLessThan";
export const EXPIRY_KEY = "aws:CurrentTime";

/** The document with the end on every Allow statement; the same document when `expires` is undefined. */
export function withExpiry(doc: PolicyDocument, expires: string | undefined): PolicyDocument {
  if (expires === undefined) return doc;
  return { ...doc, Statement: doc.Statement.map((s) => (s.Effect === "Allow" ? expiring(s, expires) : s)) };
}

/** Merged into the statement's Condition block: other operators and keys stay as they are. */
function expiring(s: Statement, expires: string): Statement {
  const condition: Conditions = { ...(s.Condition ?? {}) };
  const existing = condition[EXPIRY_OPERATOR]?.[EXPIRY_KEY];
  if (existing !== undefined)
    throw new Error(`statement ${s.Sid ?? ""}: already bounded by ${EXPIRY_OPERATOR} ${EXPIRY_KEY} ${JSON.stringify(existing)}`);
  condition[EXPIRY_OPERATOR] = { ...(condition[EXPIRY_OPERATOR] ?? {}), [EXPIRY_KEY]: expires };
  // Condition is the last key of a statement (policyDocument.ts's order), so it stays last.
  return { ...s, Condition: condition };
}
