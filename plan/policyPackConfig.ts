// The policy pack config (`pulumi preview --policy-pack-config <file>`, or
// policypack/config/<stack>.json) checked as the Pulumi engine checks it before any policy runs
// (pulumi/pulumi pkg/resource/analyzer/config.go: parsePolicyPackConfig, extractEnforcementLevel,
// ReconcilePolicyPackConfig, validatePolicyConfig):
//   - empty text (or `null`) is no config; otherwise a JSON object;
//   - each value is an enforcement level, or an object whose optional `enforcementLevel` is one;
//     the levels are exactly advisory | mandatory | remediate | disabled (no other spelling);
//   - each policy's properties, after its schema defaults are filled in, must satisfy
//     `{ type: "object", properties, required }` built from its configSchema (gojsonschema there,
//     ajv here).
// Two checks are stricter than the engine, which ignores both silently: a key that names no
// policy of the pack, and a property its configSchema does not declare. Either is a typo that
// would leave a policy at its default level or setting while the PR gate looks configured.
import type { default as Ajv, ErrorObject, ValidateFunction } from "ajv";
import type { Policies, PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyPackConfig } from "./policyRunner";
import { closest } from "../config/closest";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

export class PolicyPackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "PolicyPackConfigError";
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function show(v: unknown): string {
  const text = JSON.stringify(v);
  if (text === undefined) return String(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

// ajv is loaded with the first schema to check: check-policy without a config does not pay for it.
let ajv: Ajv | undefined;
const validators = new WeakMap<PolicyConfigSchema, ValidateFunction>();

function validatorOf(schema: PolicyConfigSchema): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    // convertSchema in the engine: only type, properties and required are kept.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
    ajv ??= new (require("ajv") as typeof import("ajv")).default({ allErrors: true, strict: false });
    v = ajv.compile({
      type: "object",
      ...(schema.properties ? { properties: schema.properties } : {}),
      ...(schema.required?.length ? { required: schema.required } : {}),
    });
    validators.set(schema, v);
  }
  return v;
}

/** `/allowedStacks/0` → `.allowedStacks[0]` */
function propertyPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$-]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`))
    .join("");
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const p of pointer.split("/").slice(1))
    v = isObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[p.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  return v;
}

function describe(policy: string, e: ErrorObject, data: unknown): string {
  if (e.keyword === "required") {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return `${policy}${propertyPath(`${e.instancePath}/${missing}`)}: got nothing; expected a value (the policy's configSchema requires it)`;
  }
  const where = propertyPath(e.instancePath);
  const extra = e.keyword === "enum" ? `: one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map(show).join(", ")}` : "";
  return `${policy}${where}: got ${show(valueAt(data, e.instancePath))}; expected a value that satisfies the policy's configSchema (${e.message}${extra})`;
}

const LEVELS = ENFORCEMENT_LEVELS.join(" | ");

function levelProblem(where: string, value: unknown): string | undefined {
  if (typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value)) return undefined;
  const guess = typeof value === "string" ? closest(value, [...ENFORCEMENT_LEVELS]) : undefined;
  return `${where}: got ${show(value)}; expected an enforcement level: ${LEVELS}${guess ? `; did you mean \`${guess}\`?` : ""}`;
}

/**
 * Parses and checks a policy pack config against the policies it configures. Returns undefined
 * for empty text (the engine's "no config"); throws PolicyPackConfigError listing every problem,
 * each naming the policy and the key.
 */
export function parsePolicyPackConfig(text: string, policies: Policies): PolicyPackConfig | undefined {
  if (text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new PolicyPackConfigError([`got text that is not JSON (${(e as Error).message}); expected a JSON object of policy names`]);
  }
  // Go's json.Unmarshal reads `null` into the engine's map as no entries: no config.
  if (parsed === null) return undefined;
  if (!isObject(parsed)) throw new PolicyPackConfigError([`got ${show(parsed)}; expected a JSON object of policy names`]);
  checkPolicyPackConfig(parsed, policies);
  return parsed;
}

/** Throws PolicyPackConfigError unless `config` is valid for `policies`. */
export function checkPolicyPackConfig(config: Record<string, unknown>, policies: Policies): void {
  const problems: string[] = [];
  const byName = new Map(policies.map((p) => [p.name, p]));
  const names = ["all", ...byName.keys()];
  for (const [key, value] of Object.entries(config)) {
    if (key === "environments") {
      // Resolved by the engine from Pulumi ESC; offline nothing can open them.
      if (!Array.isArray(value)) problems.push(`environments: got ${show(value)}; expected a list of ESC environment names`);
      else if (value.some((v) => typeof v !== "string"))
        value.forEach(
          (v, i) => typeof v !== "string" && problems.push(`environments[${i}]: got ${show(v)}; expected an ESC environment name`),
        );
      else
        problems.push(
          `environments: imports ${value.join(", ")}, which cannot be opened offline; expected the policies' settings written in this file`,
        );
      continue;
    }
    if (!byName.has(key) && key !== "all") {
      const guess = closest(key, names);
      problems.push(`${key}: unknown policy; expected "all" or a policy of this pack${guess ? `; did you mean \`${guess}\`?` : ""}`);
      continue;
    }
    if (typeof value === "string") {
      const p = levelProblem(key, value);
      if (p) problems.push(p);
      continue;
    }
    if (!isObject(value)) {
      problems.push(`${key}: got ${show(value)}; expected an enforcement level (${LEVELS}) or an object of settings`);
      continue;
    }
    if ("enforcementLevel" in value) {
      const p = levelProblem(`${key}.enforcementLevel`, value.enforcementLevel);
      if (p) problems.push(p);
    }
    const policy = byName.get(key);
    if (!policy) continue; // "all": the engine reads its level only
    const { enforcementLevel: _level, ...props } = value;
    void _level;
    const declared = Object.keys(policy.configSchema?.properties ?? {});
    for (const prop of Object.keys(props)) {
      if (declared.includes(prop)) continue;
      const guess = closest(prop, declared);
      problems.push(
        `${key}.${prop}: unknown setting; expected ${declared.length ? `one of enforcementLevel, ${declared.join(", ")}` : "only enforcementLevel"}${guess ? `; did you mean \`${guess}\`?` : ""}`,
      );
    }
  }
  // Every policy with a schema is validated, configured or not: a required property without a
  // default fails even when the file does not mention the policy, as in the engine.
  for (const policy of policies) {
    if (!policy.configSchema) continue;
    const entry = config[policy.name];
    const given = isObject(entry) ? Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "enforcementLevel")) : {};
    const defaults = Object.fromEntries(
      Object.entries(policy.configSchema.properties ?? {})
        .filter(([, s]) => isObject(s) && "default" in s)
        .map(([k, s]) => [k, (s as { default: unknown }).default]),
    );
    const data = { ...defaults, ...given };
    const validate = validatorOf(policy.configSchema);
    if (!validate(data)) problems.push(...(validate.errors ?? []).map((e) => describe(policy.name, e, data)));
  }
  if (problems.length) throw new PolicyPackConfigError(problems);
}
