// The package root (docs/components.md): the four components, their args types and the
// document builders, for another Pulumi program (`import { InstanceConnectAccess } from
// "ec2-access"`). It is also the entry Pulumi's component analyzer starts from when the package
// is used from another language (PulumiPlugin.yaml, provider.ts): every component it can serve
// is exported here. Nothing here runs a program; that is main.ts.
export * from "./components";

// Document builders: the IAM, SCP and SSM documents the components create, as plain values.
export type { PolicyDocument, Statement } from "./documents/policyDocument";
export type { ArnScope } from "./documents/arn";
export { serialConsoleAdminDocument, serialConsoleGrantDocument } from "./documents/serialConsole";
export type { SerialConsoleGrantSpec } from "./documents/serialConsole";
export { instanceConnectDocument } from "./documents/instanceConnect";
export type { InstanceConnectGrantSpec } from "./documents/instanceConnect";
export { sessionGrantDocument } from "./documents/sessionManager";
export type { SessionGrantSpec } from "./documents/sessionManager";
export { sessionKeyPolicy, sessionPreferencesContent } from "./documents/sessionPreferences";
export type { PreferencesContentSpec } from "./documents/sessionPreferences";
export { ec2TrustPolicy, sessionDataAccessDocument } from "./documents/instanceProfile";
export type { SessionDataAccessSpec } from "./documents/instanceProfile";
export { osPasswordCommandDocument, osPasswordReadDocument } from "./documents/osPassword";
export { serialConsoleScpDocument } from "./documents/serviceControlPolicy";
