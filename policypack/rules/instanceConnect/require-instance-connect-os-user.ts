// Compliant: every Allow of ec2-instance-connect:SendSSHPublicKey holds only under an ec2:osuser
// condition that names OS users explicitly, none of them forbidden. The Instance Connect page
// lists the ec2:osuser condition among what the policy "must" grant; without it, a key can be
// pushed for any OS user, root included.
import { documentPolicy, grantPhrase, hasWildcard, SEND_SSH_KEY, statementGrants } from "../../lib";
import type { NormalCondition } from "../../lib";

// Operators that allow only the listed users. Negations, `...IfExists` (true without the key)
// and `ForAllValues:` (true when the key is absent) name no one.
const POSITIVE = /^(ForAnyValue:)?String(Equals|EqualsIgnoreCase|Like)$/i;

function isOsUser(c: NormalCondition): boolean {
  return c.key.toLowerCase() === "ec2:osuser";
}

export const requireInstanceConnectOsUser = documentPolicy({
  name: "require-instance-connect-os-user",
  description:
    "Allows of ec2-instance-connect:SendSSHPublicKey must carry an ec2:osuser condition (StringEquals) that names OS users explicitly, without wildcards or policy variables, and none of the forbidden users.",
  remediationSteps:
    'Add "Condition": {"StringEquals": {"ec2:osuser": ["ec2-user"]}} (the AMI\'s default user: ec2-user on Amazon Linux, ubuntu on Ubuntu) ' +
    "to the statement that allows ec2-instance-connect:SendSSHPublicKey, and remove forbidden users such as root.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      forbiddenOsUsers: {
        type: "array",
        items: { type: "string" },
        default: ["root"],
        description: 'OS users no policy may name in ec2:osuser (compared without regard to letter case). Default: ["root"].',
      },
    },
  },
  defaults: { forbiddenOsUsers: ["root"] },
  checkStatement(stmt, { config }) {
    if (stmt.effect !== "Allow" || !statementGrants(stmt, SEND_SSH_KEY)) return [];
    const grant = grantPhrase(stmt, SEND_SSH_KEY);
    const osUserConditions = stmt.conditions.filter(isOsUser);
    const positive = osUserConditions.filter((c) => POSITIVE.test(c.operator) && c.values.length > 0);
    const out: string[] = [];
    if (positive.length === 0) {
      const seen = osUserConditions.length ? ` (only ${osUserConditions.map((c) => c.operator).join(", ")}, which name no user)` : "";
      return [
        `${stmt.label} allows ${grant} without an ec2:osuser condition${seen}: the key can be pushed for any OS user, root included. ` +
          `Fix: add "Condition": {"StringEquals": {"ec2:osuser": ["<user>"]}} with the AMI's default user (ec2-user, ubuntu).`,
      ];
    }
    for (const c of positive) {
      const vague = c.values.filter((v) => hasWildcard(v) || v.includes("${"));
      if (vague.length > 0) {
        out.push(
          `${stmt.label} allows ${grant} with ${c.operator} ec2:osuser ${JSON.stringify(vague)}, which is not an explicit user: a wildcard or a policy variable ` +
            `lets the caller choose the OS user. Fix: list the OS users by name with StringEquals.`,
        );
      }
      const forbidden = config.forbiddenOsUsers.map((f) => f.toLowerCase());
      const named = c.values.filter((v) => forbidden.includes(v.toLowerCase()));
      if (named.length > 0) {
        out.push(
          `${stmt.label} allows ${grant} as OS user ${named.map((n) => JSON.stringify(n)).join(", ")}, which forbiddenOsUsers forbids. ` +
            `Fix: remove ${named.map((n) => JSON.stringify(n)).join(", ")} from ec2:osuser and connect as an unprivileged user.`,
        );
      }
    }
    return out;
  },
});
