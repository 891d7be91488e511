import assert from "node:assert/strict";
import { policyDocument, statement } from "../../documents/policyDocument";
import { simulate } from "./iamSimulator";

const INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7";
const OTHER_INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0";
const SEND = "ec2-instance-connect:SendSerialConsoleSSHPublicKey";

const allowOne = policyDocument([statement({ actions: [SEND], resources: [INSTANCE] })]);

describe("test/support/iamSimulator", () => {
  it("allows what an identity policy allows", async () => {
    assert.equal(await simulate({ identityPolicies: [allowOne], action: SEND, resource: INSTANCE }), "Allowed");
  });

  it("implicitly denies what no statement allows", async () => {
    assert.equal(await simulate({ identityPolicies: [allowOne], action: SEND, resource: OTHER_INSTANCE }), "ImplicitlyDenied");
  });

  it("explicitly denies what a Deny statement names, even when allowed", async () => {
    const deny = policyDocument([statement({ effect: "Deny", actions: [SEND], resources: [INSTANCE] })]);
    assert.equal(await simulate({ identityPolicies: [allowOne, deny], action: SEND, resource: INSTANCE }), "ExplicitlyDenied");
  });

  it("an SCP that denies beats an identity allow; FullAWSAccess keeps the rest", async () => {
    const scp = policyDocument([statement({ effect: "Deny", actions: [SEND], resources: ["*"] })]);
    assert.equal(
      await simulate({ identityPolicies: [allowOne], action: SEND, resource: INSTANCE, serviceControlPolicies: [scp] }),
      "ExplicitlyDenied",
    );
    const unrelated = policyDocument([statement({ effect: "Deny", actions: ["s3:GetObject"], resources: ["*"] })]);
    assert.equal(
      await simulate({ identityPolicies: [allowOne], action: SEND, resource: INSTANCE, serviceControlPolicies: [unrelated] }),
      "Allowed",
    );
  });

  it("throws on an action the simulator does not know, instead of reporting a denial", async () => {
    await assert.rejects(
      simulate({ identityPolicies: [allowOne], action: "ec2-instance-connect:SendSerialConsoleSSHPublicKeys", resource: INSTANCE }),
      /simulator refused/,
    );
  });

  it("throws when a context key would be silently ignored", async () => {
    await assert.rejects(
      simulate({ identityPolicies: [allowOne], action: SEND, resource: INSTANCE, context: { "ec2-access:not-a-key": "x" } }),
      /ignored context keys \["ec2-access:not-a-key"\]/,
    );
  });
});
