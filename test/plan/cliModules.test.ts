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

  it("diff loads neither @pulumi/pulumi nor @pulumi/aws", () => {
    const plan = path.join(dir, "plan.json");
    const { code, modules } = modulesAfter(["diff", "--base", plan, "--head", plan, "--format", "markdown"]);
    // 1: this plan, made without the dev stack's policy pack config, keeps mandatory violations.
    assert.ok(code === 0 || code === 1, `exit ${code}`);
    assert.deepEqual(pulumiOrAws(modules), []);
    assert.ok(modules.includes(path.join("dist", "cli", "diff.js")));
  });

  it("check-policy runs the pack's rules without @pulumi/pulumi, @pulumi/aws or @pulumi/policy's analyzer server", () => {
    const { code, modules } = modulesAfter(["check-policy", path.join(dir, "policy.json")]);
    assert.equal(code, 0);
    assert.deepEqual(pulumiOrAws(modules), []);
    assert.ok(!modules.some((m) => m.includes(path.join("@pulumi", "policy", "server.js"))));
    assert.ok(modules.includes(path.join("dist", "policypack", "policies.js")));
  });

  it("plan still loads the program and Pulumi's runtime", () => {
    const { code, modules } = modulesAfter(["plan", "--stack", "dev", "--format", "json"]);
    assert.equal(code, 0);
    assert.ok(pulumiOrAws(modules).length > 0);
  });
});
