// Least privilege, proved both ways for every grant kind: the right principal reaches the
// right instance, and every neighbouring request is denied.
import assert from "node:assert/strict";
import type { ArnScope } from "../../documents/arn";
import { instanceArn } from "../../documents/arn";
import {
  ACCOUNT_SETTING_ACTIONS,
  SEND_SERIAL_CONSOLE_KEY,
  serialConsoleAdminDocument,
  serialConsoleGrantDocument,
} from "../../documents/serialConsole";
import { serialConsoleScpDocument } from "../../documents/serviceControlPolicy";
import { osPasswordReadDocument, ssmParameterArn } from "../../documents/osPassword";
import type { PolicyDocument } from "../../documents/policyDocument";
import type { Target } from "../../model/target";
import type { Decision, ResourcePolicyDocument } from "../support/iamSimulator";
import { simulate } from "../support/iamSimulator";

const ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "444455556666";
const scope: ArnScope = { partition: "aws", accountId: ACCOUNT };
const REGIONS = ["us-east-1", "eu-west-1"];
const TARGET_ID = "i-0598c7d356eba48d7";
const OTHER_ID = "i-1234567890abcdef0";
const DENIED_ID = "i-0abcdef1234567890";
const at = (id: string, region = "us-east-1", account = ACCOUNT) => instanceArn({ partition: "aws", accountId: account }, region, id);

interface Kind {
  target: Target;
  /** Request context that makes the target instance match the grant. */
  matching: Record<string, string>;
}

const KINDS: Record<string, Kind> = {
  instanceIds: { target: { kind: "instanceIds", instanceIds: [TARGET_ID] }, matching: {} },
  principalTag: {
    target: { kind: "principalTag", key: "SerialConsole" },
    matching: { "aws:PrincipalTag/SerialConsole": "blue", "aws:ResourceTag/SerialConsole": "blue" },
  },
  tags: { target: { kind: "tags", tags: { Team: ["web", "api"] } }, matching: { "aws:ResourceTag/Team": "api" } },
  allInstances: { target: { kind: "allInstances" }, matching: {} },
};

const send = (policy: PolicyDocument, resource: string, context: Record<string, string> = {}, principalArn?: string): Promise<Decision> =>
  simulate({ identityPolicies: [policy], action: SEND_SERIAL_CONSOLE_KEY, resource, context, principalArn });

for (const [name, kind] of Object.entries(KINDS)) {
  describe(`serial console grant by ${name}: simulated`, () => {
    const policy = serialConsoleGrantDocument({ scope, regions: REGIONS, target: kind.target, denyInstanceIds: [DENIED_ID] });

    it("allows the connect action on the target instance, in each Region of the stack", async () => {
      for (const region of REGIONS) assert.equal(await send(policy, at(TARGET_ID, region), kind.matching), "Allowed", region);
    });

    it("allows the console's describe and status calls", async () => {
      for (const action of ["ec2:DescribeInstances", "ec2:DescribeInstanceTypes", "ec2:GetSerialConsoleAccessStatus"]) {
        assert.equal(await simulate({ identityPolicies: [policy], action, resource: "*" }), "Allowed", action);
      }
    });

    it("denies a Region the stack does not manage", async () => {
      assert.equal(await send(policy, at(TARGET_ID, "ap-south-1"), kind.matching), "ImplicitlyDenied");
    });

    it("denies an instance of another account", async () => {
      assert.equal(await send(policy, at(TARGET_ID, "us-east-1", OTHER_ACCOUNT), kind.matching), "ImplicitlyDenied");
    });

    it("denies the instances of denyInstanceIds explicitly, even when they match the target", async () => {
      assert.equal(await send(policy, at(DENIED_ID), kind.matching), "ExplicitlyDenied");
    });

    it("does not allow Instance Connect's SendSSHPublicKey", async () => {
      const decision = await simulate({
        identityPolicies: [policy],
        action: "ec2-instance-connect:SendSSHPublicKey",
        resource: at(TARGET_ID),
        context: kind.matching,
      });
      assert.equal(decision, "ImplicitlyDenied");
    });

    it("does not allow changing the account setting", async () => {
      for (const action of ["ec2:EnableSerialConsoleAccess", "ec2:DisableSerialConsoleAccess"]) {
        assert.equal(await simulate({ identityPolicies: [policy], action, resource: "*" }), "ImplicitlyDenied", action);
      }
    });

    if (name === "instanceIds") {
      it("denies another instance", async () => {
        assert.equal(await send(policy, at(OTHER_ID)), "ImplicitlyDenied");
      });
    }
    if (name === "principalTag") {
      it("denies when the instance's tag differs from the principal's", async () => {
        assert.equal(
          await send(policy, at(OTHER_ID), { "aws:PrincipalTag/SerialConsole": "green", "aws:ResourceTag/SerialConsole": "blue" }),
          "ImplicitlyDenied",
        );
      });
      it("denies a principal without the tag", async () => {
        assert.equal(await send(policy, at(TARGET_ID), { "aws:ResourceTag/SerialConsole": "blue" }), "ImplicitlyDenied");
      });
      it("denies an instance without the tag", async () => {
        assert.equal(await send(policy, at(TARGET_ID), { "aws:PrincipalTag/SerialConsole": "blue" }), "ImplicitlyDenied");
      });
    }
    if (name === "tags") {
      it("denies an instance whose tag has another value, or no such tag", async () => {
        assert.equal(await send(policy, at(OTHER_ID), { "aws:ResourceTag/Team": "db" }), "ImplicitlyDenied");
        assert.equal(await send(policy, at(OTHER_ID)), "ImplicitlyDenied");
      });
    }
  });
}

describe("serial console admin policy: simulated", () => {
  const admin = serialConsoleAdminDocument();

  it("allows viewing, enabling and disabling the account setting", async () => {
    for (const action of ACCOUNT_SETTING_ACTIONS)
      assert.equal(await simulate({ identityPolicies: [admin], action, resource: "*" }), "Allowed", action);
  });

  it("allows nothing on instances", async () => {
    assert.equal(await send(admin, at(TARGET_ID)), "ImplicitlyDenied");
    assert.equal(await simulate({ identityPolicies: [admin], action: "ec2:DescribeInstances", resource: "*" }), "ImplicitlyDenied");
  });
});

describe("serial console SCP: simulated", () => {
  // An administrator who may do everything: only the SCP stands in the way.
  const everything: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  const scp = serialConsoleScpDocument([ACCOUNT]);
  const request = (account: string, action: string, resource: string) =>
    simulate({
      identityPolicies: [everything],
      action,
      resource,
      principalArn: `arn:aws:iam::${account}:role/admin`,
      resourceAccountId: account,
      serviceControlPolicies: [scp],
    });

  it("denies enabling the serial console and connecting in an account that is not excepted", async () => {
    assert.equal(await request(OTHER_ACCOUNT, "ec2:EnableSerialConsoleAccess", "*"), "ExplicitlyDenied");
    assert.equal(await request(OTHER_ACCOUNT, SEND_SERIAL_CONSOLE_KEY, at(TARGET_ID, "us-east-1", OTHER_ACCOUNT)), "ExplicitlyDenied");
  });

  it("leaves an excepted account alone", async () => {
    assert.equal(await request(ACCOUNT, "ec2:EnableSerialConsoleAccess", "*"), "Allowed");
    assert.equal(await request(ACCOUNT, SEND_SERIAL_CONSOLE_KEY, at(TARGET_ID)), "Allowed");
  });

  it("lets anyone disable it, everywhere (the safe direction)", async () => {
    assert.equal(await request(OTHER_ACCOUNT, "ec2:DisableSerialConsoleAccess", "*"), "Allowed");
  });
});

describe("OS password read policy: simulated", () => {
  const region = "us-east-1";
  const parameterArn = ssmParameterArn(scope, region, "/ec2-access/prod/serial-console/os-password/root");
  const keyArn = `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const policy = osPasswordReadDocument([{ region, parameterArn, keyArn }]);
  const role = `arn:aws:iam::${ACCOUNT}:role/instance`;
  // The key is created with KMS's default key policy, which hands its use over to IAM
  // policies of the account: without a key policy that does, no identity policy can allow.
  const defaultKeyPolicy: ResourcePolicyDocument = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Enable IAM User Permissions",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  };
  const decrypt = (resource: string, context: Record<string, string>) =>
    simulate({
      identityPolicies: [policy],
      action: "kms:Decrypt",
      resource,
      principalArn: role,
      context,
      resourcePolicy: defaultKeyPolicy,
    });

  it("reads exactly that parameter", async () => {
    assert.equal(
      await simulate({ identityPolicies: [policy], action: "ssm:GetParameter", resource: parameterArn, principalArn: role }),
      "Allowed",
    );
    const other = ssmParameterArn(scope, region, "/ec2-access/prod/other");
    assert.equal(
      await simulate({ identityPolicies: [policy], action: "ssm:GetParameter", resource: other, principalArn: role }),
      "ImplicitlyDenied",
    );
  });

  it("decrypts with that parameter's key, only through SSM", async () => {
    const viaSsm = { "kms:ViaService": `ssm.${region}.amazonaws.com` };
    assert.equal(await decrypt(keyArn, viaSsm), "Allowed");
    assert.equal(await decrypt(keyArn, {}), "ImplicitlyDenied");
    assert.equal(await decrypt(keyArn, { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" }), "ImplicitlyDenied");
    assert.equal(await decrypt(`arn:aws:kms:${region}:${ACCOUNT}:key/ffffffff-12ab-34cd-56ef-1234567890ab`, viaSsm), "ImplicitlyDenied");
  });
});
