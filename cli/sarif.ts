// `--format sarif` for every command: the pack's policies as the rules, the checked file as the
// location GitHub code scanning annotates.
import * as path from "node:path";
import type { SarifSource } from "../plan/format/sarif";
import { renderSarif } from "../plan/format/sarif";
import type { Violation } from "../plan/policyRunner";
import { policies } from "../policypack/policies";
import pack from "../policypack/package.json";

export const SARIF_TOOL = { name: "ec2-access-guardrails", version: pack.version };

/** A path relative to the working directory, with forward slashes (standard input: `stdin`). */
export function sarifUri(cwd: string, file: string): string {
  if (file === "-") return "stdin";
  return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join("/");
}

export function sarifText(violations: Violation[], source: SarifSource): string {
  return JSON.stringify(renderSarif(violations, policies, source, SARIF_TOOL), null, 2) + "\n";
}
