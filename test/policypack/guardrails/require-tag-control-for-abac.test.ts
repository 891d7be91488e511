import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { requireTagControlForAbac as rule } from "../../../policypack/rules/guardrails/require-tag-control-for-abac";
import type { SeedDocument, StackResource } from "../support";
import {
  UnknownValueError,
  assertMetadata,
  instanceConnect,
  runStackRule,
  serialConsoleEn,
  serialConsoleJa,
  sessionManagerQuickstart,
  unknown,
} from "../support";

const text = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const policy = (name: string, doc: string | SeedDocument): StackResource => ({
  cls: aws.iam.Policy,
  props: { name, policy: typeof doc === "string" ? doc : JSON.stringify(doc) },
  name,
});
const urnOf = (name: string) => `urn:pulumi:dev::ec2-access::aws:iam/policy:Policy::${name}`;

const SERIAL_ABAC = serialConsoleEn.allowByTag; // aws:ResourceTag/SerialConsole = ${aws:PrincipalTag/SerialConsole}
const SESSION_TAG = sessionManagerQuickstart.adminSessionManagerCli; // ssm:resourceTag/Finance = WebServers
const TAGGER = text({ Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "arn:aws:ec2:*:*:instance/*" });

// One violation per tagging document, naming its statements and the access tags they reach.
const HOLDER = "Whoever holds this can put such a tag on an instance, or on themselves, and reach the instances it opens.";
const TAGGER_FINANCE =
  'Policy "tagger": Statement[0] allows ec2:CreateTags, ec2:DeleteTags on instances, without an aws:TagKeys condition that leaves out the tags that access to instances depends on: ' +
  'instance tag "Finance" (Policy "admins" Statement[0] grants ssm:StartSession by it). ' +
  HOLDER +
  ' Add "ForAllValues:StringEquals": {"aws:TagKeys": [<the keys it needs>]} without "Finance", or a Deny of ec2:CreateTags, ec2:DeleteTags with "ForAnyValue:StringEquals": {"aws:TagKeys": ["Finance"]}.';
const SERIAL_GRANT =
  'Policy "serial" Statement[0] (Sid "AllowTagBasedSerialConsoleAccess") grants ec2-instance-connect:SendSerialConsoleSSHPublicKey by it';

describe("require-tag-control-for-abac", () => {
  it("has its metadata", () => {
    assertMetadata(rule, { name: "require-tag-control-for-abac", severity: "high", enforcementLevel: "mandatory", configKeys: [] });
  });

  it("passes every seed document together in one stack (serial console, Instance Connect, Session Manager)", async () => {
    const seeds = [
      ...Object.values(serialConsoleEn),
      ...Object.values(serialConsoleJa),
      ...Object.values(instanceConnect),
      ...Object.values(sessionManagerQuickstart),
    ];
    assert.deepEqual(
      await runStackRule(
        rule,
        seeds.map((d, i) => policy(`seed${i}`, d)),
      ),
      [],
    );
  });

  it("flags instance tagging next to a tag-scoped StartSession", async () => {
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", TAGGER)]), [
      { urn: urnOf("tagger"), message: TAGGER_FINANCE },
    ]);
  });

  it("flags ec2:* on * next to the serial console ABAC seed, and iam:TagUser for the compared principal tag", async () => {
    const out = await runStackRule(rule, [
      policy("serial", SERIAL_ABAC),
      policy("wide", text({ Sid: "Ops", Effect: "Allow", Action: ["ec2:*", "iam:Tag*"], Resource: "*" })),
    ]);
    assert.deepEqual(
      out.map((v) => v.message),
      [
        'Policy "wide": Statement[0] (Sid "Ops") allows ec2:CreateTags, ec2:DeleteTags on instances and iam:TagUser, iam:TagRole on principals, without an aws:TagKeys condition that leaves out the tags that access to instances depends on: ' +
          `instance tag "SerialConsole" (${SERIAL_GRANT}); principal tag "SerialConsole" (${SERIAL_GRANT}). ${HOLDER} ` +
          'Add "ForAllValues:StringEquals": {"aws:TagKeys": [<the keys it needs>]} without "SerialConsole", or a Deny of ec2:CreateTags, ec2:DeleteTags, iam:TagUser, iam:TagRole with "ForAnyValue:StringEquals": {"aws:TagKeys": ["SerialConsole"]}.',
      ],
    );
  });

  it("flags sts:TagSession in a role's trust policy when access compares with a principal tag", async () => {
    const trust = text({
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    });
    const out = await runStackRule(rule, [
      policy("serial", SERIAL_ABAC),
      { cls: aws.iam.Role, props: { name: "dev", assumeRolePolicy: trust }, name: "dev" },
    ]);
    assert.deepEqual(out, [
      {
        urn: "urn:pulumi:dev::ec2-access::aws:iam/role:Role::dev",
        message:
          'trust policy of role "dev": Statement[0] allows sts:TagSession on principals, without an aws:TagKeys condition that leaves out the tags that access to instances depends on: ' +
          `principal tag "SerialConsole" (${SERIAL_GRANT}). ${HOLDER} ` +
          'Add "ForAllValues:StringEquals": {"aws:TagKeys": [<the keys it needs>]} without "SerialConsole", or a Deny of sts:TagSession with "ForAnyValue:StringEquals": {"aws:TagKeys": ["SerialConsole"]}.',
      },
    ]);
  });

  it("does not ask principal-tag control where the condition compares with a literal value", async () => {
    assert.deepEqual(
      await runStackRule(rule, [
        policy("admins", SESSION_TAG),
        policy("iam", text({ Effect: "Allow", Action: "iam:TagUser", Resource: "*" })),
      ]),
      [],
    );
  });

  it("passes tagging that leaves the key out by aws:TagKeys, or is denied for it", async () => {
    const allowedKeys = { "ForAllValues:StringEquals": { "aws:TagKeys": ["Name", "Owner"] }, Null: { "aws:TagKeys": "false" } };
    assert.deepEqual(
      await runStackRule(rule, [
        policy("admins", SESSION_TAG),
        policy("tagger", text({ Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "*", Condition: allowedKeys })),
      ]),
      [],
    );
    const notFinance = { "ForAllValues:StringNotEquals": { "aws:TagKeys": "Finance" }, Null: { "aws:TagKeys": "false" } };
    assert.deepEqual(
      await runStackRule(rule, [
        policy("admins", SESSION_TAG),
        policy("tagger", text({ Effect: "Allow", Action: "ec2:*Tags", Resource: "*", Condition: notFinance })),
      ]),
      [],
    );
    const denied = text(
      { Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "*" },
      {
        Effect: "Deny",
        Action: ["ec2:CreateTags", "ec2:DeleteTags"],
        Resource: "*",
        Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["Finance"] } },
      },
    );
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", denied)]), []);
    const scp = {
      cls: aws.organizations.Policy,
      props: {
        name: "protect-tags",
        content: text({
          Effect: "Deny",
          Action: "ec2:*Tags",
          Resource: "*",
          Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": ["Fin*"] } },
        }),
      },
      name: "scp",
    };
    assert.deepEqual(await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", TAGGER), scp]), []);
  });

  it("does not let ForAllValues alone protect against DeleteTags (no Tags deletes every tag)", async () => {
    const onlyForAll = { "ForAllValues:StringEquals": { "aws:TagKeys": ["Name"] } };
    const out = await runStackRule(rule, [
      policy("admins", SESSION_TAG),
      policy("tagger", text({ Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "*", Condition: onlyForAll })),
    ]);
    assert.deepEqual(
      out.map((v) => v.message),
      [
        TAGGER_FINANCE.replace("ec2:CreateTags, ec2:DeleteTags on", "ec2:DeleteTags on").replace(
          "Deny of ec2:CreateTags, ec2:DeleteTags",
          "Deny of ec2:DeleteTags",
        ),
      ],
    );
  });

  it("does not count an allowed key list that includes the access key, nor tagging of other resource types", async () => {
    const withFinance = { "ForAllValues:StringLike": { "aws:TagKeys": ["Fin*"] } };
    assert.equal(
      (
        await runStackRule(rule, [
          policy("admins", SESSION_TAG),
          policy("t", text({ Effect: "Allow", Action: "ec2:CreateTags", Resource: "*", Condition: withFinance })),
        ])
      ).length,
      1,
    );
    assert.deepEqual(
      await runStackRule(rule, [
        policy("admins", SESSION_TAG),
        policy("t", text({ Effect: "Allow", Action: "ec2:CreateTags", Resource: "arn:aws:ec2:*:*:volume/*" })),
      ]),
      [],
    );
  });

  it("has nothing to say without tag-conditioned access", async () => {
    assert.deepEqual(await runStackRule(rule, [policy("ic", instanceConnect.specificInstances), policy("tagger", TAGGER)]), []);
  });

  it("judges the known resources during preview, then raises UnknownValueError", async () => {
    await assert.rejects(
      runStackRule(rule, [policy("admins", SESSION_TAG), policy("later", unknown.string)]),
      (e: unknown) => e instanceof UnknownValueError,
    );
  });
});

describe("require-tag-control-for-abac at scale", () => {
  // 400 access policies, each scoped by its own tag key, next to 400 policies that tag instances
  // freely: statement x action x key reporting gave 400 x 2 x 400 = 320,000 violations.
  const N = 400;
  const access = Array.from({ length: N }, (_, i) =>
    policy(
      `access${i}`,
      text({
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: "arn:aws:ec2:*:*:instance/*",
        Condition: { StringEquals: { [`ssm:resourceTag/Team${i}`]: "yes" } },
      }),
    ),
  );
  const taggers = Array.from({ length: N }, (_, i) => policy(`tagger${i}`, TAGGER));

  it("reports one violation per tagging policy, its tag list capped", async () => {
    const out = await runStackRule(rule, [...access, ...taggers]);
    assert.equal(out.length, N);
    assert.deepEqual(
      out.map((v) => v.urn),
      taggers.map((_, i) => urnOf(`tagger${i}`)),
    );
    assert.equal(
      out[0].message,
      'Policy "tagger0": Statement[0] allows ec2:CreateTags, ec2:DeleteTags on instances, without an aws:TagKeys condition that leaves out the tags that access to instances depends on: ' +
        'instance tag "Team0" (Policy "access0" Statement[0] grants ssm:StartSession by it); instance tag "Team1" (Policy "access1" Statement[0] grants ssm:StartSession by it); ' +
        'instance tag "Team2" (Policy "access2" Statement[0] grants ssm:StartSession by it); instance tag "Team3" (Policy "access3" Statement[0] grants ssm:StartSession by it); and 396 more tags. ' +
        `${HOLDER} Add "ForAllValues:StringEquals": {"aws:TagKeys": [<the keys it needs>]} without "Team0", "Team1", "Team2", "Team3" and 396 more, ` +
        'or a Deny of ec2:CreateTags, ec2:DeleteTags with "ForAnyValue:StringEquals": {"aws:TagKeys": ["Team0", "Team1", "Team2", "Team3" and 396 more]}.',
    );
  });

  it("names at most four statements of one document, then how many more", async () => {
    const many = text(
      ...Array.from({ length: 10 }, (_, i) => ({ Sid: `Tag${i}`, Effect: "Allow", Action: "ec2:CreateTags", Resource: "*" })),
    );
    const out = await runStackRule(rule, [policy("admins", SESSION_TAG), policy("tagger", many)]);
    assert.equal(out.length, 1);
    assert.match(
      out[0].message,
      /^Policy "tagger": Statement\[0\] \(Sid "Tag0"\) allows ec2:CreateTags on instances; .*Statement\[3\] \(Sid "Tag3"\) allows ec2:CreateTags on instances; and 6 more statements, without/,
    );
  });
});
