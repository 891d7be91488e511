// `ec2-access plan`: the offline plan of one stack.
import * as fs from "node:fs";
import * as path from "node:path";
import { Io, UsageError, oneOf, parse } from "./main";
import { planStack } from "../plan/run";
import { renderText } from "../plan/format/text";
import { renderMarkdown } from "../plan/format/markdown";
import { ConfigError } from "../config/load";
import { readStackFile } from "../config/stackFile";
import { readPolicyConfig } from "./policyConfig";
import { checkAgainstSiblings } from "../config/stackSet";
import { sarifText, sarifUri } from "./sarif";

/** The folder holding Pulumi.yaml: the current one or the nearest above it. */
export function projectDir(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) throw new UsageError(`no Pulumi.yaml in ${from} or any folder above it`);
  }
}

export async function runPlanCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    stack: { type: "string" },
    config: { type: "string" },
    "policy-config": { type: "string" },
    format: { type: "string" },
    "account-id": { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const stack = values.stack as string | undefined;
  if (!stack) throw new UsageError("--stack is required");
  const format = oneOf("format", values.format as string | undefined, ["text", "json", "markdown", "sarif"] as const, "text");
  const accountId = values["account-id"] as string | undefined;
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new UsageError(`--account-id: got ${JSON.stringify(accountId)}; expected 12 digits`);

  const dir = projectDir(io.cwd);
  const stackFile = values.config ? path.resolve(io.cwd, values.config as string) : path.join(dir, `Pulumi.${stack}.yaml`);
  const policyConfigFile = values["policy-config"]
    ? path.resolve(io.cwd, values["policy-config"] as string)
    : [path.join(dir, "policypack", "config", `${stack}.json`)].find((f) => fs.existsSync(f));

  try {
    const { raw } = readStackFile(stackFile);
    // Only for the project's own stacks: a --config file stands alone.
    if (!values.config) checkAgainstSiblings(stack, dir);
    const policyConfig = policyConfigFile ? readPolicyConfig(policyConfigFile) : undefined;
    const plan = await planStack({ stack, config: raw, accountId, policyConfig });
    if (format === "sarif") io.stdout(sarifText(plan.violations, { uri: sarifUri(io.cwd, stackFile), stackUrn: plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn }));
    else io.stdout(format === "json" ? JSON.stringify(plan, null, 2) + "\n" : format === "markdown" ? renderMarkdown(plan) : renderText(plan));
    return plan.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`ec2-access: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
