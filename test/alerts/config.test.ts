// `ec2-access:alerts` refuses what EventBridge or SNS would refuse at deploy time, one message
// per problem naming the key and the value, and the CLI exits 2 before any resource exists.
import * as assert from "node:assert/strict";
import { load, problems } from "../config/helpers";
import { main } from "../../cli/main";
import { memoryIo, project } from "../plan/support";

const TOPIC = "arn:aws:sns:us-east-1:777788889999:security-alerts";

describe("config: ec2-access:alerts", () => {
  it("defaults to a created topic, no e-mail and every event", () => {
    assert.deepEqual(load({ alerts: {} }).alerts, {
      topic: "create",
      email: [],
      events: ["serial-console", "instance-connect", "session-manager", "account-setting"],
    });
  });

  it("accepts an existing topic of the stack's account", () => {
    assert.equal(load({ accountId: "777788889999", alerts: { topic: TOPIC } }).alerts?.topic, TOPIC);
  });

  it("refuses a topic that is neither create nor an SNS topic ARN", () => {
    assert.deepEqual(problems({ alerts: { topic: "security-alerts" } }), [
      'ec2-access:alerts.topic: got "security-alerts"; expected create, or an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
    ]);
  });

  it("refuses an unknown event and an empty list of events", () => {
    assert.deepEqual(problems({ alerts: { events: ["ssh"] } }), [
      'ec2-access:alerts.events[0]: got "ssh"; expected one of serial-console, instance-connect, session-manager, account-setting',
    ]);
    assert.deepEqual(problems({ alerts: { events: [] } }), [
      "ec2-access:alerts.events: got []; expected at least one event: serial-console, instance-connect, session-manager, account-setting",
    ]);
  });

  it("refuses a malformed e-mail address and e-mail with an existing topic", () => {
    assert.deepEqual(problems({ alerts: { email: ["security at example.com"] } }), [
      'ec2-access:alerts.email[0]: got "security at example.com"; expected an e-mail address such as security@example.com',
    ]);
    assert.deepEqual(problems({ alerts: { topic: TOPIC, email: ["security@example.com"] } }), [
      'ec2-access:alerts.email: got ["security@example.com"]; expected no e-mail addresses with an existing topic (subscribe them to that topic where it is managed), or topic: create',
    ]);
  });

  it("refuses a topic of another account or partition", () => {
    assert.deepEqual(problems({ accountId: "111122223333", alerts: { topic: TOPIC } }), [
      `ec2-access:alerts.topic: got "${TOPIC}"; expected a topic of the stack's account 111122223333 (the rule publishes to a topic of its own account), or create`,
    ]);
    assert.deepEqual(problems({ "aws:region": "cn-north-1", alerts: { topic: TOPIC } }), [
      `ec2-access:alerts.topic: got "${TOPIC}"; expected a topic in the stack's partition (aws-cn), or create`,
    ]);
  });

  it("the plan exits 2 with the message and registers nothing", async () => {
    const io = memoryIo(
      project({
        "Pulumi.a.yaml": "config:\n  aws:region: us-east-1\n  ec2-access:environment: dev\n  ec2-access:alerts:\n    events: [ssh]\n",
      }),
    );
    const code = await main(["plan", "--stack", "a"], io);
    assert.equal(code, 2, io.err);
    assert.equal(io.out, "");
    assert.match(
      io.err,
      /ec2-access:alerts\.events\[0\]: got "ssh"; expected one of serial-console, instance-connect, session-manager, account-setting/,
    );
  });
});
