// The example stacks together: what exists once per account and Region has one owner.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { siblingStacks, stackSetProblems, checkAgainstSiblings } from "../../config/stackSet";
import { ConfigError } from "../../config/load";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-set-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ec2-access\nruntime: nodejs\n");
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const stackWith = (account: string, region: string, extra: string) => `config:
  aws:region: ${region}
  ec2-access:environment: x
  ec2-access:accountId: "${account}"
${extra}`;

const preferences = `  ec2-access:sessionManager:
    preferences: { kmsKey: create }
`;
const endpoint = (subnet: string) => `  ec2-access:instanceConnect:
    endpoint: { subnetId: ${subnet}, vpcId: vpc-0123456789abcdef0 }
`;

describe("the example stacks as a set", () => {
  it("loads every committed example stack and finds no shared ownership", () => {
    const stacks = siblingStacks(ROOT);
    assert.deepEqual(
      stacks.map((s) => s.stack),
      ["dev", "org", "prod", "staging"],
    );
    assert.deepEqual(stackSetProblems(stacks), []);
  });

  it("refuses two stacks of one account and Region that both manage the preferences document", () => {
    const dir = project({
      "Pulumi.a.yaml": stackWith("111122223333", "us-east-1", preferences),
      "Pulumi.b.yaml": stackWith("111122223333", "us-east-1", preferences),
      "Pulumi.c.yaml": stackWith("444455556666", "us-east-1", preferences),
    });
    assert.throws(
      () => checkAgainstSiblings("a", dir),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(e.problems, [
          "stacks a, b all manage the Session Manager preferences document SSM-SessionManagerRunShell in account 111122223333, us-east-1: it exists once per account and Region; keep ec2-access:sessionManager.preferences in one of them only",
        ]);
        return true;
      },
    );
    // The stack in another account takes part in no conflict.
    assert.doesNotThrow(() => checkAgainstSiblings("c", dir));
  });

  it("refuses a second Instance Connect Endpoint in one VPC across stacks", () => {
    const dir = project({
      "Pulumi.a.yaml": stackWith("111122223333", "us-east-1", endpoint("subnet-0123456789abcdef0")),
      "Pulumi.b.yaml": stackWith("111122223333", "us-east-1", endpoint("subnet-0fedcba9876543210")),
    });
    assert.throws(
      () => checkAgainstSiblings("b", dir),
      /Pulumi\.b\.yaml: ec2-access:instanceConnect\.endpoint\.vpcId: got "vpc-0123456789abcdef0"/,
    );
  });

  it("requires vpcId when stacks of one account have endpoints in one Region, not across accounts", () => {
    const bare = (subnet: string) => `  ec2-access:instanceConnect:\n    endpoint: { subnetId: ${subnet} }\n`;
    const dir = project({
      "Pulumi.a.yaml": stackWith("111122223333", "us-east-1", bare("subnet-0123456789abcdef0")),
      "Pulumi.b.yaml": stackWith("111122223333", "us-east-1", bare("subnet-0fedcba9876543210")),
      "Pulumi.c.yaml": stackWith("444455556666", "us-east-1", bare("subnet-0aaaaaaaaaaaaaaaa")),
    });
    assert.throws(
      () => checkAgainstSiblings("b", dir),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(e.problems, [
          "Pulumi.a.yaml: ec2-access:instanceConnect.endpoint.vpcId: got nothing; expected the VPC of subnet subnet-0123456789abcdef0 (vpc-...): " +
            "Pulumi.b.yaml: ec2-access:instanceConnect.endpoint is another endpoint in us-east-1, and AWS allows one per VPC (not adjustable), which only the VPC IDs can show before deployment",
          "Pulumi.b.yaml: ec2-access:instanceConnect.endpoint.vpcId: got nothing; expected the VPC of subnet subnet-0fedcba9876543210 (vpc-...): " +
            "Pulumi.a.yaml: ec2-access:instanceConnect.endpoint is another endpoint in us-east-1, and AWS allows one per VPC (not adjustable), which only the VPC IDs can show before deployment",
        ]);
        return true;
      },
    );
    // The stack in another account takes part in no conflict.
    assert.doesNotThrow(() => checkAgainstSiblings("c", dir));
  });
});
