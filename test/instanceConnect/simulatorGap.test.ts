// The simulator's data gaps that test/support/iamSimulator.ts works around for Instance
// Connect. These tests fail the day the library fixes them, so that the fallback goes away,
// and prove that the fallback does not let a wrong request through unnoticed.
import assert from "node:assert/strict";
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { policyDocument, statement } from "../../documents/policyDocument";
import { simulate } from "../support/iamSimulator";

const INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0";
const ENDPOINT = "arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/eice-0123456789abcdef0";
const SEND = "ec2-instance-connect:SendSSHPublicKey";
const OPEN_TUNNEL = "ec2-instance-connect:OpenTunnel";

const policy = policyDocument([
  statement({ actions: [SEND], resources: [INSTANCE], conditions: { StringEquals: { "ec2:osuser": "ec2-user" } } }),
  statement({ actions: [OPEN_TUNNEL], resources: [ENDPOINT], conditions: { NumericEquals: { "ec2-instance-connect:remotePort": "22" } } }),
]);

function rawSimulation(action: string, resource: string, context: Record<string, string>): Simulation {
  return {
    request: {
      principal: "arn:aws:iam::111122223333:user/alice",
      action,
      resource: { resource, accountId: "111122223333" },
      contextVariables: context,
    },
    identityPolicies: [{ name: "grant", policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
}

describe("simulator data gaps for Instance Connect (iam-simulate 0.1.173)", () => {
  it("the validating entry point still throws on ec2:osuser", async () => {
    await assert.rejects(
      runSimulation(rawSimulation(SEND, INSTANCE, { "ec2:osuser": "ec2-user" }), {}),
      /Condition key ec2:osuser not found/,
    );
  });

  it("the validating entry point still refuses OpenTunnel's resource type", async () => {
    const result = await runSimulation(rawSimulation(OPEN_TUNNEL, ENDPOINT, { "ec2-instance-connect:remotePort": "22" }), {});
    assert.equal(result.resultType, "error");
    assert.deepEqual(result.resultType === "error" ? result.errors : undefined, { message: "multiple.resource.types" });
  });

  it("the fallback still refuses a context key not documented for the action", async () => {
    await assert.rejects(
      simulate({
        identityPolicies: [policy],
        action: SEND,
        resource: INSTANCE,
        context: { "ec2:osuser": "ec2-user", "ec2:osusr": "root" },
      }),
      /context keys \["ec2:osusr"\] are not documented/,
    );
    await assert.rejects(
      simulate({
        identityPolicies: [policy],
        action: OPEN_TUNNEL,
        resource: ENDPOINT,
        context: { "ec2-instance-connect:remoteport2": "22" },
      }),
      /not documented for ec2-instance-connect:OpenTunnel/,
    );
  });

  it("a resource of another type is still refused, by the validator or by the fallback", async () => {
    await assert.rejects(
      simulate({
        identityPolicies: [policy],
        action: OPEN_TUNNEL,
        resource: INSTANCE,
        context: { "ec2-instance-connect:remotePort": "22" },
      }),
      /simulator refused .*no\.resource\.types/,
    );
    await assert.rejects(
      simulate({ identityPolicies: [policy], action: SEND, resource: ENDPOINT, context: { "ec2:osuser": "ec2-user" } }),
      /simulator refused .*no\.resource\.types|not a resource of that action/,
    );
  });

  it("the fallback decides on the conditions: the right OS user is allowed, another is denied", async () => {
    assert.equal(
      await simulate({ identityPolicies: [policy], action: SEND, resource: INSTANCE, context: { "ec2:osuser": "ec2-user" } }),
      "Allowed",
    );
    assert.equal(
      await simulate({ identityPolicies: [policy], action: SEND, resource: INSTANCE, context: { "ec2:osuser": "root" } }),
      "ImplicitlyDenied",
    );
  });
});
