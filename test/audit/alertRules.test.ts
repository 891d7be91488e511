// What the audit expects of a stack's alert rules, read from the stack's own offline plan.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { plannedAlertRules } from "../../audit/alerts";
import { readStackFile } from "../../config/stackFile";
import { planStack } from "../../plan/run";

const ROOT = path.resolve(__dirname, "../../..");
const prodConfig = () => readStackFile(path.join(ROOT, "Pulumi.prod.yaml")).raw;

describe("audit: the alert rules a plan registers", function () {
  this.timeout(60_000);
  const ssm = ["StartSession", "ResumeSession", "TerminateSession"].map((eventName) => ({ eventSource: "ssm.amazonaws.com", eventName }));

  it("prod (created topic, two Regions): the topic Region's rule takes both Regions and publishes to the topic; the other forwards to its bus", async () => {
    const rules = plannedAlertRules(await planStack({ stack: "prod", config: prodConfig() }));
    assert.deepEqual(
      rules.map((r) => ({ ...r, events: r.events.length })),
      [
        {
          region: "us-east-1",
          name: "ec2-access-prod-access-alerts",
          matchedRegions: ["us-east-1", "us-west-2"],
          events: 8,
          topicName: "ec2-access-prod-access-alerts",
        },
        {
          region: "us-west-2",
          name: "ec2-access-prod-access-alerts",
          matchedRegions: ["us-west-2"],
          events: 8,
          targetArn: "arn:aws:events:us-east-1:777788889999:event-bus/default",
        },
      ],
    );
  });

  it("an existing topic and only session-manager events: the rule targets that ARN and matches the three Session Manager calls", async () => {
    const topic = "arn:aws:sns:us-east-1:777788889999:security-alerts";
    const config = { ...prodConfig(), "ec2-access:regions": ["us-east-1"], "ec2-access:alerts": { topic, events: ["session-manager"] } };
    const rules = plannedAlertRules(await planStack({ stack: "prod", config }));
    assert.deepEqual(rules, [
      { region: "us-east-1", name: "ec2-access-prod-access-alerts", matchedRegions: ["us-east-1"], events: ssm, targetArn: topic },
    ]);
  });

  it("a stack without alerts has none (the audit then makes no CloudTrail or EventBridge call)", async () => {
    assert.deepEqual(
      plannedAlertRules(await planStack({ stack: "dev", config: readStackFile(path.join(ROOT, "Pulumi.dev.yaml")).raw })),
      [],
    );
  });
});
