// `--format sarif` of plan, check-policy and check-stack, validated against the SARIF 2.1.0
// schema of Microsoft's SARIF SDK (test/support/sarif/README.md), and read the way GitHub code
// scanning reads it: rules from the pack, levels from enforcement, the resource's URN.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import type { Log } from "sarif";
import type { Io } from "../../cli/main";
import { main } from "../../cli/main";
import { renderSarif } from "../../plan/format/sarif";
import { ACCESS_POLICY } from "../../plan/accessEvaluation";
import { policies } from "../../policypack/policies";
import { BROAD_SESSION_GRANT, exportWith, inlinePolicyEntry } from "./stackFiles";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "support", "sarif", "sarif-2.1.0.json"), "utf8"));

// The schema is not written for ajv's strict mode (e.g. `required` under `anyOf`); formats are
// checked, not ignored.
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("uri", (s: string) => URL.canParse(s));
ajv.addFormat("uri-reference", (s: string) => URL.canParse(s, "file:///"));
ajv.addFormat("date-time", (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s));
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const validate = ajv.compile(schema);

function assertValidSarif(text: string): Log {
  const log = JSON.parse(text);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  return log as Log;
}

function memoryIo(cwd = ROOT): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd,
    stdout: (s: string) => void (io.out += s),
    stderr: (s: string) => void (io.err += s),
    stdin: async () => "",
  };
  return io;
}

describe("--format sarif", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sarif-"));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("the schema rejects what GitHub would reject: a result without a message, a wrong level", () => {
    const bad = {
      version: "2.1.0",
      runs: [{ tool: { driver: { name: "x" } }, results: [{ ruleId: "r", level: "fatal", message: { text: "m" } }, { ruleId: "r" }] }],
    };
    assert.equal(validate(bad), false);
    assert.deepEqual(validate.errors!.map((e) => e.instancePath).sort(), ["/runs/0/results/0/level", "/runs/0/results/1"].sort());
  });

  it("check-stack: one rule per pack policy, a result per violation, at the line of its resource in the export", async () => {
    const file = path.join(tmp, "stack.json");
    fs.writeFileSync(
      file,
      JSON.stringify(
        exportWith((t) => [inlinePolicyEntry(t, "ops-shell", BROAD_SESSION_GRANT)]),
        null,
        2,
      ),
    );
    const io = memoryIo(tmp);
    assert.equal(await main(["check-stack", "stack.json", "--format", "sarif"], io), 1);
    const log = assertValidSarif(io.out);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, "ec2-access-guardrails");
    assert.deepEqual(
      run.tool.driver.rules!.map((r) => r.id),
      policies.map((p) => p.name),
    );
    const rule = run.tool.driver.rules!.find((r) => r.id === "require-session-instance-scope")!;
    assert.equal(rule.help!.text.startsWith(policies.find((p) => p.name === rule.id)!.description), true);
    assert.equal(rule.defaultConfiguration!.level, "error");
    const urn = "urn:pulumi:dev::sample::aws:s3/bucket:Bucket$aws:s3:BucketEventSubscription$aws:iam/rolePolicy:RolePolicy::ops-shell";
    const line =
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .findIndex((l) => l.includes(`"urn": ${JSON.stringify(urn)}`)) + 1;
    assert.ok(line > 1);
    assert.deepEqual(
      run.results!.map((r) => [
        r.ruleId,
        r.level,
        r.locations![0].physicalLocation!.artifactLocation!.uri,
        r.locations![0].physicalLocation!.region!.startLine,
        r.locations![0].logicalLocations![0].fullyQualifiedName,
      ]),
      [
        ["require-session-instance-scope", "error", "stack.json", line, urn],
        ["require-session-document-access-check", "error", "stack.json", line, urn],
      ],
    );
    assert.equal(
      run.results![0].ruleIndex,
      policies.findIndex((p) => p.name === "require-session-instance-scope"),
    );
  });

  it("check-stack: advisory findings are warnings, and a clean stack is an empty result list", async () => {
    const file = path.join(tmp, "advisory.json");
    fs.writeFileSync(file, JSON.stringify(exportWith((t) => [inlinePolicyEntry(t, "ops-shell", BROAD_SESSION_GRANT)])));
    const config = path.join(tmp, "config.json");
    fs.writeFileSync(config, JSON.stringify({ all: "advisory" }));
    let io = memoryIo(tmp);
    assert.equal(await main(["check-stack", file, "--policy-config", config, "--format", "sarif"], io), 0);
    assert.deepEqual(
      assertValidSarif(io.out).runs[0].results!.map((r) => r.level),
      ["warning", "warning"],
    );
    io = memoryIo();
    assert.equal(await main(["check-stack", "test/checkStack/fixtures/sample-export.json", "--format", "sarif"], io), 0);
    assert.deepEqual(assertValidSarif(io.out).runs[0].results, []);
  });

  it("check-policy: a broad document, located at the document file", async () => {
    const file = path.join(tmp, "broad-policy.json");
    fs.writeFileSync(file, BROAD_SESSION_GRANT);
    const io = memoryIo(tmp);
    assert.equal(await main(["check-policy", "broad-policy.json", "--format", "sarif"], io), 1);
    const results = assertValidSarif(io.out).runs[0].results!;
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.level, r.locations![0].physicalLocation!.artifactLocation!.uri]),
      [
        ["require-session-instance-scope", "error", "broad-policy.json"],
        ["require-session-document-access-check", "error", "broad-policy.json"],
      ],
    );
  });

  it("plan: a finding of the plan itself (access differs from intent) gets a rule of its own", () => {
    const urn = "urn:pulumi:dev::ec2-access::aws:iam/policy:Policy::oncall";
    const log = renderSarif(
      [{ policy: ACCESS_POLICY, enforcementLevel: "mandatory", urn, message: "allows more than the grant" }],
      policies,
      { uri: "Pulumi.dev.yaml" },
      { name: "t", version: "1" },
    );
    assertValidSarif(JSON.stringify(log));
    const rules = log.runs[0].tool.driver.rules!;
    assert.equal(rules.length, policies.length + 1);
    assert.equal(rules[log.runs[0].results![0].ruleIndex!].id, ACCESS_POLICY);
  });

  it("plan: the dev example stack, valid SARIF with every rule and no results", async () => {
    const io = memoryIo();
    assert.equal(await main(["plan", "--stack", "dev", "--format", "sarif"], io), 0);
    const log = assertValidSarif(io.out);
    assert.deepEqual(log.runs[0].results, []);
    assert.equal(log.runs[0].tool.driver.rules!.length, policies.length);
  });
});
