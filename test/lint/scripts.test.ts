// The package scripts that keep the codebase honest do what they claim: the import-cycle check
// fails on a cycle (through `import type` too), and every build starts from an empty dist/ so a
// renamed or deleted test leaves no compiled ghost behind that mocha would still run.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** Runs a package script's command line in `cwd`, with the repository's tools on PATH. */
function runScript(name: string, cwd: string) {
  const env = {
    ...process.env,
    PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
  return spawnSync("sh", ["-c", scripts[name]], { cwd, env, encoding: "utf8" });
}

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-lint-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe("lint:cycles: the import-cycle check", () => {
  const layers = {
    "config/target.ts": 'export type Target = { kind: "allInstances" };\n',
    "config/load.ts": 'import { describe } from "../documents/describe";\nexport const load = () => describe();\n',
    "documents/describe.ts": 'import type { Target } from "../config/target";\nexport const describe = (t?: Target) => String(t);\n',
  };

  it("passes layers that import one way", () => {
    const dir = tree(layers);
    const run = runScript("lint:cycles", dir);
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  it("fails when documents/ imports back from config/, even for a type only, and names the cycle", () => {
    const dir = tree({
      ...layers,
      "documents/describe.ts": 'import type { load } from "../config/load";\nexport const describe = (l?: typeof load) => String(l);\n',
    });
    const run = runScript("lint:cycles", dir);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    // dpdm names a cycle from whichever file it reached first (that order varies with load), so
    // the test asks for the cycle's two files on one line, in either order.
    assert.match(run.stdout, /config\/load\.ts -> documents\/describe\.ts|documents\/describe\.ts -> config\/load\.ts/);
  });
});

describe("clean: every build starts from an empty dist/", () => {
  it("removes a compiled test whose source is gone", () => {
    const dir = tree({ "dist/test/renamed/ghost.test.js": "it('still runs', () => {});\n" });
    const run = runScript("clean", dir);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(fs.existsSync(path.join(dir, "dist")), false);
  });

  it("build cleans before it compiles, and test and prepare build", () => {
    assert.match(scripts.build, /^npm run clean && tsc /);
    assert.match(scripts.test, /^npm run build && /);
    assert.match(scripts.prepare, /^npm run build && /);
  });
});
