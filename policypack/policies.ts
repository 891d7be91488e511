// Every policy of the pack, in one list. Tests, the offline plan and `check-policy` import this
// module; only index.ts constructs the PolicyPack (which starts a gRPC server). Each policy takes
// `exemptions` in its config (lib/exemptions.ts).
import type { Policies } from "@pulumi/policy";
import { withExemptions } from "./lib/exemptions";
import { serialConsoleRules } from "./rules/serialConsole";
import { instanceConnectRules } from "./rules/instanceConnect";
import { sessionManagerRules } from "./rules/sessionManager";
import { guardrailRules } from "./rules/guardrails";
import { hygieneRules } from "./rules/hygiene";

export const policies: Policies = [
  ...serialConsoleRules,
  ...instanceConnectRules,
  ...sessionManagerRules,
  ...guardrailRules,
  ...hygieneRules,
].map((p) => withExemptions(p));
