// The args of OrganizationGuardrails: the `ec2-access:organization` section of the stack config
// (docs/contracts/stack-config.md), same keys, plus `stack`. Only in the management account's stack.
import type { StackArgs } from "../model/stack";

/** A service control policy that denies the serial console everywhere but the excepted accounts. */
export interface SerialConsoleScpArgs {
  /** `deny`, the only effect. */
  effect?: "deny";
  /** The SCP's name, 1-128 characters. Default deny-serial-console. */
  name?: string;
  /** Roots (r-...), OUs (ou-...-...) or account IDs the SCP is attached to. At least one. */
  targetIds: string[];
  /** Accounts that keep the serial console. */
  exceptAccountIds?: string[];
}

export interface OrganizationGuardrailsArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** The serial console SCP. */
  serialConsoleScp?: SerialConsoleScpArgs;
}
