// The three access patterns and the organisation guardrails, once: the stack-config section
// key, the pattern's name (resource names, IAM policy names, the access table, tags), the action
// that connects, and the component's class name and Pulumi type token. The components, the
// configuration checks, the plan's evaluation and report order, the audit and the tests read
// this table, so a pattern is named the same everywhere.
//
// Type tokens are part of every resource's URN: changing one moves every child of the component
// (a replacement in the engine's eyes) unless the component is given `aliases: [{ type: <old> }]`.

export const SEND_SERIAL_CONSOLE_KEY = "ec2-instance-connect:SendSerialConsoleSSHPublicKey";
export const SEND_SSH_PUBLIC_KEY = "ec2-instance-connect:SendSSHPublicKey";
export const START_SESSION = "ssm:StartSession";

export const ACCESS_PATTERNS = [
  {
    section: "serialConsole",
    pattern: "serial-console",
    connectAction: SEND_SERIAL_CONSOLE_KEY,
    component: "SerialConsoleAccess",
    type: "ec2-access:access:SerialConsoleAccess",
  },
  {
    section: "instanceConnect",
    pattern: "instance-connect",
    connectAction: SEND_SSH_PUBLIC_KEY,
    component: "InstanceConnectAccess",
    type: "ec2-access:access:InstanceConnectAccess",
  },
  {
    section: "sessionManager",
    pattern: "session-manager",
    connectAction: START_SESSION,
    component: "SessionManagerAccess",
    type: "ec2-access:access:SessionManagerAccess",
  },
] as const;

export type AccessPatternRow = (typeof ACCESS_PATTERNS)[number];
/** A section of the stack config that holds grants. */
export type GrantSection = AccessPatternRow["section"];
/** A pattern's name: `serial-console`, `instance-connect`, `session-manager`. */
export type AccessPattern = AccessPatternRow["pattern"];

export const GRANT_SECTIONS: readonly GrantSection[] = ACCESS_PATTERNS.map((p) => p.section);

/** The organisation guardrails: a section without grants, in the management account's stack. */
export const ORGANIZATION = {
  section: "organization",
  component: "OrganizationGuardrails",
  type: "ec2-access:organization:OrganizationGuardrails",
} as const;

/** Every component type of an access pattern starts with this (the plan collects their access rows). */
export const ACCESS_TYPE_PREFIX = "ec2-access:access:";

/** The table's row of a section. */
export function accessPattern<S extends GrantSection>(section: S): Extract<AccessPatternRow, { section: S }> {
  return ACCESS_PATTERNS.find((p) => p.section === section) as Extract<AccessPatternRow, { section: S }>;
}

export function patternOfSection(section: GrantSection): AccessPattern {
  return accessPattern(section).pattern;
}

/**
 * The serial console's admin policy is made like a grant named `admins` (its IAM policy and
 * Pulumi resources carry that name), so no serial console grant may take the name.
 */
export const ADMIN_GRANT_NAME = "admins";
