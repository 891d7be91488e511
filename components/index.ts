// The components' public API, for programs that use them as a library (components.md): the four
// components under stable names, their args types, and the error they refuse bad args with.
// Type tokens (model/patterns.ts) are part of every URN; a renamed one needs `aliases`.
export { SerialConsoleAccess } from "./serialConsole";
export { InstanceConnectAccess } from "./instanceConnect";
export { SessionManagerAccess } from "./sessionManager";
export { OrganizationGuardrails } from "./organization";
export { AccessAlerts } from "./alerts";
export { NetworkAccess } from "./network";
export { GrantPacker, PackedGrantPolicies } from "./packedGrants";
export type { SerialConsoleAccessArgs, GrantArgs, PrincipalsArgs, OsPasswordArgs } from "./serialConsoleArgs";
export type { InstanceConnectAccessArgs, InstanceConnectGrantArgs, InstanceConnectEndpointArgs } from "./instanceConnectArgs";
export type { SessionManagerAccessArgs, SessionManagerGrantArgs, SessionPreferencesArgs } from "./sessionManagerArgs";
export type { OrganizationGuardrailsArgs, SerialConsoleDeclarativePolicyArgs, SerialConsoleScpArgs } from "./organizationArgs";
export type { AccessAlertsArgs, AlertEventArg } from "./alertsArgs";
export type { NetworkAccessArgs, NetworkServiceArg, VpcEndpointsArgs } from "./networkArgs";
export type { StackArgs } from "../model/stack";
export type { TargetKeys } from "../model/target";
export { ComponentArgsError } from "./checkArgs";
