// The pack's own `validateResourceOfType` (policypack/lib/resourceTypes.ts) against
// @pulumi/policy's: same calls to the rule, same "not applicable" reason, same type mark.
import assert from "node:assert/strict";
import * as policy from "@pulumi/policy";
import type { ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { AwsTypes, validateResourceOfType } from "../../../policypack/lib/resourceTypes";

/** What a validation did with a resource of type `type`: the rule's calls and the not-applicable reasons. */
function observe(make: (validate: (props: unknown, args: ResourceValidationArgs) => void) => ResourceValidation, type: string) {
  const seen: { validated: unknown[]; notApplicable: (string | undefined)[] } = { validated: [], notApplicable: [] };
  const fn = make((props, args) => void seen.validated.push([props, args.urn]));
  const props = { name: "p", policy: "{}" };
  const args = {
    type,
    props,
    urn: `urn:pulumi:dev::proj::${type}::p`,
    name: "p",
    opts: {},
    isType: (cls: { __pulumiType?: string }) => cls.__pulumiType === type,
    asType: () => undefined,
    getConfig: () => ({}),
    notApplicable: (reason?: string) => void seen.notApplicable.push(reason),
  } as unknown as ResourceValidationArgs;
  void fn(args, () => undefined);
  return { ...seen, mark: (fn as { __pulumiType?: string }).__pulumiType };
}

describe("policypack/lib validateResourceOfType", () => {
  for (const type of ["aws:iam/policy:Policy", "aws:iam/role:Role"]) {
    it(`does what @pulumi/policy's does with a resource of type ${type}`, () => {
      const ours = observe((v) => validateResourceOfType(AwsTypes.iamPolicy, v), type);
      const theirs = observe((v) => policy.validateResourceOfType(AwsTypes.iamPolicy, v), type);
      assert.deepEqual(ours, theirs);
      assert.equal(ours.mark, "aws:iam/policy:Policy");
      assert.equal(ours.validated.length + ours.notApplicable.length, 1);
    });
  }
});
