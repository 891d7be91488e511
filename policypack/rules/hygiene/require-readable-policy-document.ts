// Compliant: every policy document the pack is given can be read: valid JSON, a Statement,
// statements that are objects with Effect "Allow" or "Deny" and Action or NotAction. The other
// rules check what they can read; this one says what they could not, so that a document nobody
// could check never passes silently.
import { documentPolicy } from "../../lib";

export const requireReadablePolicyDocument = documentPolicy({
  name: "require-readable-policy-document",
  description: "Policy documents must be readable IAM JSON, so that the pack's other rules can check them.",
  remediationSteps:
    "Fix the document so that it is a JSON object with a Statement object or array, each statement with Effect \"Allow\" or \"Deny\" and Action or NotAction. " +
    "Build documents from data (JSON.stringify or aws.iam.getPolicyDocument) rather than by string concatenation.",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  defaults: {},
  kinds: ["identity", "scp"],
  checkDocument({ source }) {
    return source.document.problems.map((p) => `${p}: the pack cannot check what it cannot read. Fix: correct the document.`);
  },
});
