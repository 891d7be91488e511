// `audit --stack` for a stack with alerts, against moto's server: do its rules receive anything?
// They do only while a CloudTrail trail logging management write events covers their Regions
// (docs/alerts.md); the trails and rules are made through the SDK, as a person would.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import * as ct from "@aws-sdk/client-cloudtrail";
import * as eb from "@aws-sdk/client-eventbridge";
import type { Io } from "../../cli/main";
import { main } from "../../cli/main";
import type { AuditReport } from "../../audit/format";
import { checkAlerts, plannedAlertRules } from "../../audit/alerts";
import { makeClients, quietSdkNotices } from "../../audit/clients";
import { readAccount } from "../../audit/read";
import { planStack } from "../../plan/run";
import type { Moto } from "../support/moto";
import { FAKE_AWS_ENV, startMoto } from "../support/moto";

const ROOT = path.resolve(__dirname, "../../..");
const ACCOUNT = "111122223333";
const STACK = "alerting";
const CONFIG = {
  "aws:region": "us-east-1",
  "ec2-access:environment": "alerting",
  "ec2-access:accountId": ACCOUNT,
  "ec2-access:regions": ["us-east-1", "us-west-2"],
  "ec2-access:alerts": { topic: "create" },
};
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

describe("audit --stack: can the stack's alerts fire (a logging CloudTrail trail, the rules in place)", function () {
  this.timeout(180_000);
  let moto: Moto;
  let dir: string;
  const saved = { ...process.env };
  const clients: { destroy: () => void }[] = [];
  const trail = (region: string) => {
    const c = new ct.CloudTrailClient({ endpoint: moto.endpoint, region, credentials });
    clients.push(c);
    return c;
  };
  const events = (region: string) => {
    const c = new eb.EventBridgeClient({ endpoint: moto.endpoint, region, credentials });
    clients.push(c);
    return c;
  };

  before(async () => {
    Object.assign(process.env, FAKE_AWS_ENV, { AWS_EC2_METADATA_DISABLED: "true" });
    quietSdkNotices();
    moto = await startMoto({ MOTO_ACCOUNT_ID: ACCOUNT });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-alerts-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${STACK}.yaml`), stringify({ config: CONFIG }));
  });
  after(async () => {
    clients.forEach((c) => c.destroy());
    await moto?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  });
  beforeEach(async () => {
    moto.setFaults({});
    await moto.reset();
  });

  /** The stack's rules and targets as `pulumi up` leaves them (names and targets from the plan). */
  async function deployRules(skip: string[] = []) {
    const plan = await planStack({ stack: STACK, config: CONFIG });
    for (const rule of plannedAlertRules(plan)) {
      if (skip.includes(rule.region)) continue;
      const c = events(rule.region);
      await c.send(new eb.PutRuleCommand({ Name: rule.name, EventPattern: JSON.stringify({ source: ["aws.ec2"] }), State: "ENABLED" }));
      const Arn = rule.topicName ? `arn:aws:sns:${rule.region}:${ACCOUNT}:${rule.topicName}` : rule.targetArn!;
      await c.send(new eb.PutTargetsCommand({ Rule: rule.name, Targets: [{ Id: "t", Arn }] }));
    }
  }

  /** A trail (its bucket first: CloudTrail needs one) in `home`, logging unless `logging` is false. */
  async function createTrail(
    home: string,
    opts: { multiRegion?: boolean; logging?: boolean; selectors?: Omit<ct.PutEventSelectorsCommandInput, "TrailName"> } = {},
  ) {
    const Name = `org-trail-${home}`;
    // An unsigned request is S3 to moto's server.
    const put = await fetch(`${moto.endpoint}/${Name}-logs`, { method: "PUT" });
    assert.ok(put.ok, await put.text());
    const c = trail(home);
    await c.send(new ct.CreateTrailCommand({ Name, S3BucketName: `${Name}-logs`, IsMultiRegionTrail: opts.multiRegion ?? true }));
    if (opts.selectors) await c.send(new ct.PutEventSelectorsCommand({ TrailName: Name, ...opts.selectors }));
    if (opts.logging !== false) await c.send(new ct.StartLoggingCommand({ Name }));
  }

  async function audit(format = "json") {
    let stdout = "";
    let stderr = "";
    const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdin: async () => "", cwd: dir };
    const code = await main(["audit", "--stack", STACK, "--endpoint-url", moto.endpoint, "--format", format], io);
    return { code, stdout, stderr, report: format === "json" ? (JSON.parse(stdout) as AuditReport) : undefined };
  }

  const noTrailFinding = (region: string) => ({
    region,
    missing: `no CloudTrail trail in ${region}: the alerts cannot fire`,
    fix: "create or start a trail that logs management events (All or WriteOnly) in this Region, e.g. one multi-Region trail (docs/alerts.md)",
    verified: true,
  });

  it("no trail: a finding per Region of the stack, in text and JSON, exit 1", async () => {
    await deployRules();
    const r = await audit();
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.report!.alerts, { stack: STACK, findings: [noTrailFinding("us-east-1"), noTrailFinding("us-west-2")] });
    assert.deepEqual(r.report!.drift, { stack: STACK, unexpected: [], missing: [] });
    const text = await audit("text");
    assert.equal(text.code, 1);
    assert.match(
      text.stdout,
      /\nAlerts of stack alerting: 2 findings\n {2}us-east-1: no CloudTrail trail in us-east-1: the alerts cannot fire\n {4}fix: create or start a trail/,
    );
    const markdown = await audit("markdown");
    assert.equal(markdown.code, 1);
    assert.match(
      markdown.stdout,
      /\n### Alerts of stack alerting: 2 findings\n\n- us-east-1: no CloudTrail trail in us-east-1: the alerts cannot fire<br>fix: create or start a trail/,
    );
  });

  it("a logging multi-Region trail with AWS's default selectors (all management events) covers every Region: no finding, exit 0", async () => {
    await deployRules();
    await createTrail("us-east-1");
    const r = await audit();
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.deepEqual(r.report!.alerts, { stack: STACK, findings: [] });
    assert.match((await audit("text")).stdout, /\nAlerts of stack alerting: a logging trail and the rules in place in every Region\n/);
  });

  it("write-only management events, by classic or advanced selectors, are enough", async () => {
    await deployRules();
    await createTrail("us-east-1", { selectors: { EventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }] } });
    assert.deepEqual((await audit()).report!.alerts!.findings, []);
    await moto.reset();
    await deployRules();
    // AWS's example "log management events, excluding AWS KMS" with write events only.
    await createTrail("us-east-1", {
      selectors: {
        AdvancedEventSelectors: [
          {
            Name: "Management write events except KMS",
            FieldSelectors: [
              { Field: "eventCategory", Equals: ["Management"] },
              { Field: "readOnly", Equals: ["false"] },
              { Field: "eventSource", NotEquals: ["kms.amazonaws.com"] },
            ],
          },
        ],
      },
    });
    assert.deepEqual((await audit()).report!.alerts!.findings, []);
  });

  it("a single-Region trail covers its own Region only: the other Region is a finding", async () => {
    await deployRules();
    await createTrail("us-east-1", { multiRegion: false });
    const r = await audit();
    assert.equal(r.code, 1);
    assert.deepEqual(r.report!.alerts!.findings, [noTrailFinding("us-west-2")]);
  });

  const cases: [string, Parameters<typeof createTrail>[1], string][] = [
    ["logging stopped", { logging: false }, "org-trail-us-east-1: not logging"],
    [
      "management events excluded",
      { selectors: { EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: false }] } },
      "org-trail-us-east-1: does not log management events",
    ],
    [
      "read-only management events",
      { selectors: { EventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }] } },
      "org-trail-us-east-1: logs only read-only management events",
    ],
    [
      "read-only management events (advanced selectors)",
      {
        selectors: {
          AdvancedEventSelectors: [
            {
              FieldSelectors: [
                { Field: "eventCategory", Equals: ["Management"] },
                { Field: "readOnly", Equals: ["true"] },
              ],
            },
          ],
        },
      },
      "org-trail-us-east-1: logs only read-only management events",
    ],
  ];
  for (const [what, opts, why] of cases)
    it(`a multi-Region trail with ${what}: a finding in each Region naming the trail, exit 1`, async () => {
      await deployRules();
      await createTrail("us-east-1", opts);
      const r = await audit();
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(
        r.report!.alerts!.findings.map((f) => [f.region, f.missing, f.trails]),
        ["us-east-1", "us-west-2"].map((region) => [
          region,
          `no CloudTrail trail logs the alerts' management write events in ${region}: those alerts cannot fire`,
          [why],
        ]),
      );
    });

  it("a trail that leaves out ssm.amazonaws.com: the Session Manager alerts are named as the ones that cannot fire", async () => {
    await deployRules();
    await createTrail("us-east-1", {
      selectors: {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: "eventCategory", Equals: ["Management"] },
              { Field: "eventSource", NotEquals: ["ssm.amazonaws.com"] },
            ],
          },
        ],
      },
    });
    const f = (await audit()).report!.alerts!.findings[0];
    assert.equal(
      f.missing,
      "no CloudTrail trail logs ssm.amazonaws.com StartSession, ssm.amazonaws.com ResumeSession, ssm.amazonaws.com TerminateSession in us-east-1: those alerts cannot fire",
    );
  });

  it("a rule that is missing or disabled, or lost its target, is a finding even with a good trail", async () => {
    await createTrail("us-east-1");
    await deployRules(["us-west-2"]);
    let r = await audit();
    assert.equal(r.code, 1);
    assert.deepEqual(r.report!.alerts!.findings, [
      {
        region: "us-west-2",
        missing: "the alert rule ec2-access-alerting-access-alerts does not exist in us-west-2",
        fix: "deploy the stack (pulumi up), or enable the rule",
        verified: true,
      },
    ]);
    await moto.reset();
    await createTrail("us-east-1");
    await deployRules();
    await events("us-east-1").send(new eb.DisableRuleCommand({ Name: "ec2-access-alerting-access-alerts" }));
    await events("us-west-2").send(new eb.RemoveTargetsCommand({ Rule: "ec2-access-alerting-access-alerts", Ids: ["t"] }));
    r = await audit();
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.report!.alerts!.findings.map((f) => f.missing),
      [
        "the alert rule ec2-access-alerting-access-alerts is DISABLED",
        `the alert rule ec2-access-alerting-access-alerts does not target arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default (targets: none)`,
      ],
    );
  });

  it("a denied CloudTrail read is named, the finding says it could not verify, and it does not set the exit status", async () => {
    await deployRules();
    moto.setFaults({ DescribeTrails: { code: "AccessDeniedException", status: 400, times: 10 } });
    const r = await audit();
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stderr, /warning: not read: {2}cloudtrail:DescribeTrails in us-east-1: AccessDeniedException/);
    assert.deepEqual(
      r.report!.alerts!.findings.map((f) => [f.region, f.verified]),
      [
        ["us-east-1", false],
        ["us-west-2", false],
      ],
    );
  });

  it("every call the audit makes for a stack with alerts is in the README's list of the permissions it needs", async () => {
    await deployRules();
    await createTrail("us-east-1");
    const plan = await planStack({ stack: STACK, config: CONFIG });
    const clients = makeClients({ endpoint: moto.endpoint });
    try {
      const snapshot = await readAccount(clients, { regions: plan.regions });
      await checkAlerts(clients, STACK, plannedAlertRules(plan), snapshot.failures);
      assert.deepEqual(snapshot.failures, []);
    } finally {
      clients.destroy();
    }
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("Permissions (read only)"), readme.indexOf("A denied call is named"));
    const called = [...clients.counts.keys()].map((c) => c.replace(/Command$/, ""));
    assert.ok(called.includes("GetEventSelectors") && called.includes("ListTargetsByRule"), called.join(", "));
    // The README abbreviates IAM's families (List{User,Group,Role}Policies): expand them first.
    const listed = section.replace(/(\w*)\{([^}]+)\}(\w*)/g, (_, a: string, alts: string, b: string) =>
      alts
        .split(",")
        .map((x) => a + x + b)
        .join(" "),
    );
    assert.deepEqual(
      called.filter((c) => !new RegExp(`\\b${c}\\b`).test(listed)),
      [],
    );
  });
});
