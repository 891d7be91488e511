// Commands that need no Pulumi load none of it (issue 17): each command's module is loaded only
// when it runs. Checked on what a fresh process holds in require.cache after the command, not on
// timings (README, "Speed", has those).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, devPlanJson } from "./support";

/** The modules a fresh process has loaded after `ec2-access <argv>`, as paths under the project, and its exit code. */
function modulesAfter(argv: string[]): { code: number; modules: string[] } {
  const script = `
    const main = require(${JSON.stringify(path.join(ROOT, "dist", "cli", "main.js"))}).main;
    const io = { stdout() {}, stderr() {}, stdin: async () => "", cwd: ${JSON.stringify(ROOT)} };
    main(${JSON.stringify(argv)}, io).then((code) => process.stdout.write(JSON.stringify({ code, modules: Object.keys(require.cache) })));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as { code: number; modules: string[] };
  return { code: out.code, modules: out.modules.map((m) => path.relative(ROOT, m)) };
}

const pulumiOrAws = (modules: string[]) => modules.filter((m) => /node_modules\/@pulumi\/(pulumi|aws)\//.test(m));
const packages = (modules: string[]) =>
  [...new Set(modules.flatMap((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1] ?? []))].sort();

describe("CLI: modules loaded per command", () => {
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-modules-"));
    fs.writeFileSync(path.join(dir, "plan.json"), await devPlanJson());
    fs.writeFileSync(
      path.join(dir, "policy.json"),
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }] }),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("help and --help load only the CLI's own small modules", () => {
    for (const argv of [["help"], ["--help"], ["diff", "--help"], ["help", "plan"], ["--version"]]) {
      const { code, modules } = modulesAfter(argv);
      assert.equal(code, 0, argv.join(" "));
      assert.deepEqual(
        modules.filter((m) => m.includes("node_modules")),
        [],
        argv.join(" "),
      );
      assert.ok(
        modules.every((m) => m.startsWith(path.join("dist", "cli"))),
        `${argv.join(" ")}: ${modules.join(", ")}`,
      );
    }
  });

  it("diff loads no package at all: the plan file's shape is checked by generated code, its powers are not derived again", () => {
    const plan = path.join(dir, "plan.json");
    for (const format of ["markdown", "text", "json"]) {
      const { code, modules } = modulesAfter(["diff", "--base", plan, "--head", plan, "--format", format]);
      // 1: this plan, made without the dev stack's policy pack config, keeps mandatory violations.
      assert.ok(code === 0 || code === 1, `exit ${code}`);
      assert.deepEqual(packages(modules), [], format);
      assert.ok(modules.includes(path.join("dist", "cli", "diff.js")));
      assert.ok(modules.includes(path.join("dist", "plan", "diff", "planShapeValidator.js")));
      // The access evaluation and the pack's rules are for plans; the diff reads their results.
      for (const planOnly of [
        ["plan", "powers.js"],
        ["plan", "accessEvaluation.js"],
        ["policypack", "lib", "actions.js"],
      ])
        assert.ok(!modules.includes(path.join("dist", ...planOnly)), `${format}: ${planOnly.join("/")}`);
    }
  });

  it("check-policy runs the pack's rules without @pulumi/pulumi, @pulumi/aws or @pulumi/policy's analyzer server", () => {
    const { code, modules } = modulesAfter(["check-policy", path.join(dir, "policy.json")]);
    assert.equal(code, 0);
    assert.deepEqual(pulumiOrAws(modules), []);
    assert.ok(!modules.some((m) => m.includes(path.join("@pulumi", "policy", "server.js"))));
    assert.ok(modules.includes(path.join("dist", "policypack", "policies.js")));
    // No config file: nothing to validate it with (ajv) or to word its messages with (the stack
    // config's schema, zod); the action data is read as JSON, not through the package's index.
    assert.deepEqual(packages(modules), ["@pulumi/policy"]);
  });

  it("plan still loads the program and Pulumi's runtime", () => {
    const { code, modules } = modulesAfter(["plan", "--stack", "dev", "--format", "json"]);
    assert.equal(code, 0);
    assert.ok(pulumiOrAws(modules).length > 0);
  });
});
