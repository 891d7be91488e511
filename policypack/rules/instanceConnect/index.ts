import type { Policies } from "@pulumi/policy";
import { requireInstanceConnectInstanceScope } from "./require-instance-connect-instance-scope";
import { requireInstanceConnectOsUser } from "./require-instance-connect-os-user";
import { restrictInstanceConnectTunnel } from "./restrict-instance-connect-tunnel";

export { requireInstanceConnectInstanceScope, requireInstanceConnectOsUser, restrictInstanceConnectTunnel };

export const instanceConnectRules: Policies = [
  requireInstanceConnectInstanceScope,
  requireInstanceConnectOsUser,
  restrictInstanceConnectTunnel,
];
