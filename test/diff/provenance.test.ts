// The comment says which code computed it: the base commit's ec2-access, from the pull request's
// stack files at its head commit, and lists the other files the pull request changes (not
// evaluated by the comment), escaped. Wrong values exit 2 naming the flag and the value.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../cli/main";
import { emptyPlan } from "../../plan/diff/planFile";
import { ROOT } from "./exampleComment";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { changedFiles } = require(path.join(ROOT, ".github", "scripts", "changed-files.js")) as {
  changedFiles(a: string, b: string): string[];
};

const BASE = "0123456789abcdef0123456789abcdef01234567";
const HEAD = "89abcdef0123456789abcdef0123456789abcdef";

describe("diff: which code computed the comment", () => {
  let dir: string;
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-prov-"));
    write("b/dev.json", JSON.stringify(emptyPlan("dev")));
    write("h/dev.json", JSON.stringify(emptyPlan("dev")));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function diff(extra: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(["diff", "--base-dir", "b", "--head-dir", "h", "--format", "markdown", ...extra], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      stdin: async () => "",
      cwd: dir,
    });
    return { code, stdout, stderr };
  }

  it("names the base commit that computed it and the head commit whose stack files it planned; lists other changed files, escaped", async () => {
    write("changed.json", JSON.stringify(["Pulumi.dev.yaml", "plan/diff/access.ts", "policypack/config/prod.json", "@org/team`x"]));
    const { code, stdout } = await diff(["--computed-by", BASE, "--head-commit", HEAD, "--changed-files", "changed.json"]);
    assert.equal(code, 0);
    assert.ok(
      stdout.includes(
        `Computed by the base branch's \`ec2-access\` at \`${BASE}\` from the stack files of the pull request at \`${HEAD}\`; the pull request's own code did not compute this comment.`,
      ),
      stdout,
    );
    assert.ok(
      stdout.includes(
        "<details open><summary>:warning: The pull request also changes 3 other files, not evaluated here: review them</summary>",
      ),
      stdout,
    );
    assert.ok(stdout.includes("``@org/team`x``, `plan/diff/access.ts`, `policypack/config/prod.json`"), stdout);
    assert.ok(!stdout.includes("`Pulumi.dev.yaml`"));
  });

  it("without --computed-by the comment claims nothing; a wrong commit or file exits 2 naming the flag", async () => {
    assert.doesNotMatch((await diff([])).stdout, /Computed by/);
    const bad = await diff(["--computed-by", "main; rm -rf /"]);
    assert.deepEqual([bad.code, bad.stdout], [2, ""]);
    assert.match(bad.stderr, /--computed-by: got "main; rm -rf \/"; expected a commit SHA/);
    const lone = await diff(["--head-commit", HEAD]);
    assert.equal(lone.code, 2);
    assert.match(lone.stderr, /--head-commit and --changed-files go with --computed-by/);
    write("changed.json", "{}");
    const notList = await diff(["--computed-by", BASE, "--changed-files", "changed.json"]);
    assert.equal(notList.code, 2);
    assert.match(notList.stderr, /--changed-files: changed\.json is not a JSON array of paths/);
  });

  it("changed-files.js: paths that differ or exist on one side, skipping .git, node_modules and dist", () => {
    write("a/same.txt", "1");
    write("b2/same.txt", "1");
    write("a/plan/x.ts", "old");
    write("b2/plan/x.ts", "new");
    write("a/gone.txt", "x");
    write("b2/new dir/n.txt", "x");
    write("a/node_modules/m.js", "1");
    write("b2/dist/d.js", "2");
    assert.deepEqual(changedFiles(path.join(dir, "a"), path.join(dir, "b2")), ["gone.txt", "new dir/n.txt", "plan/x.ts"]);
  });
});
