// Guardrails (issue 6, part 2): IAM and Organizations size limits that otherwise fail only at
// deploy time, the tag control that attribute-based access depends on, grants that end, and no
// SSH or RDP open to the internet.
import type { Policies } from "@pulumi/policy";
import { enforceInlinePolicySizePerPrincipal } from "./enforce-inline-policy-size-per-principal";
import { enforceManagedPolicySize } from "./enforce-managed-policy-size";
import { enforceScpSize } from "./enforce-scp-size";
import { requireTagControlForAbac } from "./require-tag-control-for-abac";
import { requireGrantExpiry } from "./require-grant-expiry";
import { disallowPublicSshRdpIngress } from "./disallow-public-ssh-rdp-ingress";

export const guardrailRules: Policies = [
  enforceManagedPolicySize,
  enforceInlinePolicySizePerPrincipal,
  enforceScpSize,
  requireTagControlForAbac,
  requireGrantExpiry,
  disallowPublicSshRdpIngress,
];
