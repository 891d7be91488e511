// The args of AccessAlerts: the `ec2-access:alerts` section of the stack config
// (docs/contracts/stack-config.md, "Additions"), same keys, plus `stack`.
import type { StackArgs } from "../model/stack";

export type AlertEventArg = "serial-console" | "instance-connect" | "session-manager" | "account-setting";

export interface AccessAlertsArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** `create` (a KMS-encrypted topic in the stack's `region`), or the ARN of an SNS topic of the stack's account. Default create. */
  topic?: string;
  /** E-mail addresses subscribed to a created topic (each confirms by e-mail). Refused with an existing topic. */
  email?: string[];
  /** The access events to alert on. Default: all four. */
  events?: AlertEventArg[];
}
