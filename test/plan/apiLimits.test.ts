// Values AWS's APIs refuse never plan green: every registered resource is checked against the
// limits of botocore's service models (plan/limits/apiLimits.ts), and what comes straight from
// the configuration is refused earlier with its key path (config/apiLimits.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { runPlan } from "../../plan/run";
import { API_LIMITS } from "../../plan/limits/apiLimits";
import { ApiLimitError } from "../../plan/limits/check";
import { jsPattern } from "../../plan/limits/lookup";
import { ConfigError } from "../../config/load";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const STACKS = ["dev", "staging", "prod", "org"];
const stackConfig = (stack: string) =>
  parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")).config as Record<string, unknown>;
const config = { "aws:region": "eu-west-1", "ec2-access:environment": "test" };

/** The problems a program's plan is refused with (it must be refused). */
async function refused(program: () => Promise<void>): Promise<string[]> {
  try {
    await runPlan({ stack: "test", config, policies: [], program });
  } catch (e) {
    assert.ok(e instanceof ApiLimitError, `expected an ApiLimitError, got ${String(e)}`);
    assert.ok(e instanceof ConfigError, "exit status 2, as any bad input");
    return e.problems;
  }
  return assert.fail("expected the plan to be refused");
}

describe("plan: AWS API limits (botocore's models)", () => {
  it("covers every AWS type the example stacks register (the serial console setting takes no parameter of ours), and its patterns compile", async () => {
    const types = new Set<string>();
    for (const stack of STACKS) {
      const { plan } = await runPlan({ stack, config: stackConfig(stack) });
      for (const r of plan.resources) if (r.type.startsWith("aws:")) types.add(r.type);
    }
    const covered = new Set(API_LIMITS.map((l) => l.type));
    assert.deepEqual(
      [...types].filter((t) => !covered.has(t)),
      ["aws:ec2/serialConsoleAccess:SerialConsoleAccess"],
    );
    for (const l of API_LIMITS) if (l.pattern) assert.doesNotThrow(() => jsPattern(l.pattern!), l.api);
    assert.ok(jsPattern(API_LIMITS.find((l) => l.api === "ssm CreateDocument TargetType")!.pattern!).test("/AWS::EC2::Instance"));
  });

  it("the committed table is what scripts/api-limits.py makes of this machine's botocore", function () {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "api-limits-")), "apiLimits.ts");
    const run = spawnSync("python3", [path.join(ROOT, "scripts", "api-limits.py"), "--out", out], { encoding: "utf8" });
    if (run.error || /No module named 'botocore'/.test(run.stderr)) this.skip(); // no python3 or botocore here
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      fs.readFileSync(out, "utf8"),
      fs.readFileSync(path.join(ROOT, "plan", "limits", "apiLimits.ts"), "utf8"),
      "stale: run python3 scripts/api-limits.py",
    );
  });

  it("takes the numbers from the models: IAM descriptions 1,000, SCP descriptions 512, association targets 5 of 50 values", () => {
    const max = (type: string, input: string) => API_LIMITS.find((l) => l.type === type && l.input === input)?.max;
    assert.equal(max("aws:iam/policy:Policy", "description"), 1000);
    assert.equal(max("aws:iam/role:Role", "description"), 1000);
    assert.equal(max("aws:organizations/policy:Policy", "description"), 512);
    assert.equal(max("aws:ssm/association:Association", "targets"), 5);
    assert.equal(max("aws:ssm/association:Association", "targets[].values"), 50);
    assert.deepEqual(API_LIMITS.find((l) => l.type === "aws:ssm/document:Document" && l.input === "name")?.reservedPrefixes?.slice(0, 3), [
      "aws",
      "amazon",
      "amzn",
    ]);
  });

  it("refuses an IAM policy description over 1,000 characters, naming the URN, the input, the value (truncated) and the limit", async () => {
    const problems = await refused(async () => {
      new aws.iam.Policy("p", {
        name: "p",
        description: "d".repeat(1001),
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
      });
    });
    assert.deepEqual(problems, [
      `urn:pulumi:test::ec2-access::aws:iam/policy:Policy::p: input description = "${"d".repeat(76)}...: AWS's API takes at most 1000 characters; got 1001 (iam CreatePolicy Description, botocore)`,
    ]);
  });

  it("refuses an Organizations policy description over 512 characters", async () => {
    const problems = await refused(async () => {
      new aws.organizations.Policy("scp", { name: "scp", type: "SERVICE_CONTROL_POLICY", description: "x".repeat(513), content: "{}" });
    });
    assert.match(problems[0], /::scp: input description = .*at most 512 characters; got 513 \(organizations CreatePolicy Description/);
  });

  it("refuses association targets of more than 50 values, and more than 5 targets", async () => {
    const values = Array.from({ length: 51 }, (_, i) => `i-${String(i).padStart(17, "0")}`);
    const problems = await refused(async () => {
      new aws.ssm.Association("a", { name: "doc", targets: [{ key: "InstanceIds", values }] });
      new aws.ssm.Association("b", {
        name: "doc",
        targets: ["A", "B", "C", "D", "E", "F"].map((k) => ({ key: `tag:${k}`, values: ["x"] })),
      });
    });
    assert.deepEqual(problems, [
      "urn:pulumi:test::ec2-access::aws:ssm/association:Association::a: input targets[0].values = 51 items: AWS's API takes at most 50 items; got 51 (ssm CreateAssociation Targets[].Values, botocore)",
      "urn:pulumi:test::ec2-access::aws:ssm/association:Association::b: input targets = 6 items: AWS's API takes at most 5 items; got 6 (ssm CreateAssociation Targets, botocore)",
    ]);
  });

  it("refuses SSM document names with a reserved prefix in any case, and parameter names under /aws", async () => {
    const problems = await refused(async () => {
      for (const name of ["AWS-Prefs", "amazonPrefs", "AmZn.prefs"])
        new aws.ssm.Document(name, { name, documentType: "Session", content: "{}" });
      new aws.ssm.Document("ok", { name: "my-prefs", documentType: "Session", content: "{}" });
      new aws.ssm.Parameter("p", { name: "/aws/x", type: "SecureString", value: pulumi.secret("hunter2-secret") });
    });
    const of = (name: string) => problems.find((p) => p.includes(`::${name}: `)) ?? "";
    assert.equal(problems.length, 4);
    assert.match(
      of("AWS-Prefs"),
      /input name = "AWS-Prefs": AWS's API takes no name beginning with aws in any case: AWS reserves aws, amazon, amzn/,
    );
    assert.match(of("amazonPrefs"), /beginning with amazon/);
    assert.match(of("AmZn.prefs"), /beginning with amzn/);
    assert.match(of("p"), /input name = "\/aws\/x": .*beginning with aws .*ssm PutParameter Name/);
    assert.ok(!problems.join("\n").includes("hunter2"));
  });

  it("an organisation with 40 excepted accounts plans green: the SCP description counts them instead of listing them", async () => {
    const org = stackConfig("org") as Record<string, any>;
    org["ec2-access:organization"].serialConsoleScp.exceptAccountIds = Array.from({ length: 40 }, (_, i) => String(100000000000 + i));
    const { plan } = await runPlan({ stack: "org", config: org });
    const scp = plan.resources.find((r) => r.type === "aws:organizations/policy:Policy")!;
    assert.equal(
      scp.inputs.description,
      "Denies enabling and using the EC2 Serial Console outside the 40 accounts the policy's aws:PrincipalAccount condition lists",
    );
    const { plan: two } = await runPlan({ stack: "org", config: stackConfig("org") });
    assert.equal(
      two.resources.find((r) => r.type === "aws:organizations/policy:Policy")!.inputs.description,
      "Denies enabling and using the EC2 Serial Console outside accounts 111122223333, 444455556666",
    );
  });
});
