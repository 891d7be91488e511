// Pulumi ESC offline, and `--config` under the rules across stacks (issue 11).
import assert from "node:assert/strict";
import * as path from "node:path";
import { main } from "../../cli/main";
import { memoryIo, project } from "./support";

const minimal = `config:
  aws:region: us-east-1
  ec2-access:environment: dev
`;
const preferences = `  ec2-access:accountId: "111122223333"
  ec2-access:sessionManager:
    preferences: { kmsKey: create }
`;

describe("a stack that imports Pulumi ESC environments", () => {
  // The shape `esc env open <env> --format json` prints: the environment's resolved values,
  // `pulumiConfig` holding config keys (https://www.pulumi.com/docs/esc/integrations/infrastructure/pulumi-iac/).
  const opened = JSON.stringify({
    environmentVariables: { AWS_REGION: "eu-west-1" },
    pulumiConfig: { "aws:region": "eu-west-1", environment: "dev" },
  });
  const withEnv = 'environment:\n  - myorg/aws-dev\n  - myorg/ec2-access\nconfig:\n  ec2-access:accountId: "111122223333"\n';

  it("exits 2 naming the environments when their values are not supplied", async () => {
    const io = memoryIo(project({ "Pulumi.esc.yaml": withEnv }));
    assert.equal(await main(["plan", "--stack", "esc"], io), 2);
    assert.equal(io.out, "");
    assert.match(
      io.err,
      /Pulumi\.esc\.yaml: environment: imports myorg\/aws-dev, myorg\/ec2-access, which cannot be opened offline; expected --environment-values <file\.json>/,
    );
  });

  it("plans with the values `esc env open` printed, the stack file's own keys first", async () => {
    const dir = project({ "Pulumi.esc.yaml": withEnv, "opened.json": opened });
    const io = memoryIo(dir);
    assert.equal(await main(["plan", "--stack", "esc", "--environment-values", "opened.json", "--format", "json"], io), 0, io.err);
    const plan = JSON.parse(io.out) as { accountId: string; regions: string[] };
    assert.deepEqual([plan.accountId, plan.regions], ["111122223333", ["eu-west-1"]]);
  });

  it("merges a map key by key, the stack file's values winning, as Pulumi merges them; the password stays secret", async () => {
    const fromEsc = JSON.stringify({
      pulumiConfig: {
        "aws:region": "us-east-1",
        "ec2-access:environment": "dev",
        serialConsole: {
          accountAccess: "disabled",
          osPassword: { user: "breakglass", password: "clear text from esc", instanceIds: ["i-0598c7d356eba48d7"] },
        },
      },
    });
    const stack =
      'environment: [myorg/dev]\nconfig:\n  ec2-access:accountId: "111122223333"\n  ec2-access:serialConsole:\n    accountAccess: unmanaged\n';
    const io = memoryIo(project({ "Pulumi.esc.yaml": stack, "opened.json": fromEsc }));
    const code = await main(["plan", "--stack", "esc", "--environment-values", "opened.json", "--format", "json"], io);
    assert.equal(io.err, "");
    assert.doesNotMatch(io.out, /clear text from esc/);
    const plan = JSON.parse(io.out) as { resources: { type: string }[] };
    // The stack's accountAccess (unmanaged) wins: no account setting; the environment's osPassword is kept.
    assert.ok(!plan.resources.some((r) => r.type === "aws:ec2/serialConsoleAccess:SerialConsoleAccess"));
    assert.ok(plan.resources.some((r) => r.type === "ec2-access:access:SerialConsoleOsPassword"));
    assert.notEqual(code, 2);
  });

  it("an inline definition counts as an environment too", async () => {
    const io = memoryIo(
      project({
        "Pulumi.esc.yaml": `environment:\n  imports: [myorg/base]\n  values:\n    pulumiConfig: { aws:region: us-east-1 }\n${minimal}`,
      }),
    );
    assert.equal(await main(["plan", "--stack", "esc"], io), 2);
    assert.match(io.err, /imports myorg\/base, the inline definition under environment\.values, which cannot be opened offline/);
  });

  it("a values file that is not what esc prints exits 2 naming it", async () => {
    const io = memoryIo(project({ "Pulumi.esc.yaml": withEnv, "opened.json": '{"pulumiConfig": ["aws:region"]}' }));
    assert.equal(await main(["plan", "--stack", "esc", "--environment-values", "opened.json"], io), 2);
    assert.match(io.err, /opened\.json: pulumiConfig: got \["aws:region"\]; expected a map of config keys to values/);
  });
});

describe("--config keeps the rules across the project's stacks", () => {
  it("a --config file that manages the preferences another stack of the account manages is refused", async () => {
    const dir = project({
      "Pulumi.prod.yaml": minimal + preferences,
      "candidate.yaml": minimal + preferences,
    });
    const io = memoryIo(dir);
    const code = await main(["plan", "--stack", "staging", "--config", path.join(dir, "candidate.yaml")], io);
    assert.equal(io.out, "");
    assert.match(
      io.err,
      /stacks prod, staging all manage the Session Manager preferences document SSM-SessionManagerRunShell in account 111122223333, us-east-1/,
    );
    assert.equal(code, 2);
  });

  it("a --config file for a stack replaces that stack's own file in the rules", async () => {
    const dir = project({ "Pulumi.prod.yaml": minimal + preferences, "Pulumi.dev.yaml": minimal });
    const io = memoryIo(dir);
    // prod planned from a copy of its own file: no conflict with itself, the plan runs (its
    // pack verdict on these minimal preferences is not this test's concern).
    const code = await main(["plan", "--stack", "prod", "--config", path.join(dir, "Pulumi.prod.yaml")], io);
    assert.equal(io.err, "");
    assert.match(io.out, /^Offline plan of stack prod/);
    assert.notEqual(code, 2);
  });
});
