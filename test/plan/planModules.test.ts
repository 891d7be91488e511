// The plan of a configuration given in memory (library users, the benchmark) loads only what
// it runs (issue 17, fixed costs at small sizes): no YAML parser. Checked on what a fresh
// process holds in require.cache after the plan, not on timings (docs/scale.md has those).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./support";
import { readStackFile } from "../../config/stackFile";

/** The modules a fresh process has loaded after planning `stack`'s config, given as parsed data, and the plan's resource count. */
function modulesAfterPlan(stack: string): { resources: number; modules: string[] } {
  const config = readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`)).raw;
  const script = `
    const { planStack } = require(${JSON.stringify(path.join(ROOT, "dist", "plan", "run.js"))});
    planStack({ stack: ${JSON.stringify(stack)}, config: ${JSON.stringify(config)} }).then((plan) =>
      process.stdout.write(JSON.stringify({ resources: plan.resources.length, modules: Object.keys(require.cache) })));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as { resources: number; modules: string[] };
  return { resources: out.resources, modules: out.modules.map((m) => path.relative(ROOT, m)) };
}

describe("plan: modules loaded for a configuration in memory", () => {
  it("plans the dev stack without loading the yaml package", () => {
    const { resources, modules } = modulesAfterPlan("dev");
    assert.ok(resources > 0);
    assert.deepEqual(
      modules.filter((m) => m.startsWith(path.join("node_modules", "yaml") + path.sep)),
      [],
    );
    assert.ok(!modules.includes(path.join("dist", "config", "stackFile.js")));
  });
});
