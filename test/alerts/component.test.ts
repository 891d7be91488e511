// AccessAlerts through the offline plan (the real program on the mock runtime): which resources
// a stack registers for its alerts, in which Region, and what each one says.
import * as assert from "node:assert/strict";
import { runPlan } from "../../plan/run";
import { AccessAlerts } from "../../components/alerts";
import { ComponentArgsError } from "../../components/checkArgs";

const ACCOUNT = "777788889999";
const base = { "aws:region": "us-east-1", "ec2-access:environment": "prod", "ec2-access:accountId": ACCOUNT };

async function alertResources(config: Record<string, unknown>) {
  const { plan } = await runPlan({ stack: "prod", config: { ...base, ...config }, policies: [] });
  return plan.resources.filter((r) => r.urn.includes("ec2-access:alerts:AccessAlerts"));
}

const byName = (rs: { type: string; name: string; inputs: Record<string, unknown> }[]) =>
  new Map(rs.map((r) => [`${r.type} ${r.name}`, r.inputs]));
const RULE_NAME = "ec2-access-prod-access-alerts";

describe("components/alerts through the offline plan", () => {
  it("two Regions, created topic: a rule per Region, the topic's Region publishes, the other forwards to its bus", async () => {
    const rs = await alertResources({
      "ec2-access:regions": ["us-east-1", "us-west-2"],
      "ec2-access:alerts": { email: ["security@example.com"] },
    });
    assert.deepEqual(rs.map((r) => `${r.type} ${r.name}`).sort(), [
      "aws:cloudwatch/eventRule:EventRule alerts-us-east-1",
      "aws:cloudwatch/eventRule:EventRule alerts-us-west-2",
      "aws:cloudwatch/eventTarget:EventTarget alerts-us-east-1",
      "aws:cloudwatch/eventTarget:EventTarget alerts-us-west-2",
      "aws:iam/role:Role alerts-forwarding",
      "aws:iam/rolePolicy:RolePolicy alerts-forwarding",
      "aws:kms/key:Key alerts-key",
      "aws:sns/topic:Topic alerts-topic",
      "aws:sns/topicPolicy:TopicPolicy alerts-topic",
      "aws:sns/topicSubscription:TopicSubscription alerts-email-security@example.com",
      "ec2-access:alerts:AccessAlerts alerts",
    ]);
    const r = byName(rs);
    const pattern = (n: string) =>
      JSON.parse(r.get(`aws:cloudwatch/eventRule:EventRule ${n}`)!.eventPattern as string) as { region: string[] };
    assert.deepEqual(pattern("alerts-us-east-1").region, ["us-east-1", "us-west-2"]);
    assert.deepEqual(pattern("alerts-us-west-2").region, ["us-west-2"]);
    assert.equal(r.get("aws:cloudwatch/eventRule:EventRule alerts-us-west-2")!.region, "us-west-2");
    assert.equal(r.get("aws:cloudwatch/eventRule:EventRule alerts-us-east-1")!.name, RULE_NAME);

    const forward = r.get("aws:cloudwatch/eventTarget:EventTarget alerts-us-west-2")!;
    assert.equal(forward.arn, `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`);
    assert.equal(forward.roleArn, `arn:aws:iam::${ACCOUNT}:role/ec2-access-prod-access-alerts-forwarding`);
    const topic = r.get("aws:sns/topic:Topic alerts-topic")!;
    assert.equal(
      r.get("aws:cloudwatch/eventTarget:EventTarget alerts-us-east-1")!.arn,
      r.get("aws:sns/topicPolicy:TopicPolicy alerts-topic")!.arn,
    );
    assert.match(String(topic.kmsMasterKeyId), /^arn:aws:kms:us-east-1:777788889999:key\//, "a customer managed key, not alias/aws/sns");

    const policy = JSON.parse(r.get("aws:sns/topicPolicy:TopicPolicy alerts-topic")!.policy as string) as {
      Statement: { Resource: string; Condition: unknown }[];
    };
    assert.equal(policy.Statement[0].Resource, `arn:aws:sns:us-east-1:${ACCOUNT}:${RULE_NAME}`);
    assert.deepEqual(policy.Statement[0].Condition, {
      ArnEquals: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/${RULE_NAME}` },
      StringEquals: { "aws:SourceAccount": ACCOUNT },
    });
    const sub = r.get("aws:sns/topicSubscription:TopicSubscription alerts-email-security@example.com")!;
    assert.deepEqual([sub.protocol, sub.endpoint, sub.region], ["email", "security@example.com", "us-east-1"]);
  });

  it("an existing topic in a Region outside the stack's: a receiving rule there, no topic, key or policy of ours", async () => {
    const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:security-alerts`;
    const rs = await alertResources({ "ec2-access:alerts": { topic, events: ["session-manager"] } });
    assert.deepEqual(rs.map((r) => `${r.type} ${r.name}`).sort(), [
      "aws:cloudwatch/eventRule:EventRule alerts-eu-west-1",
      "aws:cloudwatch/eventRule:EventRule alerts-us-east-1",
      "aws:cloudwatch/eventTarget:EventTarget alerts-eu-west-1",
      "aws:cloudwatch/eventTarget:EventTarget alerts-us-east-1",
      "aws:iam/role:Role alerts-forwarding",
      "aws:iam/rolePolicy:RolePolicy alerts-forwarding",
      "ec2-access:alerts:AccessAlerts alerts",
    ]);
    const r = byName(rs);
    // The receiving rule takes the stack's Region only: eu-west-1's own sessions are not this stack's.
    const receiving = JSON.parse(r.get("aws:cloudwatch/eventRule:EventRule alerts-eu-west-1")!.eventPattern as string) as Record<
      string,
      unknown
    >;
    assert.deepEqual(receiving, {
      "detail-type": ["AWS API Call via CloudTrail"],
      region: ["us-east-1"],
      detail: { eventSource: ["ssm.amazonaws.com"], eventName: ["StartSession", "ResumeSession", "TerminateSession"] },
    });
    assert.equal(r.get("aws:cloudwatch/eventTarget:EventTarget alerts-eu-west-1")!.arn, topic);
    assert.equal(
      r.get("aws:cloudwatch/eventTarget:EventTarget alerts-us-east-1")!.arn,
      `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`,
    );
  });

  it("one Region: no forwarding role", async () => {
    const rs = await alertResources({ "ec2-access:alerts": {} });
    assert.equal(rs.filter((r) => r.type.startsWith("aws:iam/")).length, 0);
    assert.equal(rs.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule").length, 1);
  });
});

describe("components/alerts as a library: args are the alerts section plus stack", () => {
  it("refuses bad args with the config's messages, the component's name in place of the key, before registering anything", async () => {
    let error: unknown;
    const { plan } = await runPlan({
      stack: "prod",
      config: base,
      program: async () => {
        try {
          new AccessAlerts("security", { stack: { environment: "prod", regions: ["us-east-1"] }, events: ["ssh" as never] });
        } catch (e) {
          error = e;
        }
        try {
          new AccessAlerts("other", {
            stack: { environment: "prod", regions: ["us-east-1"], accountId: "111122223333" },
            topic: `arn:aws:sns:us-east-1:${ACCOUNT}:t`,
          });
        } catch (e) {
          (error as { other?: unknown }).other = e;
        }
      },
    });
    assert.ok(error instanceof ComponentArgsError, String(error));
    assert.deepEqual(error.problems, [
      'security.events[0]: got "ssh"; expected one of serial-console, instance-connect, session-manager, account-setting',
    ]);
    const other = (error as { other?: unknown }).other;
    assert.ok(other instanceof ComponentArgsError, String(other));
    assert.deepEqual(other.problems, [
      `other.topic: got "arn:aws:sns:us-east-1:${ACCOUNT}:t"; expected a topic of the stack's account 111122223333 (the rule publishes to a topic of its own account), or create`,
    ]);
    assert.equal(plan.resources.filter((r) => r.urn.includes("AccessAlerts")).length, 0);
  });

  it("used directly with the defaults: a created topic and every event", async () => {
    const { plan } = await runPlan({
      stack: "prod",
      config: base,
      program: async () => {
        new AccessAlerts("security", { stack: { environment: "prod", regions: ["eu-west-1"], accountId: ACCOUNT } });
      },
    });
    const rule = plan.resources.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule")!;
    assert.equal(rule.inputs.region, "eu-west-1");
    assert.equal((JSON.parse(rule.inputs.eventPattern as string) as { detail: { $or: unknown[] } }).detail.$or.length, 3);
    assert.ok(plan.resources.some((r) => r.type === "aws:sns/topic:Topic"));
  });
});
