import { ResourceValidationPolicy } from "@pulumi/policy";
import type { NormalStatement } from "../../lib/document";
import { DOCUMENT_RESOURCE_TYPES } from "../../lib/sources";
import { START_SESSION, allowStatements, couldMatchResource, howGranted, statementGrants } from "./grantStatements";

const CHECK_KEY = "ssm:sessiondocumentaccesscheck";

/**
 * An Allow of `ssm:StartSession` that reaches session documents (a `document/` ARN, `*`, or a
 * NotResource) carries `"Bool"`/`"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}`.
 *
 * Why: without the check, a user who omits `--document-name` gets the default session
 * document whether or not the policy grants it; with it, Session Manager checks that the user
 * has explicit access to the document (seed 004, callout 2).
 */
export const requireSessionDocumentAccessCheck: ResourceValidationPolicy = {
  name: "require-session-document-access-check",
  description:
    "A statement that allows ssm:StartSession on session documents (or on *) must require ssm:SessionDocumentAccessCheck to be true.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Add \"Condition\": {\"BoolIfExists\": {\"ssm:SessionDocumentAccessCheck\": \"true\"}} to the statement that allows ssm:StartSession on the session document ARN (arn:aws:ssm:<region>:<account>:document/SSM-SessionManagerRunShell), and name the document rather than *.",
  configSchema: { properties: {} },
  validateResource: (args, reportViolation) => {
    if (!DOCUMENT_RESOURCE_TYPES.includes(args.type)) return;
    for (const { statement, where } of allowStatements(args)) {
      if (!statementGrants(statement, START_SESSION)) continue;
      const reach = documentReach(statement);
      if (reach === undefined || hasAccessCheck(statement)) continue;
      reportViolation(
        `${where}: allows ${howGranted(statement, START_SESSION)} ${reach} without requiring ssm:SessionDocumentAccessCheck, so a session can start with the default session document without checking that the user may use it. ` +
          `Add "Condition": {"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}} to this statement.`,
      );
    }
  },
};

/** How the statement reaches session documents, or undefined when it does not. */
function documentReach(stmt: NormalStatement): string | undefined {
  if (stmt.notResources !== undefined) return `on everything but ${JSON.stringify(stmt.notResources)}`;
  const reaching = (stmt.resources ?? []).filter((r) => couldMatchResource(r, "ssm", "document/"));
  return reaching.length > 0 ? `on ${reaching.map((r) => JSON.stringify(r)).join(", ")}` : undefined;
}

/** `Bool` or `BoolIfExists` on the key, every value "true" (IAM compares Bool values case-insensitively). */
function hasAccessCheck(stmt: NormalStatement): boolean {
  return stmt.conditions.some(
    (c) => /^Bool(IfExists)?$/.test(c.operator) && c.key.toLowerCase() === CHECK_KEY && c.values.length > 0 && c.values.every((v) => v.trim().toLowerCase() === "true"),
  );
}
