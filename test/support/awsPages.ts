// The AWS pages the document tests compare against, kept in the repository
// (test/fixtures/aws-pages, see its README) so that a fresh clone runs every verbatim test.
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository's root, from the compiled dist/test/support/. */
const ROOT = path.resolve(__dirname, "../../..");

export const AWS_PAGES_DIR = path.join(ROOT, "test", "fixtures", "aws-pages");

/** The stored text of one page, by its file name (`004_33a442b824029e0e.txt`). */
export function awsPage(file: string): string {
  return fs.readFileSync(path.join(AWS_PAGES_DIR, file), "utf8");
}
