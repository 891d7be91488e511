// The config's sections are built on first use (model/schema.ts, issue 17: fixed costs at small
// sizes): a stack pays for the sections it has. Checked in fresh processes, where nothing else
// has built a section yet: what gets built, and that a section built on demand refuses bad values
// with the messages the whole schema gives.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "../plan/support";
import { readStackFile } from "../../config/stackFile";

const dist = (...p: string[]) => JSON.stringify(path.join(ROOT, "dist", ...p));

/** Runs `body` (which prints a JSON value) in a fresh node process and parses what it printed. */
function fresh<T>(body: string): T {
  return JSON.parse(execFileSync(process.execPath, ["-e", body], { encoding: "utf8" })) as T;
}

/** The sections built in a fresh process after planning `stack`'s example configuration. */
function builtAfterPlan(stack: string): string[] {
  const config = readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`)).raw;
  return fresh<string[]>(`
    const { planStack } = require(${dist("plan", "run.js")});
    const { builtSections } = require(${dist("model", "schema.js")});
    planStack({ stack: ${JSON.stringify(stack)}, config: ${JSON.stringify(config)} }).then(() =>
      process.stdout.write(JSON.stringify(builtSections().sort())));
  `);
}

/** One bad value or more in each section no example of the bench builds first. */
const BAD = {
  alerts: { topic: "arn:aws:sns:us-east-1:111122223333", email: ["not-an-address"], colour: "red" },
  network: { vpcEndpoints: [{ vpcId: "vpc-0123456789abcdef0", services: ["ssm", "s4"] }] },
  sessionManager: {
    preferences: { cloudWatchLogGroup: { create: true, name: "/ssm/sessions", retentionDays: 2 }, s3Bucket: { create: true } },
    grants: [{ name: "x", principals: {}, allInstances: true, clientz: [] }],
  },
  organization: { serialConsoleScp: { targetIds: ["ou-bad"] }, serialConsoleDeclarativePolicy: { status: "on", targetIds: [] } },
};

describe("config: sections built on first use", () => {
  it("a plan builds the schemas of the sections its stack has, and no other", () => {
    assert.deepEqual(builtAfterPlan("org"), ["organization"]);
    assert.deepEqual(builtAfterPlan("dev"), ["instanceConnect", "serialConsole", "sessionManager"]);
  });

  it("a section built on demand refuses bad values with the messages of the whole schema", () => {
    const { problems, whole } = fresh<{ problems: string[]; whole: string[] }>(`
      const { problems } = require(${dist("test", "config", "helpers.js")});
      const { flat } = require(${dist("test", "config", "helpers.js")});
      const { projectKeys } = require(${dist("model", "schema.js")});
      const { describeIssue, parseWith } = require(${dist("config", "messages.js")});
      const bad = ${JSON.stringify(BAD)};
      const lines = problems(bad);
      // The whole schema, every section built, as Pulumi.yaml's config block and the docs render it.
      const raw = { environment: "prod", ...bad };
      const parsed = parseWith(projectKeys(), raw);
      const whole = parsed.error.issues.flatMap((i) => describeIssue(i, raw, projectKeys()));
      process.stdout.write(JSON.stringify({ problems: lines, whole }));
    `);
    // What the configuration was refused with before the sections were built lazily (the same run, then).
    assert.deepEqual(problems, [
      'ec2-access:sessionManager.preferences.s3Bucket: got {"create":true}; expected an S3 bucket name (3-63 of a-z 0-9 . -) or { create: true, expireAfterDays: N }',
      "ec2-access:sessionManager.preferences.cloudWatchLogGroup.retentionDays: got 2; expected one of the retention periods CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days",
      "ec2-access:sessionManager.grants[0].principals: got {}; expected at least one user, group or role: the existing IAM identities the grant is for",
      "ec2-access:sessionManager.grants[0].clientz: unknown key; expected one of name, principals, instanceIds, tags, principalTagKey, allInstances, managedInstanceIds, expires, role, clients, identity, documents; did you mean `clients`?",
      'ec2-access:organization.serialConsoleScp.targetIds[0]: got "ou-bad"; expected a root (r-...), OU (ou-...-...) or 12-digit account ID',
      'ec2-access:organization.serialConsoleDeclarativePolicy.status: got "on"; expected enabled or disabled (the serial_console_access status the policy assigns)',
      "ec2-access:organization.serialConsoleDeclarativePolicy.targetIds: got []; expected at least one target",
      'ec2-access:alerts.topic: got "arn:aws:sns:us-east-1:111122223333"; expected create, or an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
      'ec2-access:alerts.email[0]: got "not-an-address"; expected an e-mail address such as security@example.com',
      "ec2-access:alerts.colour: unknown key; expected one of topic, email, events",
      'ec2-access:alerts.email: got ["not-an-address"]; expected no e-mail addresses with an existing topic (subscribe them to that topic where it is managed), or topic: create',
      "ec2-access:network.vpcEndpoints[0].subnetIds: got nothing; expected a list of subnet IDs, one per Availability Zone",
      'ec2-access:network.vpcEndpoints[0].services[1]: got "s4"; expected one of ssm, ssmmessages, ec2messages, ec2, kms, logs, s3',
    ]);
    // Every schema message is the whole schema's; the others are the rules run after parsing.
    assert.deepEqual(
      problems.filter((p) => whole.includes(p)),
      whole,
    );
  });
});
