// Fuzz (fast-check, seeded, bounded runs) over every input the CLI reads: stack files, resolved
// ESC values, policy pack configs, policy documents for check-policy and plan files for diff.
// Driven through the CLI's entry function in-process, so hundreds of cases stay fast. Whatever the input, the exit
// status is 0, 1 or 2 (never 3: an internal error), stderr never holds a stack trace, and exit 1
// comes only with a mandatory violation printed (or, for diff, a blocked verdict).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { main } from "../../cli/main";
import { devPlanJson, memoryIo, project, ROOT } from "./support";

const SEED = 20261204;
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

async function check(argv: string[], cwd: string, stdin = ""): Promise<number> {
  const io = memoryIo(cwd, stdin);
  const code = await main(argv, io);
  assert.ok([0, 1, 2].includes(code), `exit ${code}: ${io.err}`);
  assert.doesNotMatch(io.err, STACK_TRACE);
  if (code === 1)
    assert.match(
      io.out,
      /"enforcementLevel": "mandatory"|\[mandatory\]|BLOCKED|mandatory (policy )?violation|"headMandatory": [1-9]/,
      `exit 1 without a violation: ${io.out.slice(0, 300)}`,
    );
  if (code === 2) assert.notEqual(io.err.trim(), "", "exit 2 says why");
  return code;
}

// Keys and values near the real ones, so that cases get past the first check.
const names = fc.constantFrom(
  "dev",
  "oncall",
  "web",
  "ec2-user",
  "root",
  "__proto__",
  "constructor",
  "toString",
  "*",
  "",
  "a\nb",
  "i-0598c7d356eba48d7",
  "us-east-1",
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    names,
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        names,
        fc.constantFrom(
          "grants",
          "principals",
          "groups",
          "roles",
          "users",
          "instanceIds",
          "tags",
          "osUsers",
          "osPassword",
          "password",
          "user",
          "preferences",
          "kmsKey",
          "endpoint",
          "subnetId",
          "name",
          "clients",
          "secure",
        ),
      ),
      tie("v"),
      { maxKeys: 4 },
    ),
  ),
})).v;
const configKey = fc.constantFrom(
  "aws:region",
  "ec2-access:environment",
  "ec2-access:accountId",
  "ec2-access:regions",
  "ec2-access:serialConsole",
  "ec2-access:instanceConnect",
  "ec2-access:sessionManager",
  "ec2-access:organization",
  "ec2-access:maxManagedPoliciesPerPrincipal",
  "environment",
  "__proto__",
  "constructor",
  "ec2-acess:regions",
);
const stackText = fc.oneof(
  fc
    .dictionary(configKey, value, { maxKeys: 5 })
    .map((config) => stringify({ config: { "aws:region": "us-east-1", "ec2-access:environment": "dev", ...config } })),
  fc
    .record({
      top: fc.dictionary(fc.constantFrom("config", "environment", "secretsprovider", "__proto__", "confg"), value, { maxKeys: 3 }),
    })
    .map(({ top }) => stringify(top)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    "config: &a [*a]\n",
    "config:\n  a: &x 1\n  b: *y\n",
    "config: !!js/function 'x'\n",
    "config:\n  aws:region: us-east-1\n  aws:region: us-east-2\n",
    "- a\n- b\n",
    "config: ~\n",
  ),
);

describe("fuzz: no input makes the CLI crash, exit 3 or claim a violation it does not show", function () {
  this.timeout(300_000);

  it("stack files (plan)", async () => {
    const dir = project({});
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(stackText, fc.constantFrom("json", "text", "markdown"), async (text, format) => {
        fs.writeFileSync(path.join(dir, "Pulumi.f.yaml"), text);
        codes.add(await check(["plan", "--stack", "f", "--format", format], dir));
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The cases are not all stopped at the door: some get through to a whole plan.
    assert.ok(codes.has(0) && codes.has(2), `exit codes seen: ${[...codes].join(", ")}`);
  });

  it("resolved ESC values (plan --environment-values)", async () => {
    const dir = project({ "Pulumi.e.yaml": 'environment: [myorg/dev]\nconfig:\n  ec2-access:accountId: "111122223333"\n' });
    const values = fc.oneof(
      fc
        .record({ pulumiConfig: fc.dictionary(configKey, value, { maxKeys: 4 }) })
        .map((v) => JSON.stringify({ pulumiConfig: { "aws:region": "us-east-1", "ec2-access:environment": "dev", ...v.pulumiConfig } })),
      fc.record({ pulumiConfig: value, environmentVariables: value }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 60 }),
    );
    await fc.assert(
      fc.asyncProperty(values, async (text) => {
        fs.writeFileSync(path.join(dir, "esc.json"), text);
        await check(["plan", "--stack", "e", "--environment-values", "esc.json", "--format", "json"], dir);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("policy pack configs (check-policy)", async () => {
    const dir = project({});
    const policyNames = JSON.parse(fs.readFileSync(path.join(ROOT, "policypack", "config", "prod.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: "*" }] });
    const packConfig = fc.oneof(
      fc
        .dictionary(
          fc.oneof(fc.constantFrom("all", "environments", ...Object.keys(policyNames)), fc.string({ maxLength: 8 })),
          fc.oneof(fc.constantFrom("advisory", "mandatory", "remediate", "disabled", "Mandatory"), value),
          { maxKeys: 5 },
        )
        .map((c) => JSON.stringify(c)),
      fc.string({ maxLength: 60 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(packConfig, async (text) => {
        fs.writeFileSync(path.join(dir, "pack.json"), text);
        await check(["check-policy", "-", "--policy-config", "pack.json", "--format", "json"], dir, doc);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("policy documents (check-policy, identity and SCP)", async () => {
    const statement = fc.dictionary(
      fc.constantFrom("Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal", "Sid", "__proto__"),
      fc.oneof(
        fc.constantFrom("Allow", "Deny", "*", "ssm:StartSession", "ec2-instance-connect:*", "arn:aws:ec2:*:*:instance/*", "ssm:*Session*"),
        value,
      ),
      { maxKeys: 6 },
    );
    const document = fc.oneof(
      fc
        .record({ Version: fc.constantFrom("2012-10-17", 5), Statement: fc.oneof(fc.array(statement, { maxLength: 3 }), statement, value) })
        .map((d) => JSON.stringify(d)),
      fc.string({ maxLength: 60 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(document, fc.constantFrom("identity", "scp"), async (text, kind) => {
        await check(["check-policy", "-", "--kind", kind, "--format", "json"], ROOT, text);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("plan files (diff)", async () => {
    const base = await devPlanJson();
    const real = JSON.parse(base) as Record<string, unknown[]>;
    const dir = project({ "base.json": base });
    const planText = fc.oneof(
      // The real plan with one table replaced or one row broken.
      fc
        .record({ key: fc.constantFrom("stack", "resources", "access", "violations", "principals", "regions", "accountId"), v: value })
        .map(({ key, v }) => JSON.stringify({ ...real, [key]: v })),
      fc.record({ key: fc.constantFrom("resources", "access", "violations"), i: fc.nat(3), v: value }).map(({ key, i, v }) => {
        const rows = [...(real[key] ?? [])];
        rows[Math.min(i, rows.length)] = v;
        return JSON.stringify({ ...real, [key]: rows });
      }),
      fc.string({ maxLength: 60 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(planText, fc.constantFrom("text", "markdown", "json"), async (text, format) => {
        fs.writeFileSync(path.join(dir, "head.json"), text);
        await check(["diff", "--base", "base.json", "--head", "head.json", "--format", format], dir);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
