// Rewrites docs/example-pr-comment.md from real plans of the example stacks and their edited
// copies (exampleComment.ts): `node dist/test/diff/regenerate.js`.
import * as fs from "node:fs";
import { EXAMPLE_PATH, renderExample } from "./exampleComment";

renderExample().then(
  ({ code, stdout, stderr }) => {
    if (stderr || code === 2) {
      process.stderr.write(stderr);
      process.exitCode = 2;
      return;
    }
    fs.writeFileSync(EXAMPLE_PATH, stdout);
    process.stdout.write(`wrote ${EXAMPLE_PATH}\n`);
  },
  // A failed run must not leave the old example in place with exit 0 or a bare stack trace.
  (e: unknown) => {
    process.stderr.write(`regenerate: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 3;
  },
);
