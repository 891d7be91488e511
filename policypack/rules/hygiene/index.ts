import type { Policies } from "@pulumi/policy";
import { disallowAllowNotAction } from "./disallow-allow-not-action";
import { disallowUnknownAccessActions } from "./disallow-unknown-access-actions";
import { disallowUnsupportedConditionKeys } from "./disallow-unsupported-condition-keys";
import { requireReadablePolicyDocument } from "./require-readable-policy-document";

export { disallowAllowNotAction, disallowUnknownAccessActions, disallowUnsupportedConditionKeys, requireReadablePolicyDocument };

export const hygieneRules: Policies = [
  disallowUnknownAccessActions,
  disallowUnsupportedConditionKeys,
  disallowAllowNotAction,
  requireReadablePolicyDocument,
];
