// `ec2-access check-policy`: the pack's document rules on one raw policy document.
import * as path from "node:path";
import { InputError, UsageError } from "./errors";
import type { Io } from "./args";
import { oneOf, parse } from "./args";
import { readInputFile } from "./inputFile";
import { checkPolicy, NotAPolicyDocument } from "../plan/checkPolicy";
import { readPolicyConfig } from "./policyConfig";
import { policies } from "../policypack/policies";
import { sarifText, sarifUri } from "./sarif";

export async function runCheckPolicyCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    kind: { type: "string" },
    "policy-config": { type: "string" },
    format: { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError("check-policy takes one document: a file path, or - for standard input");
  const kind = oneOf("kind", values.kind as string | undefined, ["identity", "scp"] as const, "identity");
  const format = oneOf("format", values.format as string | undefined, ["text", "json", "sarif"] as const, "text");
  const source = positionals[0];
  try {
    const text = source === "-" ? await io.stdin() : readInputFile(path.resolve(io.cwd, source), source, "a policy document file");
    const config = values["policy-config"]
      ? readPolicyConfig(path.resolve(io.cwd, values["policy-config"] as string), policies, values["policy-config"] as string)
      : undefined;
    const violations = await checkPolicy(text, kind, policies, config);
    if (format === "json") io.stdout(JSON.stringify(violations, null, 2) + "\n");
    else if (format === "sarif") io.stdout(sarifText(violations, { uri: sarifUri(io.cwd, source) }));
    else {
      for (const v of violations) io.stdout(`[${v.enforcementLevel}] ${v.policy}\n  ${v.message.split("\n").join("\n  ")}\n`);
      io.stdout(violations.length ? `${violations.length} violation(s)\n` : "no violations\n");
    }
    return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
  } catch (e) {
    if (e instanceof NotAPolicyDocument) throw new InputError([`${source}: ${e.message}`]);
    throw e;
  }
}
