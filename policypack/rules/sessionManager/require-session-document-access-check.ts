import { grantPhrase } from "../../lib/actions";
import type { NormalStatement } from "../../lib/document";
import { documentPolicy } from "../../lib/rule";
import { START_SESSION, couldMatchResource, statementGrants } from "./grantStatements";

const CHECK_KEY = "ssm:sessiondocumentaccesscheck";

/**
 * An Allow of `ssm:StartSession` that reaches session documents (a `document/` ARN, `*`, or a
 * NotResource) carries `"Bool"`/`"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}`.
 *
 * Why: without the check, a user who omits `--document-name` gets the default session
 * document whether or not the policy grants it; with it, Session Manager checks that the user
 * has explicit access to the document (seed 004, callout 2).
 */
export const requireSessionDocumentAccessCheck = documentPolicy({
  name: "require-session-document-access-check",
  description:
    "A statement that allows ssm:StartSession on session documents (or on *) must require ssm:SessionDocumentAccessCheck to be true.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Add "Condition": {"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}} to the statement that allows ssm:StartSession on the session document ARN (arn:aws:ssm:<region>:<account>:document/SSM-SessionManagerRunShell), and name the document rather than *.',
  configSchema: { properties: {} },
  defaults: {},
  checkStatement: (stmt) => {
    if (stmt.effect !== "Allow" || !statementGrants(stmt, START_SESSION)) return [];
    const reach = documentReach(stmt);
    if (reach === undefined || hasAccessCheck(stmt)) return [];
    return [
      `${stmt.label}: allows ${grantPhrase(stmt, START_SESSION)} ${reach} without requiring ssm:SessionDocumentAccessCheck, so a session can start with the default session document without checking that the user may use it. ` +
        `Add "Condition": {"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}} to this statement.`,
    ];
  },
});

/** How the statement reaches session documents, or undefined when it does not. */
function documentReach(stmt: NormalStatement): string | undefined {
  if (stmt.notResources !== undefined) return `on everything but ${JSON.stringify(stmt.notResources)}`;
  const reaching = (stmt.resources ?? []).filter((r) => couldMatchResource(r, "ssm", "document/"));
  return reaching.length > 0 ? `on ${reaching.map((r) => JSON.stringify(r)).join(", ")}` : undefined;
}

/** `Bool` or `BoolIfExists` on the key, every value "true" (IAM compares Bool values case-insensitively). */
function hasAccessCheck(stmt: NormalStatement): boolean {
  return stmt.conditions.some(
    (c) =>
      /^Bool(IfExists)?$/.test(c.operator) &&
      c.key.toLowerCase() === CHECK_KEY &&
      c.values.length > 0 &&
      c.values.every((v) => v.trim().toLowerCase() === "true"),
  );
}
