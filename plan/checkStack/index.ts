// `check-stack`: the pack on an existing stack, offline. The resources come from a file that
// `pulumi stack export` or `pulumi preview --json` wrote; the policies run through the same
// runner as the offline plan, so a stack is judged here exactly as in a plan or a preview.
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import type { PolicyPackConfig, Violation } from "../policyRunner";
import { runPolicies } from "../policyRunner";
import type { StackFileFormat } from "./read";
import { readStackFile } from "./read";

export { NotAStackFile, readStackFile } from "./read";

export interface StackCheck {
  format: StackFileFormat;
  stack: string;
  project: string;
  /** Resources the file holds (components and providers included), after skipping deleted ones. */
  resources: number;
  /** The root stack resource's URN, to which the engine attributes stack-level violations. */
  stackUrn: string | null;
  violations: Violation[];
  /** What the file leaves out (e.g. a preview without --show-sames). */
  notes: string[];
}

export async function checkStack(text: string, policies: Policies, config?: PolicyPackConfig): Promise<StackCheck> {
  const file = readStackFile(text);
  // The pack's own default for a policy that sets no level, as index.ts constructs it.
  const violations = await runPolicies(file.registrations, { policies, config, packEnforcementLevel: "advisory" as EnforcementLevel });
  const root = file.registrations.find((r) => r.type === "pulumi:pulumi:Stack");
  return {
    format: file.format,
    stack: file.stack,
    project: file.project,
    resources: file.registrations.length,
    stackUrn: root?.urn ?? null,
    violations,
    notes: file.notes,
  };
}
