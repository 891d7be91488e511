// What the Pulumi engine does with a policy's configSchema before any policy runs
// (pkg/resource/analyzer/config.go, validatePolicyConfig): it validates the policy's properties
// against `{ type: "object", properties, required }` with a JSON Schema validator (gojsonschema,
// draft-07). Here with ajv, so tests see exactly which values the engine refuses and why.
import Ajv from "ajv";
import type { Policy, PolicyConfigSchema } from "@pulumi/policy";

const ajv = new Ajv({ allErrors: true, strict: false });

/** The engine's refusals of `props` for `policy`: `<path>: <message>` lines, none when accepted. */
export function engineConfigErrors(policy: Policy, props: Record<string, unknown>): string[] {
  const schema: Partial<PolicyConfigSchema> = policy.configSchema ?? {};
  const validate = ajv.compile({
    type: "object",
    properties: schema.properties ?? {},
    ...(schema.required?.length ? { required: schema.required } : {}),
  });
  if (validate(props)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath}: ${e.message}`);
}
