// `ec2-access plan`: the offline plan of one stack.
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError, UsageError } from "./errors";
import type { Io } from "./args";
import { oneOf, parse } from "./args";
import { readInputFile } from "./inputFile";
import { planStack } from "../plan/run";
import { renderText } from "../plan/format/text";
import { renderMarkdown } from "../plan/format/markdown";
import { ConfigError, loadStackConfig } from "../config/load";
import { flattenConfig, readStackFile } from "../config/stackFile";
import { withEnvironmentValues } from "../config/environmentValues";
import { policies } from "../policypack/policies";
import { readPolicyConfig } from "./policyConfig";
import { checkAgainstSiblings, stackNames } from "../config/stackSet";
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
    "environment-values": { type: "string", multiple: true },
    format: { type: "string" },
    "account-id": { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const stack = values.stack as string | undefined;
  if (!stack) throw new UsageError("--stack is required");
  // Pulumi's rule for stack names; it also keeps the name from reaching outside the project folder.
  if (!/^[A-Za-z0-9_.-]+$/.test(stack) || /^\.+$/.test(stack))
    throw new UsageError(
      `--stack: got ${JSON.stringify(stack)}; expected a stack name of letters, digits, hyphens, underscores and periods`,
    );
  const format = oneOf("format", values.format as string | undefined, ["text", "json", "markdown", "sarif"] as const, "text");
  const accountId = values["account-id"] as string | undefined;
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    throw new UsageError(`--account-id: got ${JSON.stringify(accountId)}; expected 12 digits`);

  const dir = projectDir(io.cwd);
  const stackFile = values.config ? path.resolve(io.cwd, values.config as string) : path.join(dir, `Pulumi.${stack}.yaml`);
  if (!values.config && !fs.existsSync(stackFile)) {
    const stacks = stackNames(dir);
    throw new InputError([
      `${stackFile}: no such stack file; ${stacks.length ? `the stacks of this project are ${stacks.join(", ")}` : "this project has no stack file yet"}`,
    ]);
  }
  const policyConfigFile = values["policy-config"]
    ? path.resolve(io.cwd, values["policy-config"] as string)
    : [path.join(dir, "policypack", "config", `${stack}.json`)].find((f) => fs.existsSync(f));

  // Every problem of every input at once: the stack (file, ESC values, configuration, rules
  // across stacks) and the policy pack config are checked independently.
  const problems: string[] = [];
  const collect = <T>(step: () => T): T | undefined => {
    try {
      return step();
    } catch (e) {
      if (e instanceof ConfigError) problems.push(e.message);
      else if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
      return undefined;
    }
  };
  const raw = collect(() => {
    const file = readStackFile(stackFile);
    const environmentValues = ((values["environment-values"] as string[] | undefined) ?? []).map((f) => ({
      source: f,
      text: readInputFile(path.resolve(io.cwd, f), f, "a JSON file of resolved ESC values (`esc env open <env> --format json`)"),
    }));
    const merged = withEnvironmentValues(stackFile, file.raw, file.environments, environmentValues);
    // Validated here as well as in planStack: the rules across stacks need this stack's values,
    // whether they come from its own file or from --config.
    const config = loadStackConfig(flattenConfig(merged).config, stack);
    const skipped = checkAgainstSiblings(stack, dir, config);
    for (const s of skipped)
      io.stderr(`ec2-access: warning: Pulumi.${s}.yaml is left out of the rules across stacks (its own plan reports why)\n`);
    return merged;
  });
  const policyConfig = collect(() => (policyConfigFile ? readPolicyConfig(policyConfigFile, policies) : undefined));
  if (problems.length || raw === undefined) throw new InputError(problems);
  const plan = await planStack({ stack, config: raw, accountId, policyConfig });
  if (format === "sarif")
    io.stdout(
      sarifText(plan.violations, {
        uri: sarifUri(io.cwd, stackFile),
        stackUrn: plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn,
      }),
    );
  else
    io.stdout(format === "json" ? JSON.stringify(plan, null, 2) + "\n" : format === "markdown" ? renderMarkdown(plan) : renderText(plan));
  return plan.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}
