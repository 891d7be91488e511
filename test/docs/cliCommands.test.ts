// The AWS CLI commands the README and docs/ give users ("How users connect", per pattern) are
// commands the AWS CLI accepts: each operation and option is checked against botocore's service
// models on this machine, and `ec2-instance-connect ssh` / `open-tunnel` (commands of the CLI
// itself, in no botocore model) against the option tables of aws-cli's source.
import assert from "node:assert/strict";
import * as path from "node:path";
import { askBotocore, cliCommandsIn, cliProblems, documentedCommands } from "./cliCommands";

const ROOT = path.resolve(__dirname, "..", "..", "..");

describe("docs: the AWS CLI commands users are told to run exist as written", () => {
  const commands = documentedCommands(ROOT);

  it("every pattern's connect commands are in the docs", () => {
    const names = new Set(commands.map((c) => `${c.service} ${c.operation}`));
    for (const expected of [
      "ec2-instance-connect send-serial-console-ssh-public-key",
      "ec2-instance-connect send-ssh-public-key",
      "ec2-instance-connect ssh",
      "ec2-instance-connect open-tunnel",
      "ssm start-session",
      "ssm terminate-session",
      "ssm resume-session",
    ])
      assert.ok(names.has(expected), `no "aws ${expected}" in README.md or docs/`);
    const eice = commands.find((c) => c.operation === "ssh" && c.values["connection-type"] === "eice");
    assert.ok(eice, "aws ec2-instance-connect ssh --connection-type eice is documented");
  });

  it("each operation and option is one the AWS CLI takes (botocore's models; aws-cli's own commands)", function () {
    const model = askBotocore(ROOT, commands);
    if (!model) this.skip(); // no python3 or botocore here
    assert.deepEqual(cliProblems(ROOT, commands, model), []);
  });

  it("a planted typo is reported, naming the file, the line, the command and the option", function () {
    const planted = [
      "```sh",
      "aws ec2-instance-connect send-ssh-public-key --instance-ids i-0598c7d356eba48d7 \\",
      "  --instance-os-user ec2-user --ssh-public-key file://key.pub",
      "aws ec2-instance-connect ssh --instance-id i-0598c7d356eba48d7 --connection-type eic",
      "aws ec2-instance-connect open-tunnel --instance-id i-0598c7d356eba48d7 --remote-ports 3389",
      "aws ssm start-sessions --target i-0598c7d356eba48d7",
      "aws sms start-session --target i-0598c7d356eba48d7",
      "```",
      "Then `aws ssm terminate-session --session-ids <id>`.",
    ].join("\n");
    const found = cliCommandsIn(planted, "planted.md");
    const model = askBotocore(ROOT, found);
    if (!model) this.skip();
    const problems = cliProblems(ROOT, found, model);
    assert.equal(problems.length, 6, problems.join("\n"));
    assert.match(
      problems[0],
      /^planted\.md:2: aws ec2-instance-connect send-ssh-public-key --instance-ids: not an option .*--instance-id,/,
    );
    assert.match(
      problems[1],
      /^planted\.md:4: aws ec2-instance-connect ssh --connection-type eic: the AWS CLI accepts auto, direct, eice$/,
    );
    assert.match(problems[2], /^planted\.md:5: aws ec2-instance-connect open-tunnel --remote-ports: not an option/);
    assert.match(problems[3], /^planted\.md:6: aws ssm start-sessions: no operation "start-sessions" in botocore's ssm model$/);
    assert.match(
      problems[4],
      /^planted\.md:7: aws sms start-session: no operation "start-session" in botocore's sms model$|^planted\.md:7: aws sms start-session: no service "sms"/,
    );
    assert.match(problems[5], /^planted\.md:9: aws ssm terminate-session --session-ids: not an option/);
  });

  it("reads options across continued lines and past quoted arguments, not inside them", () => {
    const md = [
      "```sh",
      "aws ssm start-session --target i-1 --document-name AWS-StartPortForwardingSession \\",
      '  --parameters \'{"portNumber":["80"],"--not-an-option":["x"]}\'  # --nor-this',
      "ProxyCommand sh -c \"aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters 'portNumber=%p'\"",
      "```",
    ].join("\n");
    const [forwarding, ssh] = cliCommandsIn(md, "x.md");
    assert.deepEqual(forwarding.options, ["target", "document-name", "parameters"]);
    assert.equal(forwarding.where, "x.md:2");
    assert.deepEqual(ssh.options, ["target", "document-name", "parameters"]);
    assert.equal(ssh.values["document-name"], "AWS-StartSSHSession");
  });
});
