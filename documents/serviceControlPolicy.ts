// The organisation-level guardrail of seed 000/001 ("Organization level"): an SCP that keeps
// serial console off in every account of the targets except the listed ones.
//
// The exception is on aws:PrincipalAccount, not aws:ResourceAccount:
// - an SCP only ever restricts principals of the accounts it is attached to, so "which account
//   is this caller in" is exactly the question it can answer;
// - aws:PrincipalAccount is in the context of every signed request, whereas
//   ec2:EnableSerialConsoleAccess has no resource at all (Resource "*"), so the resource account
//   would be the only thing the deny hangs on for half of its actions;
// - EC2 has no resource policies, so a principal cannot reach another account's instance
//   serial console: for SendSerialConsoleSSHPublicKey both keys name the same account.
import type { PolicyDocument, Statement } from "./policyDocument";
import { policyDocument, policySize, statement } from "./policyDocument";

/** AWS Organizations' size limit for a service control policy, in characters. */
export const SCP_MAX_CHARACTERS = 5120;

export const SERIAL_CONSOLE_SCP_ACTIONS = ["ec2:EnableSerialConsoleAccess", "ec2-instance-connect:SendSerialConsoleSSHPublicKey"];

export function serialConsoleScpDocument(exceptAccountIds: string[]): PolicyDocument {
  const deny: Statement = statement({
    sid: "DenySerialConsoleOutsideExceptedAccounts",
    effect: "Deny",
    actions: SERIAL_CONSOLE_SCP_ACTIONS,
    resources: ["*"],
    conditions: exceptAccountIds.length > 0 ? { StringNotEquals: { "aws:PrincipalAccount": exceptAccountIds } } : undefined,
  });
  const doc = policyDocument([deny]);
  const size = policySize(doc);
  if (size > SCP_MAX_CHARACTERS) {
    throw new Error(
      `serial console SCP: ${size} characters with ${exceptAccountIds.length} excepted accounts; ` +
        `AWS Organizations accepts at most ${SCP_MAX_CHARACTERS}. ` +
        "Attach the SCP to the OUs that must not use the serial console instead of listing that many exceptions.",
    );
  }
  return doc;
}
