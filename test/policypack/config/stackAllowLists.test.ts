// Stack allow-lists name `<project>/<stack>` globs: a bare `dev` would exempt the dev stack of
// every project in the organisation. The policies' configSchema refuses a bare name, so the
// engine (and the offline plan, which validates the same way) refuses the config, naming the
// policy, the key and the value.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Policies } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";
import { engineConfigErrors } from "../support/engineConfigSchema";
import { projectStackOf } from "../../../policypack/lib/rule";
import { globMatches } from "../../../policypack/lib/glob";
import { main } from "../../../cli/main";

const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const CONFIG_DIR = path.join(ROOT, "policypack", "config");
const STACK_LISTS = ["allowedStacks", "allowAllInstancesInStacks"];

describe("stack allow-lists", () => {
  it("every stack allow-list of the pack is a list of <project>/<stack> globs", () => {
    let lists = 0;
    for (const p of policies as Policies) {
      for (const key of STACK_LISTS) {
        const schema = p.configSchema?.properties?.[key] as { items?: { pattern?: string } } | undefined;
        if (!schema) continue;
        lists++;
        assert.equal(schema.items?.pattern, "^[^/\\s]+/[^/\\s]+$", `${p.name}.${key}`);
      }
    }
    assert.ok(lists >= 4);
  });

  it("the engine refuses a bare stack name, and accepts <project>/<stack> globs", () => {
    const byName = new Map((policies as Policies).map((p) => [p.name, p]));
    const setting = byName.get("restrict-serial-console-account-setting")!;
    assert.deepEqual(engineConfigErrors(setting, { allowedStacks: ["ec2-access/staging", "dev"] }), [
      '/allowedStacks/1: must match pattern "^[^/\\s]+/[^/\\s]+$"',
    ]);
    assert.deepEqual(engineConfigErrors(setting, { allowedStacks: ["ec2-access/staging", "*/sandbox-*"] }), []);
    assert.equal(engineConfigErrors(byName.get("require-session-instance-scope")!, { allowAllInstancesInStacks: ["prod/"] }).length, 1);
    // The schema tells the reader the form, as the engine shows a policy's config schema.
    assert.match(
      (setting.configSchema?.properties?.allowedStacks as { description: string }).description,
      /"<project>\/<stack>" glob .*a bare stack name is refused/,
    );
  });

  it("the plan refuses such a config with exit 2 before anything runs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "allowlist-"));
    const file = path.join(dir, "dev.json");
    const config = JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, "dev.json"), "utf8"));
    config["require-serial-console-instance-scope"].allowAllInstancesInStacks = ["dev"];
    fs.writeFileSync(file, JSON.stringify(config));
    const io = {
      out: "",
      err: "",
      cwd: ROOT,
      stdout: (s: string) => void (io.out += s),
      stderr: (s: string) => void (io.err += s),
      stdin: async () => "",
    };
    const code = await main(["plan", "--stack", "dev", "--policy-config", file], io);
    assert.equal(code, 2);
    assert.equal(io.out, "");
    assert.match(io.err, /require-serial-console-instance-scope\.allowAllInstancesInStacks\[0\].*"dev".*must match pattern/);
  });

  it("the repository's configs pass the engine's validation", () => {
    const byName = new Map((policies as Policies).map((p) => [p.name, p]));
    for (const stack of ["dev", "staging", "prod", "org"]) {
      const config = JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, `${stack}.json`), "utf8")) as Record<string, Record<string, unknown>>;
      for (const [name, entry] of Object.entries(config)) {
        const { enforcementLevel: _level, ...props } = entry;
        void _level;
        assert.deepEqual(engineConfigErrors(byName.get(name)!, props), [], `${stack}: ${name}`);
      }
    }
  });

  it("matches <project>/<stack> from the URN, globs in any letter case", () => {
    assert.equal(projectStackOf("urn:pulumi:dev::ec2-access::aws:iam/policy:Policy::p"), "ec2-access/dev");
    assert.ok(globMatches("*/sandbox-*", "payments/Sandbox-42"));
    assert.ok(!globMatches("ec2-access/dev", "payments/dev"));
    assert.ok(globMatches("ec2-access/d?v", "ec2-access/dev"));
    assert.ok(!globMatches("ec2-access/d?v", "ec2-access/dv"));
  });

  it("matches adversarial globs in bounded work (no backtracking blow-up)", () => {
    // A regex built from this pattern backtracks exponentially on the text; the matcher's
    // work is at most |pattern| x |text| steps. Asserted by the result, the test's own runtime
    // being the bound (mocha's timeout).
    const pattern = "*a".repeat(30) + "!";
    assert.equal(globMatches(pattern, "a".repeat(5_000)), false);
  });
});
