// The metadata every rule must carry (pulumi/compliance-policies style), asserted in one place.
import assert from "node:assert/strict";
import type { EnforcementLevel, Policies, ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";

export interface ExpectedMetadata {
  name: string;
  severity: Severity;
  enforcementLevel: EnforcementLevel;
  /** Config keys the schema must declare. */
  configKeys: string[];
}

/** Asserts the rule's metadata and that the pack lists it exactly once. */
export function assertMetadata(rule: ResourceValidationPolicy | StackValidationPolicy, expected: ExpectedMetadata): void {
  assert.equal(rule.name, expected.name);
  assert.match(rule.name, /^(disallow|enforce|require|restrict|configure)-[a-z0-9-]+$/);
  assert.ok(rule.description.length > 20, "description");
  assert.ok((rule.remediationSteps ?? "").length > 20, "remediationSteps");
  assert.equal(rule.severity, expected.severity);
  assert.equal(rule.enforcementLevel, expected.enforcementLevel);
  // Every policy also takes `exemptions` (policypack/lib/exemptions.ts), added where the pack lists it.
  const keys = Object.keys(rule.configSchema?.properties ?? {});
  assert.ok(keys.includes("exemptions"), `${rule.name} takes exemptions`);
  assert.deepEqual(keys.filter((k) => k !== "exemptions").sort(), [...expected.configKeys].sort());
  const listed = (policies as Policies).filter((p) => p.name === rule.name);
  assert.equal(listed.length, 1, `${rule.name} is listed once in policypack/policies.ts`);
  assert.equal(listed[0], rule);
}
