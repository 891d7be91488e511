// The policies around the alert topic, proved with the IAM simulator: EventBridge may publish
// for this stack's rule only (not another rule, not another account's rule of the same name),
// may use the topic's key, and the forwarding role may put events on the topic Region's bus
// and nowhere else.
import * as assert from "node:assert/strict";
import { alertKeyPolicy, alertTopicPolicy, eventRuleArn, forwardingPolicy, forwardingTrustPolicy } from "../../documents/alerts";
import { simulate } from "../support/iamSimulator";

const ACCOUNT = "777788889999";
const OTHER = "111122223333";
const scope = { partition: "aws", accountId: ACCOUNT };
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ec2-access-prod-access-alerts`;
const RULE = eventRuleArn(scope, "us-east-1", "ec2-access-prod-access-alerts");
const EVENTS = "events.amazonaws.com";

const publish = (sourceArn: string, sourceAccount: string) =>
  simulate({
    identityPolicies: [],
    action: "sns:Publish",
    resource: TOPIC,
    principalArn: EVENTS,
    context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": sourceAccount },
    resourcePolicy: alertTopicPolicy(scope, TOPIC, [RULE]),
  });

describe("alerts: topic, key and forwarding policies (IAM simulator)", () => {
  it("the topic policy is exactly: EventBridge publishes for the named rules of this account", () => {
    assert.deepEqual(alertTopicPolicy(scope, TOPIC, [RULE]), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventBridgeRulesOfThisStack",
          Effect: "Allow",
          Principal: { Service: EVENTS },
          Action: "sns:Publish",
          Resource: TOPIC,
          Condition: { ArnEquals: { "aws:SourceArn": RULE }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
  });

  it("allows EventBridge on behalf of this stack's rule", async () => {
    assert.equal(await publish(RULE, ACCOUNT), "Allowed");
  });

  it("denies EventBridge on behalf of another rule of the account, or a same-named rule of another account", async () => {
    assert.equal(await publish(eventRuleArn(scope, "us-east-1", "someone-elses-rule"), ACCOUNT), "ImplicitlyDenied");
    assert.equal(
      await publish(eventRuleArn({ partition: "aws", accountId: OTHER }, "us-east-1", "ec2-access-prod-access-alerts"), OTHER),
      "ImplicitlyDenied",
    );
    assert.equal(await publish(RULE, OTHER), "ImplicitlyDenied");
  });

  it("admits no identity through the topic policy: a user of another account is denied", async () => {
    const decision = await simulate({
      identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:Publish", Resource: "*" }] }],
      action: "sns:Publish",
      resource: TOPIC,
      principalArn: `arn:aws:iam::${OTHER}:user/mallory`,
      resourcePolicy: alertTopicPolicy(scope, TOPIC, [RULE]),
    });
    assert.equal(decision, "ImplicitlyDenied");
  });

  it("the key lets EventBridge encrypt for the topic, and nothing else of KMS", async () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const use = (action: string) =>
      simulate({ identityPolicies: [], action, resource: key, principalArn: EVENTS, resourcePolicy: alertKeyPolicy(scope) });
    assert.equal(await use("kms:GenerateDataKey"), "Allowed");
    assert.equal(await use("kms:Decrypt"), "Allowed");
    assert.equal(await use("kms:ScheduleKeyDeletion"), "ImplicitlyDenied");
    assert.equal(await use("kms:PutKeyPolicy"), "ImplicitlyDenied");
  });

  it("the forwarding role puts events on the topic Region's default bus only, and only EventBridge of this account assumes it", async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/ec2-access-prod-access-alerts-forwarding`;
    const put = (bus: string) =>
      simulate({ identityPolicies: [forwardingPolicy(scope, "us-east-1")], action: "events:PutEvents", resource: bus, principalArn: role });
    assert.equal(await put(`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`), "Allowed");
    assert.equal(await put(`arn:aws:events:us-west-2:${ACCOUNT}:event-bus/default`), "ImplicitlyDenied");
    assert.equal(await put(`arn:aws:events:us-east-1:${OTHER}:event-bus/default`), "ImplicitlyDenied");
    assert.deepEqual(forwardingTrustPolicy(scope).Statement, [
      {
        Sid: "EventBridgeOfThisAccount",
        Effect: "Allow",
        Principal: { Service: EVENTS },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
  });
});
