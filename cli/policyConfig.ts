// Reads a policy pack config file (the `--policy-pack-config` format of `pulumi preview`) and
// validates it the way the engine does before any policy runs: each policy's entry against the
// policy's configSchema (JSON Schema draft-07; the engine uses gojsonschema), so that a config
// the engine would refuse is refused here too, naming the policy, the key and the value.
import * as fs from "node:fs";
import Ajv from "ajv";
import type { Policies } from "@pulumi/policy";
import { ConfigError } from "../config/load";
import { PolicyPackConfig } from "../plan/policyRunner";
import { policies as packPolicies } from "../policypack/policies";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

type PropertySchema = { description?: string };

function at(value: unknown, pointer: string): unknown {
  let v = value;
  for (const part of pointer.split("/").slice(1)) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/** Every problem of `config` against the pack's policies, as `<policy>.<key>[i] ...: why` lines. */
export function policyConfigProblems(config: PolicyPackConfig, policies: Policies = packPolicies): string[] {
  const problems: string[] = [];
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const p of policies) {
    const entry = config[p.name];
    if (entry === undefined) continue;
    if (typeof entry === "string") {
      if (!LEVELS.includes(entry)) problems.push(`${p.name}: ${JSON.stringify(entry)} is not an enforcement level (${LEVELS.join(", ")})`);
      continue;
    }
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      problems.push(`${p.name}: must be an enforcement level or an object of settings, not ${JSON.stringify(entry)}`);
      continue;
    }
    const { enforcementLevel, ...props } = entry as Record<string, unknown>;
    if (enforcementLevel !== undefined && !LEVELS.includes(enforcementLevel as string)) {
      problems.push(`${p.name}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level (${LEVELS.join(", ")})`);
    }
    const properties = (p.configSchema?.properties ?? {}) as Record<string, PropertySchema>;
    const validate = ajv.compile({ type: "object", properties, required: p.configSchema?.required ?? [] });
    if (validate(props)) continue;
    for (const err of validate.errors ?? []) {
      const path = err.instancePath.split("/").slice(1);
      const where = path.map((k, i) => (i > 0 && /^\d+$/.test(k) ? `[${k}]` : i > 0 ? `.${k}` : k)).join("");
      const value = at(props, err.instancePath);
      const described = path.length > 0 ? properties[path[0]]?.description : undefined;
      problems.push(
        `${p.name}${where ? `.${where}` : ""}${value === undefined ? "" : ` = ${JSON.stringify(value)}`}: ${err.message ?? "is invalid"}${described ? ` (${described})` : ""}`,
      );
    }
  }
  return problems;
}

/** A policy pack config the engine would refuse; a ConfigError, so the commands exit 2. */
export class PolicyConfigError extends ConfigError {
  constructor(problems: string[]) {
    super(problems);
    this.message = `invalid policy pack config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`;
  }
}

export function readPolicyConfig(file: string, policies: Policies = packPolicies): PolicyPackConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError([`${file}: cannot read the policy pack config (${(e as Error).message})`]);
  }
  let parsed: PolicyPackConfig;
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error("expected a JSON object of policy names");
    parsed = json as PolicyPackConfig;
  } catch (e) {
    throw new ConfigError([`${file}: not a policy pack config: ${(e as Error).message}`]);
  }
  const problems = policyConfigProblems(parsed, policies);
  if (problems.length > 0) throw new PolicyConfigError(problems.map((p) => `${file}: ${p}`));
  return parsed;
}
