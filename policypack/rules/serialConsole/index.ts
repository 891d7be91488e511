import type { Policies } from "@pulumi/policy";
import { requireSerialConsoleInstanceScope } from "./require-serial-console-instance-scope";
import { restrictSerialConsoleAccountSetting } from "./restrict-serial-console-account-setting";
import { restrictSerialConsoleAdminActions } from "./restrict-serial-console-admin-actions";

export { requireSerialConsoleInstanceScope, restrictSerialConsoleAccountSetting, restrictSerialConsoleAdminActions };

export const serialConsoleRules: Policies = [
  requireSerialConsoleInstanceScope,
  restrictSerialConsoleAccountSetting,
  restrictSerialConsoleAdminActions,
];
