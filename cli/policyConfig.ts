// Reads a policy pack config file (the `--policy-pack-config` format of `pulumi preview`) and
// checks it as the engine does (plan/policyPackConfig.ts): a wrong file is bad input, exit 2.
import type { Policies } from "@pulumi/policy";
import { InputError } from "./errors";
import { readInputFile } from "./inputFile";
import type { PolicyPackConfig } from "../plan/policyRunner";
import { parsePolicyPackConfig, PolicyPackConfigError } from "../plan/policyPackConfig";

export function readPolicyConfig(file: string, policies: Policies, shown = file): PolicyPackConfig | undefined {
  const text = readInputFile(file, shown, "a policy pack config file (JSON)");
  try {
    return parsePolicyPackConfig(text, policies);
  } catch (e) {
    if (e instanceof PolicyPackConfigError) throw new InputError(e.problems.map((p) => `${shown}: ${p}`));
    throw e;
  }
}
