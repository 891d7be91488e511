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
import { policyConfigProblems } from "../../../cli/policyConfig";
import { globMatches, projectStackOf } from "../../../policypack/lib/rule";
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

  it("refuses a bare stack name, naming the policy, the key and the value", () => {
    const problems = policyConfigProblems({
      "restrict-serial-console-account-setting": { enforcementLevel: "mandatory", allowedStacks: ["ec2-access/staging", "dev"] },
      "require-session-instance-scope": { allowAllInstancesInStacks: ["*/sandbox-*"] },
    });
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.ok(
      problems[0].startsWith('restrict-serial-console-account-setting.allowedStacks[1] = "dev": must match pattern "^[^/\\s]+/[^/\\s]+$" ('),
      problems[0],
    );
    assert.match(problems[0], /a bare stack name is refused/);
  });

  it("the plan refuses such a config with exit 2 before anything runs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "allowlist-"));
    const file = path.join(dir, "dev.json");
    const config = JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, "dev.json"), "utf8"));
    config["require-serial-console-instance-scope"].allowAllInstancesInStacks = ["dev"];
    fs.writeFileSync(file, JSON.stringify(config));
    const io = { out: "", err: "", cwd: ROOT, stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), stdin: async () => "" };
    const code = await main(["plan", "--stack", "dev", "--policy-config", file], io);
    assert.equal(code, 2);
    assert.equal(io.out, "");
    assert.match(io.err, /^ec2-access: invalid policy pack config \(1 problem\):\n {2}.*dev\.json: require-serial-console-instance-scope\.allowAllInstancesInStacks\[0\] = "dev": must match pattern/);
  });

  it("the repository's configs pass the engine's validation", () => {
    for (const stack of ["dev", "staging", "prod", "org"]) {
      assert.deepEqual(policyConfigProblems(JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, `${stack}.json`), "utf8"))), [], stack);
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
