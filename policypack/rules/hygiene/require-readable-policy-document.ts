// Compliant: every policy document the pack is given can be read: valid JSON, a Statement,
// statements that are objects with Effect "Allow" or "Deny" and Action or NotAction. The other
// rules check what they can read; this one says what they could not, so that a document nobody
// could check never passes silently. It also reports keys written twice in one object of the
// JSON text: the last value wins silently (here and in most parsers), so a reviewer reading the
// first one misreads the grant.
import { documentPolicy } from "../../lib";

export const requireReadablePolicyDocument = documentPolicy({
  name: "require-readable-policy-document",
  description:
    "Policy documents must be readable IAM JSON, without a key written twice in one object, so that the pack's other rules (and reviewers) read what AWS reads.",
  remediationSteps:
    'Fix the document so that it is a JSON object with a Statement object or array, each statement with Effect "Allow" or "Deny" and Action or NotAction. ' +
    "Build documents from data (JSON.stringify or aws.iam.getPolicyDocument) rather than by string concatenation.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  defaults: {},
  kinds: ["identity", "scp"],
  checkDocument({ source }) {
    const out = source.document.problems.map((p) => `${p}: the pack cannot check what it cannot read. Fix: correct the document.`);
    for (const d of source.document.duplicateKeys ?? []) {
      out.push(
        `the document writes key ${d} more than once in the same object: only the last value counts, the earlier ones are silently dropped, so the document does not say what it seems to. ` +
          "Fix: keep one of them (merge lists into one array).",
      );
    }
    return out;
  },
});
