import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { requireRunCommandScope as rule } from "../../../policypack/rules/sessionManager/require-run-command-scope";
import { assertMetadata, runRule } from "../support";
import { latestAwsManagedPolicyDocument } from "../support/awsManagedPolicyDocuments";

const run = (doc: unknown, options = {}) => runRule(rule, aws.iam.Policy, { policy: JSON.stringify(doc) }, options);
const one = (st: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [st] });
const INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0";
const PATCH = "arn:aws:ssm:us-east-1::document/AWS-RunPatchBaseline";
const ROOT_SHELL =
  "without a resource-tag condition: Run Command runs commands as root, so this is a root shell on every instance and managed node of the account. " +
  "Name the instances (arn:aws:ec2:<region>:<account>:instance/i-...) or add a condition such as StringEquals on ssm:resourceTag/<key>.";
const ANY_DOCUMENT =
  "so its holder can run any document, AWS-RunShellScript and every document created later included. " +
  "Name the documents it may run (arn:aws:ssm:<region>::document/<AWS document> or arn:aws:ssm:<region>:<account>:document/<name>).";

describe("require-run-command-scope", () => {
  it("has its metadata", () => {
    assertMetadata(rule, {
      name: "require-run-command-scope",
      severity: "high",
      enforcementLevel: "mandatory",
      configKeys: ["allowAllInstancesInStacks"],
    });
  });

  it("passes SendCommand of a named document on named or tagged instances", async () => {
    assert.deepEqual(await run(one({ Effect: "Allow", Action: "ssm:SendCommand", Resource: [INSTANCE, PATCH] })), []);
    const tagged = {
      Effect: "Allow",
      Action: "ssm:SendCommand",
      Resource: "arn:aws:ec2:*:*:instance/*",
      Condition: { StringEquals: { "ssm:resourceTag/PatchGroup": "web" } },
    };
    assert.deepEqual(
      await run({ Version: "2012-10-17", Statement: [tagged, { Effect: "Allow", Action: "ssm:SendCommand", Resource: PATCH }] }),
      [],
    );
  });

  it("reports SendCommand on every instance and every document: a root shell everywhere", async () => {
    assert.deepEqual(await run(one({ Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" })), [
      `Statement[0]: allows ssm:SendCommand on "*" ${ROOT_SHELL}`,
      `Statement[0]: allows ssm:SendCommand on documents "*", ${ANY_DOCUMENT}`,
    ]);
  });

  it("reports every instance with a named document, and any document on named instances", async () => {
    assert.deepEqual(
      await run(
        one({
          Effect: "Allow",
          Action: "ssm:SendCommand",
          Resource: ["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:document/AWS-RunShellScript"],
        }),
      ),
      [
        `Statement[0]: allows ssm:SendCommand on "arn:aws:ec2:*:*:instance/*" ${ROOT_SHELL.replace("is a root shell on every instance", 'runs "AWS-RunShellScript" as root on every instance')}`,
      ],
    );
    // AWS's AWSBackupOperatorAccess: one named document, on every instance.
    assert.deepEqual(await run(latestAwsManagedPolicyDocument("AWSBackupOperatorAccess")), [
      `Statement[14] (Sid "SSMComandAccess"): allows ssm:SendCommand on "arn:aws:ec2:*:*:instance/*" ${ROOT_SHELL.replace("is a root shell on every instance", 'runs "AWSEC2-CreateVssSnapshot" as root on every instance')}`,
    ]);
    assert.deepEqual(
      await run(one({ Effect: "Allow", Action: "ssm:Send*", Resource: [INSTANCE, "arn:aws:ssm:us-east-1:111122223333:document/*"] })),
      [
        `Statement[0]: allows ssm:SendCommand (through "ssm:Send*") on documents "arn:aws:ssm:us-east-1:111122223333:document/*", ${ANY_DOCUMENT}`,
      ],
    );
    assert.equal(
      (await run(one({ Effect: "Allow", Action: "ssm:SendCommand", Resource: ["arn:aws:ssm:*:*:managed-instance/*", PATCH] }))).length,
      1,
    );
  });

  it("reports AWS's AmazonSSMAutomationRole (ssm:* on *), accepts the instance-only statement of the EC2 console grant", async () => {
    const automation = await run(latestAwsManagedPolicyDocument("AmazonSSMAutomationRole"));
    assert.ok(
      automation.some((m) => m.includes('allows ssm:SendCommand (through "ssm:*") on "*"')),
      automation.join("\n"),
    );
    // A statement that names instances only can never authorise SendCommand (the request names a document too): nothing to report.
    assert.deepEqual(await run(one({ Effect: "Allow", Action: "ssm:SendCommand", Resource: [INSTANCE] })), []);
  });

  it("accepts every instance in the stacks its config names, never every document", async () => {
    const doc = one({ Effect: "Allow", Action: "ssm:SendCommand", Resource: ["arn:aws:ec2:*:*:instance/*", PATCH] });
    assert.deepEqual(await run(doc, { stack: "sandbox", config: { allowAllInstancesInStacks: ["ec2-access/sandbox"] } }), []);
    assert.equal(
      (
        await run(one({ Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" }), {
          stack: "sandbox",
          config: { allowAllInstancesInStacks: ["ec2-access/sandbox"] },
        })
      ).length,
      1,
    );
  });

  it("never reports a Deny", async () => {
    assert.deepEqual(await run(one({ Effect: "Deny", Action: "ssm:SendCommand", Resource: "*" })), []);
  });
});
