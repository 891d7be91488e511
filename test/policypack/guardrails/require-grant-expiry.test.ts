import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";
import { requireGrantExpiryPolicy } from "../../../policypack/rules/guardrails/require-grant-expiry";
import { grantDocumentForSerialConsole } from "../../../documents/grantDocuments";
import { load } from "../../config/helpers";
import { latestAwsManagedPolicyDocument } from "../support/awsManagedPolicyDocuments";
import { assertMetadata, instanceConnect, runRule, sessionManagerQuickstart } from "../support";

const NOW = Date.parse("2026-12-04T12:00:00Z");
const rule = requireGrantExpiryPolicy(() => NOW);
const DEV = { stacks: ["ec2-access/dev"] };
const check = (doc: unknown, config: Record<string, unknown> = DEV, r: ResourceValidationPolicy = rule) =>
  runRule(r, aws.iam.Policy, { name: "p", policy: typeof doc === "string" ? doc : JSON.stringify(doc) }, { config });

/** AWS's "Allows access based on date and time" example (IAM User Guide), with a Session Manager action. */
const awsDatesExample = (action: string, end: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: action,
      Resource: "*",
      Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-04-01T00:00:00Z" }, DateLessThan: { "aws:CurrentTime": end } },
    },
  ],
});

const ours = (expires?: string) => {
  const c = load({
    serialConsole: {
      grants: [{ name: "oncall", principals: { groups: ["oncall"] }, instanceIds: ["i-0598c7d356eba48d7"], ...(expires && { expires }) }],
    },
  });
  return grantDocumentForSerialConsole(c.serialConsole!, c.serialConsole!.grants[0], {
    regions: ["us-east-1"],
    region: "us-east-1",
    partition: "aws",
  }).document({ partition: "aws", accountId: "111122223333" }, undefined);
};

describe("require-grant-expiry", () => {
  it("has its metadata, and is listed in the pack", () => {
    const listed = policies.find((p) => p.name === "require-grant-expiry") as ResourceValidationPolicy;
    assertMetadata(listed, {
      name: "require-grant-expiry",
      severity: "medium",
      enforcementLevel: "advisory",
      configKeys: ["patterns", "stacks", "maxDays"],
    });
  });

  it("checks no stack by default: AWS's EC2InstanceConnect managed policy passes", async () => {
    assert.deepEqual(await check(latestAwsManagedPolicyDocument("EC2InstanceConnect"), {}), []);
  });

  it("in a named stack, flags AWS's EC2InstanceConnect managed policy: SendSSHPublicKey with no end", async () => {
    assert.deepEqual(await check(latestAwsManagedPolicyDocument("EC2InstanceConnect")), [
      'Statement[0] (Sid "EC2InstanceConnect"): allows ec2-instance-connect:SendSSHPublicKey with no end: add "DateLessThan": {"aws:CurrentTime": "<ISO 8601 UTC>"} to its Condition, at most 90 days ahead (no later than 2027-03-04T12:00:00Z).',
    ]);
  });

  it("flags the Session Manager quickstart's StartSession and ResumeSession statements, through a wildcard too", async () => {
    const out = await check(sessionManagerQuickstart.adminSessionManagerCli);
    assert.ok(out.length > 0);
    for (const m of out) assert.match(m, /^Statement\[\d+\].*: allows ssm:(StartSession|ResumeSession).* with no end/);
    assert.deepEqual(await check({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:*", Resource: "*" }] }), [
      'Statement[0]: allows ssm:StartSession (through "ssm:*"), ssm:ResumeSession (through "ssm:*") with no end: add "DateLessThan": {"aws:CurrentTime": "<ISO 8601 UTC>"} to its Condition, at most 90 days ahead (no later than 2027-03-04T12:00:00Z).',
    ]);
  });

  it("accepts AWS's date-and-time example (a past end too: the access is over), DateLessThanEquals and epoch time", async () => {
    assert.deepEqual(await check(awsDatesExample("ssm:StartSession", "2020-06-30T23:59:59Z")), []);
    assert.deepEqual(await check(awsDatesExample("ssm:StartSession", "2027-01-31T18:00:00Z")), []);
    const lte = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ssm:StartSession",
          Resource: "*",
          Condition: { DateLessThanEquals: { "AWS:currenttime": "1800000000" } },
        },
      ],
    };
    assert.deepEqual(await check(lte), []);
  });

  it("flags an end further than maxDays, and a bound that is only a start", async () => {
    assert.deepEqual(
      await check(awsDatesExample("ec2-instance-connect:SendSerialConsoleSSHPublicKey", "2027-06-30T23:59:59Z"), { ...DEV, maxDays: 30 }),
      [
        "Statement[0]: allows ec2-instance-connect:SendSerialConsoleSSHPublicKey until 2027-06-30T23:59:59Z, more than 30 days ahead: end it no later than 2027-01-03T12:00:00Z.",
      ],
    );
    const startOnly = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ec2-instance-connect:OpenTunnel",
          Resource: "*",
          Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-04-01T00:00:00Z" } },
        },
      ],
    };
    assert.match((await check(startOnly))[0], /^Statement\[0\]: allows ec2-instance-connect:OpenTunnel with no end/);
  });

  it("reads ec2-access's own documents: a grant with expires passes, one without or too far ahead does not", async () => {
    assert.deepEqual(await check(ours("2027-01-31T18:00:00Z")), []);
    assert.equal((await check(ours())).length, 1);
    assert.match((await check(ours("2099-01-01T00:00:00Z")))[0], /until 2099-01-01T00:00:00Z, more than 90 days ahead/);
  });

  it("only the named patterns, only the named stacks, only Allow statements", async () => {
    const ssh = instanceConnect.specificInstances;
    assert.deepEqual(await check(ssh, { ...DEV, patterns: ["serial-console"] }), []);
    assert.deepEqual(await check(ssh, { stacks: ["ec2-access/prod"] }), []);
    assert.deepEqual(
      await check({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "ssm:StartSession", Resource: "*" }] }),
      [],
    );
  });
});
