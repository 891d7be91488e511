// The EC2 declarative policy (AWS Organizations, type DECLARATIVE_POLICY_EC2) that sets the
// serial console's account access in every account it is attached to, as the AWS Organizations
// User Guide's "Declarative policy syntax and examples" (Serial Console Access) defines its
// contents. Unlike an SCP it also binds the management account's members' own setting: an
// account under it reads ManagedBy `declarative-policy` and cannot enable or disable access.

export type SerialConsoleStatus = "enabled" | "disabled";

export interface Ec2DeclarativePolicy {
  ec2_attributes: { serial_console_access: { status: { "@@assign": SerialConsoleStatus } } };
}

/** `{"ec2_attributes":{"serial_console_access":{"status":{"@@assign":"<status>"}}}}` */
export function serialConsoleDeclarativePolicy(status: SerialConsoleStatus): Ec2DeclarativePolicy {
  return { ec2_attributes: { serial_console_access: { status: { "@@assign": status } } } };
}

/** A stack as the cross-stack check sees it. */
export interface SerialConsoleSetter {
  stack: string;
  accountId?: string;
  /** The stack's serial console accountAccess, when it has the section. */
  accountAccess?: "enabled" | "disabled" | "unmanaged";
  /** Targets of the stack's own serialConsoleDeclarativePolicy, when it has one. */
  declarativeTargetIds?: string[];
}

/**
 * A stack whose account a declarative policy governs cannot change the setting (EC2 refuses
 * Enable/DisableSerialConsoleAccess under it), so it must leave it alone: accountAccess
 * unmanaged. Only targets that are account IDs can be matched offline (an OU's members are
 * known to Organizations only); one message per such stack.
 */
export function declarativePolicyConflicts(stacks: SerialConsoleSetter[]): string[] {
  const governed = new Map<string, string>();
  for (const s of stacks) for (const t of s.declarativeTargetIds ?? []) if (/^\d{12}$/.test(t)) governed.set(t, s.stack);
  return stacks
    .filter(
      (s) => s.accountId !== undefined && governed.has(s.accountId) && s.accountAccess !== undefined && s.accountAccess !== "unmanaged",
    )
    .map(
      (s) =>
        `Pulumi.${s.stack}.yaml: ec2-access:serialConsole.accountAccess: got ${JSON.stringify(s.accountAccess)}; expected unmanaged: ` +
        `account ${s.accountId} is a target of the serial console declarative policy of stack ${governed.get(s.accountId!)}, under which EC2 refuses to change the setting`,
    );
}
