// A custom resource as the plan records it (plan/capture.ts): one builder for the tests that hand
// registrations to the policy runner directly, instead of a copy of this object literal in each.
import type { Registration } from "../../plan/capture";

/** `values` are both its inputs and its outputs; `stack` and `project` make its URN. */
export function customRegistration(
  type: string,
  name: string,
  values: Record<string, unknown>,
  where: { stack?: string; project?: string } = {},
): Registration {
  return {
    urn: `urn:pulumi:${where.stack ?? "dev"}::${where.project ?? "ec2-access"}::${type}::${name}`,
    type,
    name,
    custom: true,
    parent: null,
    dependencies: [],
    provider: null,
    importId: null,
    protect: false,
    inputs: values,
    outputs: values,
    secretKeys: [],
  };
}
