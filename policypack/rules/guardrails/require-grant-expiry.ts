import type { ResourceValidationPolicy } from "@pulumi/policy";
import { grantPhrase, OPEN_TUNNEL, SEND_SERIAL_CONSOLE_KEY, SEND_SSH_KEY, START_SESSION, statementGrants } from "../../lib/actions";
import { statementTimeBound } from "../../lib/expiry";
import { documentPolicy, stackAllowed, stackListSchema } from "../../lib/rule";

/** What a grant of each pattern allows, read from a statement's actions (any document, any author). */
export const GRANT_ACTIONS: Record<string, readonly string[]> = {
  "serial-console": [SEND_SERIAL_CONSOLE_KEY],
  "instance-connect": [SEND_SSH_KEY, OPEN_TUNNEL],
  "session-manager": [START_SESSION, "ssm:ResumeSession"],
};
export const GRANT_PATTERNS = Object.keys(GRANT_ACTIONS);

const DAY = 86_400_000;
const day = (at: number) => new Date(Math.floor(at / 1000) * 1000).toISOString().replace(".000Z", "Z");

/**
 * In the stacks it names, every statement that allows access to instances through one of the
 * named patterns ends: it carries an `aws:CurrentTime` `DateLessThan` (or `DateLessThanEquals`)
 * bound at most `maxDays` ahead, so that IAM itself ends the access even if nobody redeploys.
 *
 * Why: standing shell access is what temporary elevated access, just-in-time node access and
 * break-glass with an end date replace; a grant with an end is the IaC form of it (`expires` on
 * an ec2-access grant). The bound is read from the conditions of any document, whoever wrote it.
 * Off until `stacks` names a stack: where grants must end is each organisation's decision.
 */
export function requireGrantExpiryPolicy(now: () => number = Date.now): ResourceValidationPolicy {
  return documentPolicy({
    name: "require-grant-expiry",
    description:
      "In the stacks named by `stacks`, statements that allow instance access through the named patterns must end: an aws:CurrentTime DateLessThan bound at most maxDays ahead.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: [
      'Give the grant an end date: `expires: "<ISO 8601 UTC>"` on an ec2-access grant, or in any other policy',
      '"Condition": {"DateLessThan": {"aws:CurrentTime": "2027-01-31T18:00:00Z"}} on each statement that allows access,',
      "no later than maxDays from now. Renew by moving the date; remove the grant once it has expired.",
    ].join("\n"),
    configSchema: {
      properties: {
        patterns: {
          type: "array",
          items: { type: "string", enum: GRANT_PATTERNS },
          default: GRANT_PATTERNS,
          description: "The access patterns whose grants must end.",
        },
        stacks: stackListSchema("Stacks where grants must end. Default: none (the rule checks nothing)."),
        maxDays: { type: "integer", minimum: 1, default: 90, description: "How far ahead, in days from the check, the end may be." },
      },
    },
    defaults: { patterns: GRANT_PATTERNS, stacks: [] as string[], maxDays: 90 },
    checkStatement: (stmt, { config, args }) => {
      if (stmt.effect !== "Allow" || !stackAllowed(args.urn, config.stacks)) return [];
      const actions = config.patterns.flatMap((p) => GRANT_ACTIONS[p] ?? []).filter((a) => statementGrants(stmt, a));
      if (actions.length === 0) return [];
      const what = actions.map((a) => grantPhrase(stmt, a)).join(", ");
      const latest = now() + config.maxDays * DAY;
      const bound = statementTimeBound(stmt);
      if (bound === undefined) {
        return [
          `${stmt.label}: allows ${what} with no end: add "DateLessThan": {"aws:CurrentTime": "<ISO 8601 UTC>"} to its Condition, at most ${config.maxDays} days ahead (no later than ${day(latest)}).`,
        ];
      }
      if (bound.at > latest) {
        return [
          `${stmt.label}: allows ${what} until ${bound.value}, more than ${config.maxDays} days ahead: end it no later than ${day(latest)}.`,
        ];
      }
      return [];
    },
  });
}

export const requireGrantExpiry = requireGrantExpiryPolicy();
