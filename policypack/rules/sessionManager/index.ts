// Session Manager rules (issue 6, part 2): who may start sessions on which instances with which
// document, who may end or resume which sessions, and what the session preferences enforce.
import type { Policies } from "@pulumi/policy";
import { requireRunCommandScope } from "./require-run-command-scope";
import { requireSessionDocumentAccessCheck } from "./require-session-document-access-check";
import { requireSessionInstanceScope } from "./require-session-instance-scope";
import { requireSessionPreferencesEncryptionAndLogging } from "./require-session-preferences-encryption-and-logging";
import { restrictSessionIdleTimeout } from "./restrict-session-idle-timeout";
import { restrictSessionTermination } from "./restrict-session-termination";

export const sessionManagerRules: Policies = [
  requireSessionInstanceScope,
  requireSessionDocumentAccessCheck,
  restrictSessionTermination,
  requireSessionPreferencesEncryptionAndLogging,
  restrictSessionIdleTimeout,
  requireRunCommandScope,
];
