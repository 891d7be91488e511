// The npm package (issue 14, part 2): what `npm pack` ships, and that the tarball, installed
// alone into an empty folder, serves both its users: a Pulumi program that imports the
// components, and the `ec2-access` CLI (which runs the policy pack). Installing needs the npm
// registry or npm's cache (`npm ci` fills it), as test/policypack/published does; the time it
// takes is bounded by mocha's timeouts only.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

const REPO = path.resolve(__dirname, "../../..");

interface PackResult {
  files: { path: string }[];
}

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

describe("package: what `npm pack` ships", function () {
  this.timeout(120_000);
  let files: string[];
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
  };

  before(() => {
    // --ignore-scripts: `npm test` has just built dist/ and the pack's bin/; `prepare` would rebuild both.
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: REPO,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    files = (JSON.parse(out) as PackResult[])[0].files.map((f) => f.path).sort();
  });

  it("ships the library with its declarations, the CLI and the built policy pack", () => {
    for (const f of [
      "dist/index.js",
      "dist/index.d.ts",
      "dist/components/instanceConnect.d.ts",
      "bin/ec2-access.js",
      "dist/cli/main.js",
      "policypack/bin/index.js",
      "policypack/PulumiPolicy.yaml",
      "policypack/package.json",
    ]) {
      assert.ok(files.includes(f), `${f} is not in the tarball`);
    }
  });

  it("ships no tests, benchmarks, stacks, fixtures or TypeScript sources", () => {
    const unwanted = files.filter(
      (f) =>
        /^(dist\/)?(test|bench)\//.test(f) ||
        /(^|\/)fixtures\//.test(f) ||
        /(^|\/)Pulumi(\.[^/]+)?\.yaml$/.test(f) ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
        f.startsWith("node_modules/"),
    );
    assert.deepEqual(unwanted, []);
  });

  it("declares every package its shipped code requires as a dependency", () => {
    const builtins = new Set(builtinModules);
    const missing = new Set<string>();
    for (const f of files.filter((f) => f.endsWith(".js"))) {
      const text = fs.readFileSync(path.join(REPO, f), "utf8");
      for (const m of text.matchAll(/require\("([^".][^"]*)"\)/g)) {
        const name = packageOf(m[1]);
        if (m[1].startsWith("node:") || builtins.has(name)) continue;
        if (!Object.hasOwn(pkg.dependencies, name)) missing.add(`${name} (${f})`);
      }
    }
    assert.deepEqual([...missing], []);
  });
});

describe("package: the program entry and the library root are separate", () => {
  it("Pulumi.yaml's `main` is a module that exports the program function the offline plan runs; the root exports none", () => {
    const project = parse(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as { main?: string };
    assert.equal(project.main, "main.ts");
    // As Pulumi's nodejs runner takes it (cmd/run/run.js): the module's export, called if a function.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(path.join(REPO, "dist", project.main.replace(/\.ts$/, ".js"))) as unknown;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.equal(entry, (require(path.join(REPO, "dist", "program.js")) as { ec2Access: unknown }).ec2Access);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.equal(typeof require(path.join(REPO, "dist", "index.js")), "object");
  });
});

describe("package: the tarball installed alone into an empty folder", function () {
  this.timeout(600_000);
  let work: string;
  let consumer: string;

  before(function () {
    this.timeout(600_000);
    work = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-package-"));
    const tarball = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], {
      cwd: REPO,
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .pop()!;
    consumer = path.join(work, "consumer");
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", path.join(work, tarball)], {
      cwd: consumer,
      stdio: "ignore",
    });
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Runs node in the consumer's folder, where `ec2-access` resolves only to the installed tarball. */
  function nodeIn(script: string): string {
    return execFileSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8" });
  }

  function cli(args: string[], input?: string) {
    return spawnSync("npx", ["--no-install", "ec2-access", ...args], { cwd: consumer, encoding: "utf8", input });
  }

  it("require('ec2-access') gives the four components, as Pulumi component resources, and the document builders", () => {
    const out = nodeIn(`
      const pulumi = require("@pulumi/pulumi");
      const m = require("ec2-access");
      const components = ["SerialConsoleAccess", "InstanceConnectAccess", "SessionManagerAccess", "OrganizationGuardrails"];
      console.log(JSON.stringify({
        components: components.filter((c) => typeof m[c] === "function" && m[c].prototype instanceof pulumi.ComponentResource),
        builders: ["serialConsoleGrantDocument", "instanceConnectDocument", "sessionGrantDocument", "serialConsoleScpDocument"].filter((b) => typeof m[b] === "function"),
        types: require("ec2-access/package.json").types,
      }));`);
    assert.deepEqual(JSON.parse(out), {
      components: ["SerialConsoleAccess", "InstanceConnectAccess", "SessionManagerAccess", "OrganizationGuardrails"],
      builders: ["serialConsoleGrantDocument", "instanceConnectDocument", "sessionGrantDocument", "serialConsoleScpDocument"],
      types: "dist/index.d.ts",
    });
    assert.ok(fs.existsSync(path.join(consumer, "node_modules", "ec2-access", "dist", "index.d.ts")));
  });

  it("the TypeScript example of docs/components.md compiles against the installed declarations", () => {
    const doc = fs.readFileSync(path.join(REPO, "docs", "components.md"), "utf8");
    const example = /```ts\n([\s\S]*?)```/.exec(doc);
    assert.ok(example, "docs/components.md has no ts example");
    fs.writeFileSync(path.join(consumer, "index.ts"), example[1]);
    // What `pulumi new typescript` writes, and node16 resolution, which reads package.json `exports`.
    const tsconfig = {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "node16",
        moduleResolution: "node16",
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ["index.ts"],
    };
    fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = spawnSync(process.execPath, [path.join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", consumer], {
      cwd: consumer,
      encoding: "utf8",
    });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });

  it("`npx ec2-access --version` starts the installed CLI", () => {
    const r = cli(["--version"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "ec2-access 0.1.0");
  });

  it("`npx ec2-access check-policy` runs the pack: the serial console on every instance is a mandatory violation, one instance is not", () => {
    const broad = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "ec2-instance-connect:SendSerialConsoleSSHPublicKey", Resource: "*" }],
    };
    const bad = cli(["check-policy", "-"], JSON.stringify(broad));
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stdout, /\[mandatory\] require-serial-console-instance-scope/);
    const scoped = {
      ...broad,
      Statement: [{ ...broad.Statement[0], Resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7" }],
    };
    const good = cli(["check-policy", "-"], JSON.stringify(scoped));
    assert.equal(good.status, 0, good.stdout + good.stderr);
  });
});
