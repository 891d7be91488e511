import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { requireTagControlForAbac as rule } from "../../../policypack/rules/guardrails/require-tag-control-for-abac";
import { SeedDocument, StackResource, UnknownValueError, assertMetadata, instanceConnect, runStackRule, serialConsoleEn, serialConsoleJa, sessionManagerQuickstart, unknown } from "../support";

const text = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const policy = (name: string, doc: string | SeedDocument): StackResource => ({ cls: aws.iam.Policy, props: { name, policy: typeof doc === "string" ? doc : JSON.stringify(doc) }, name });
const urnOf = (name: string) => `urn:pulumi:dev::ec2-access::aws:iam/policy:Policy::${name}`;

const SERIAL_ABAC = serialConsoleEn.allowByTag; // aws:ResourceTag/SerialConsole = ${aws:PrincipalTag/SerialConsole}
const SESSION_TAG = sessionManagerQuickstart.adminSessionManagerCli; // ssm:resourceTag/Finance = WebServers
const TAGGER = text({ Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "arn:aws:ec2:*:*:instance/*" });

const fix = (action: string, key: string) =>
  `Add "ForAllValues:StringEquals": {"aws:TagKeys": [<the keys it needs>]} without ${JSON.stringify(key)}, or a Deny of ${action} with "ForAnyValue:StringEquals": {"aws:TagKeys": [${JSON.stringify(key)}]}.`;
const onInstances = (where: string, action: string, key: string, grant: string, access: string) =>
  `${where}: allows ${action} on instances without an aws:TagKeys condition that leaves out tag key ${JSON.stringify(key)}, while ${grant} grants ${access} on instances by that tag: whoever holds this can tag an instance ${key} and reach it. ${fix(action, key)}`;
const onPrincipals = (where: string, action: string, key: string, grant: string, access: string) =>
  `${where}: allows ${action} on principals without an aws:TagKeys condition that leaves out tag key ${JSON.stringify(key)}, while ${grant} grants ${access} on instances by that tag: whoever holds this can give themselves the principal tag ${key} and reach it. ${fix(action, key)}`;

describe("require-tag-control-for-abac", () => {
  it("has its metadata", () => {
    assertMetadata(rule, { name: "require-tag-control-for-abac", severity: "high", enforcementLevel: "mandatory", configKeys: [] });
  });

  it("passes every seed document together in one stack (serial console, Instance Connect, Session Manager)", async () => {
    const seeds = [...Object.values(serialConsoleEn), ...Object.values(serialConsoleJa), ...Object.values(instanceConnect), ...Object.values(sessionManagerQuickstart)];
    assert.deepEqual(await runStackRule(rule, seeds.map((d, i) => policy(`seed${i}`, d))), []);
  });

  it("flags instance tagging next to a tag-scoped StartSession", async () => {
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", TAGGER)]), [
      { urn: urnOf("tagger"), message: onInstances('Policy "tagger" Statement[0]', "ec2:CreateTags", "Finance", 'Policy "admins" Statement[0]', "ssm:StartSession") },
      { urn: urnOf("tagger"), message: onInstances('Policy "tagger" Statement[0]', "ec2:DeleteTags", "Finance", 'Policy "admins" Statement[0]', "ssm:StartSession") },
    ]);
  });

  it("flags ec2:* on * next to the serial console ABAC seed, and iam:TagUser for the compared principal tag", async () => {
    const out = await runStackRule(rule, [
      policy("serial", SERIAL_ABAC),
      policy("wide", text({ Sid: "Ops", Effect: "Allow", Action: ["ec2:*", "iam:Tag*"], Resource: "*" })),
    ]);
    const grant = 'Policy "serial" Statement[0] (Sid "AllowTagBasedSerialConsoleAccess")';
    const where = 'Policy "wide" Statement[0] (Sid "Ops")';
    assert.deepEqual(
      out.map((v) => v.message),
      [
        onInstances(where, "ec2:CreateTags", "SerialConsole", grant, "ec2-instance-connect:SendSerialConsoleSSHPublicKey"),
        onInstances(where, "ec2:DeleteTags", "SerialConsole", grant, "ec2-instance-connect:SendSerialConsoleSSHPublicKey"),
        onPrincipals(where, "iam:TagUser", "SerialConsole", grant, "ec2-instance-connect:SendSerialConsoleSSHPublicKey"),
        onPrincipals(where, "iam:TagRole", "SerialConsole", grant, "ec2-instance-connect:SendSerialConsoleSSHPublicKey"),
      ],
    );
  });

  it("flags sts:TagSession in a role's trust policy when access compares with a principal tag", async () => {
    const trust = text({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
    const out = await runStackRule(rule, [policy("serial", SERIAL_ABAC), { cls: aws.iam.Role, props: { name: "dev", assumeRolePolicy: trust }, name: "dev" }]);
    assert.deepEqual(out, [
      {
        urn: "urn:pulumi:dev::ec2-access::aws:iam/role:Role::dev",
        message: onPrincipals('trust policy of role "dev" Statement[0]', "sts:TagSession", "SerialConsole", 'Policy "serial" Statement[0] (Sid "AllowTagBasedSerialConsoleAccess")', "ec2-instance-connect:SendSerialConsoleSSHPublicKey"),
      },
    ]);
  });

  it("does not ask principal-tag control where the condition compares with a literal value", async () => {
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("iam", text({ Effect: "Allow", Action: "iam:TagUser", Resource: "*" }))]), []);
  });

  it("passes tagging that leaves the key out by aws:TagKeys, or is denied for it", async () => {
    const allowedKeys = { "ForAllValues:StringEquals": { "aws:TagKeys": ["Name", "Owner"] }, Null: { "aws:TagKeys": "false" } };
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", text({ Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "*", Condition: allowedKeys }))]), []);
    const notFinance = { "ForAllValues:StringNotEquals": { "aws:TagKeys": "Finance" }, Null: { "aws:TagKeys": "false" } };
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", text({ Effect: "Allow", Action: "ec2:*Tags", Resource: "*", Condition: notFinance }))]), []);
    const denied = text(
      { Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "*" },
      { Effect: "Deny", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "*", Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["Finance"] } } },
    );
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", denied)]), []);
    const scp = { cls: aws.organizations.Policy, props: { name: "protect-tags", content: text({ Effect: "Deny", Action: "ec2:*Tags", Resource: "*", Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": ["Fin*"] } } }) }, name: "scp" };
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", TAGGER), scp]), []);
  });

  it("does not let ForAllValues alone protect against DeleteTags (no Tags deletes every tag)", async () => {
    const onlyForAll = { "ForAllValues:StringEquals": { "aws:TagKeys": ["Name"] } };
    const out = await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", text({ Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "*", Condition: onlyForAll }))]);
    assert.deepEqual(out.map((v) => v.message), [onInstances('Policy "tagger" Statement[0]', "ec2:DeleteTags", "Finance", 'Policy "admins" Statement[0]', "ssm:StartSession")]);
  });

  it("does not count an allowed key list that includes the access key, nor tagging of other resource types", async () => {
    const withFinance = { "ForAllValues:StringLike": { "aws:TagKeys": ["Fin*"] } };
    assert.equal((await runStackRule(rule, [policy("admins", SESSION_TAG), policy("t", text({ Effect: "Allow", Action: "ec2:CreateTags", Resource: "*", Condition: withFinance }))])).length, 1);
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("t", text({ Effect: "Allow", Action: "ec2:CreateTags", Resource: "arn:aws:ec2:*:*:volume/*" }))]), []);
  });

  it("has nothing to say without tag-conditioned access", async () => {
    assert.deepEqual(await runStackRule(rule, [policy("ic", instanceConnect.specificInstances), policy("tagger", TAGGER)]), []);
  });

  it("judges the known resources during preview, then raises UnknownValueError", async () => {
    await assert.rejects(runStackRule(rule, [policy("admins", SESSION_TAG), policy("later", unknown.string)]), (e: unknown) => e instanceof UnknownValueError);
  });
});
