// Reads a policy pack config file (the `--policy-pack-config` format of `pulumi preview`).
import * as fs from "node:fs";
import { ConfigError } from "../config/load";
import { PolicyPackConfig } from "../plan/policyRunner";

export function readPolicyConfig(file: string): PolicyPackConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError([`${file}: cannot read the policy pack config (${(e as Error).message})`]);
  }
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("expected a JSON object of policy names");
    return parsed as PolicyPackConfig;
  } catch (e) {
    throw new ConfigError([`${file}: not a policy pack config: ${(e as Error).message}`]);
  }
}
