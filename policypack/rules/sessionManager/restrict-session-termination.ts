import { grantPhrase } from "../../lib/actions";
import type { NormalStatement } from "../../lib/document";
import { documentPolicy } from "../../lib/rule";
import { RESUME_SESSION, TERMINATE_SESSION, statementGrants } from "./grantStatements";

/** The session's tag that holds the caller's user ID, for federated and assumed-role callers. */
const SESSION_ID_TAG_KEY = "ssm:resourcetag/aws:ssmmessages:session-id";

/**
 * `ssm:TerminateSession` and `ssm:ResumeSession` are allowed only on the caller's own sessions:
 * on `arn:...:ssm:<region>:<account>:session/${aws:username}-*` (IAM users; a session ID starts
 * with the user name), or on `session/*` under `StringEquals`/`StringLike`
 * `ssm:resourceTag/aws:ssmmessages:session-id` = `${aws:userid}` (federated and assumed-role
 * users, who have no aws:username).
 *
 * Why: ending or taking over someone else's session interrupts their work or joins their shell
 * (seed 004: "the ability to end only their own sessions").
 */
export const restrictSessionTermination = documentPolicy({
  name: "restrict-session-termination",
  description: "ssm:TerminateSession and ssm:ResumeSession must be limited to the caller's own sessions.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: [
    'For IAM users: "Resource": "arn:aws:ssm:<region>:<account>:session/${aws:username}-*".',
    'For federated or assumed-role users: "Resource": "arn:aws:ssm:<region>:<account>:session/*" with',
    '"Condition": {"StringLike": {"ssm:resourceTag/aws:ssmmessages:session-id": "${aws:userid}"}}.',
  ].join("\n"),
  configSchema: { properties: {} },
  defaults: {},
  checkStatement: (stmt) => {
    if (stmt.effect !== "Allow" || isOwnSessionTagged(stmt)) return [];
    const messages: string[] = [];
    for (const action of [TERMINATE_SESSION, RESUME_SESSION]) {
      if (!statementGrants(stmt, action)) continue;
      const others = foreignSessions(stmt);
      if (others === undefined) continue;
      messages.push(
        `${stmt.label}: allows ${grantPhrase(stmt, action)} ${others}, so its holder can end or resume other people's sessions. ` +
          `Limit it to "arn:aws:ssm:<region>:<account>:session/\${aws:username}-*", or to "session/*" with StringLike ssm:resourceTag/aws:ssmmessages:session-id = "\${aws:userid}" for federated users.`,
      );
    }
    return messages;
  },
});

/** The session-id tag condition: every value is exactly ${aws:userid}, under an operator that needs the tag. */
function isOwnSessionTagged(stmt: NormalStatement): boolean {
  return stmt.conditions.some(
    (c) =>
      /^String(Equals|Like)$/i.test(c.operator) &&
      c.key.toLowerCase() === SESSION_ID_TAG_KEY &&
      c.values.length > 0 &&
      c.values.every((v) => v.trim().toLowerCase() === "${aws:userid}"),
  );
}

/** What in the Resource reaches sessions that are not the caller's, or undefined when nothing does. */
function foreignSessions(stmt: NormalStatement): string | undefined {
  if (stmt.notResources !== undefined) return `on everything but ${JSON.stringify(stmt.notResources)}`;
  const resources = stmt.resources ?? [];
  if (resources.length === 0) return "with no Resource";
  const bad = resources.filter((r) => !isOwnSessionArn(r));
  return bad.length > 0 ? `on ${bad.map((r) => JSON.stringify(r)).join(", ")}` : undefined;
}

/** `arn:<partition>:ssm:<region>:<account>:session/${aws:username}-<anything>`. */
function isOwnSessionArn(resource: string): boolean {
  const parts = resource.trim().split(":");
  if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== "ssm") return false;
  const rest = parts.slice(5).join(":");
  // The name part must begin with the caller's own name and the separator AWS puts after it,
  // so that neither `session/*` nor `session/*${aws:username}-*` can match another user's ID.
  return /^session\/\$\{aws:username\}-/i.test(rest);
}
