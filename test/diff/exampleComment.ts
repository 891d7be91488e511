// docs/example-pr-comment.md is the tool's own output on the committed fixture plans
// (test/diff/fixtures/{base,head}/). Regenerate it after a deliberate change of the comment:
//   npx tsc -p . && node dist/test/diff/regenerate.js
import * as path from "node:path";
import { main } from "../../cli/main";

/** The repository root, from the source tree or from dist/. */
export const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../../.." : "../..");
export const EXAMPLE_PATH = path.join(ROOT, "docs", "example-pr-comment.md");
export const EXAMPLE_ARGS = ["diff", "--base-dir", "test/diff/fixtures/base", "--head-dir", "test/diff/fixtures/head", "--stacks", "dev,prod", "--format", "markdown"];

export async function renderExample(): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(EXAMPLE_ARGS, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: async () => "", cwd: ROOT });
  return { code, stdout, stderr };
}
