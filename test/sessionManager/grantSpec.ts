// One Session Manager grant as the document builder takes it, for tests: a user of the
// Session Manager console in us-east-1 on one instance with the default shell, no session key.
// Each test overrides what it is about.
import type { SessionGrantSpec } from "../../documents/sessionManager";

export function sessionGrantSpec(overrides: Partial<SessionGrantSpec> = {}): SessionGrantSpec {
  return {
    role: "user",
    clients: ["session-manager"],
    identity: "iam-user",
    target: { kind: "instanceIds", instanceIds: ["i-0598c7d356eba48d7"] },
    regions: ["us-east-1"],
    documentName: "SSM-SessionManagerRunShell",
    sessionKeyArns: [],
    ...overrides,
  };
}
