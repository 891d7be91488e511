// The Session Manager component through the offline plan: the resources it registers, the
// documents it attaches, and what it publishes.
import assert from "node:assert/strict";
import type { Plan, PlanResource } from "../../plan/run";
import { planStack, runPlan } from "../../plan/run";

const ACCOUNT = "111122223333";
const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function stackConfig(sessionManager: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "aws:region": "us-east-1",
    "ec2-access:environment": "prod",
    "ec2-access:accountId": ACCOUNT,
    "ec2-access:sessionManager": sessionManager,
    ...extra,
  };
}

// The policy pack has its own tests; here only what the component registers matters.
const plan = (sessionManager: unknown, extra?: Record<string, unknown>) =>
  planStack({ stack: "prod", config: stackConfig(sessionManager, extra), policies: [] });

const ofType = (p: Plan, type: string) => p.resources.filter((r) => r.type === type);
/** The AWS resource of that name (a GrantPolicy component shares its policy's name). */
const named = (p: Plan, name: string): PlanResource => {
  const found = p.resources.find((r) => r.name === name && r.type.startsWith("aws:"));
  assert.ok(found, `no resource named ${name}; have ${p.resources.map((r) => r.name).join(", ")}`);
  return found;
};
const policyOf = (p: Plan, name: string) => JSON.parse(named(p, name).inputs.policy as string);

const FULL = {
  preferences: {
    kmsKey: "create",
    s3Bucket: "my-session-logs",
    s3KeyPrefix: "sessions",
    cloudWatchLogGroup: "/ssm/sessions",
    idleSessionTimeoutMinutes: 15,
    maxSessionDurationMinutes: 60,
    runAs: { enabled: true, defaultUser: "ssm-user" },
  },
  instanceProfile: { create: true },
  grants: [
    {
      name: "app-team",
      clients: ["session-manager", "ec2-console"],
      principals: { groups: ["app-team"] },
      tags: { Finance: "WebServers" },
    },
    {
      name: "platform",
      role: "admin",
      identity: "federated",
      principals: { roles: ["platform-admin"] },
      instanceIds: ["i-0598c7d356eba48d7"],
    },
  ],
};

describe("sessionManager component, through the offline plan", () => {
  it("registers keys and preferences documents per Region, the instance profile, and one policy per grant", async () => {
    const p = await plan(FULL, { "ec2-access:regions": ["us-east-1", "eu-west-1"] });
    const names = (type: string) =>
      ofType(p, type)
        .map((r) => r.name)
        .sort();
    assert.deepEqual(names("aws:kms/key:Key"), ["session-manager-preferences-key-eu-west-1", "session-manager-preferences-key-us-east-1"]);
    assert.deepEqual(names("aws:ssm/document:Document"), [
      "session-manager-preferences-eu-west-1",
      "session-manager-preferences-us-east-1",
    ]);
    assert.deepEqual(names("aws:iam/role:Role"), ["session-manager-instance-role"]);
    assert.deepEqual(names("aws:iam/instanceProfile:InstanceProfile"), ["session-manager-instance"]);
    assert.deepEqual(names("aws:iam/rolePolicy:RolePolicy"), ["session-manager-preferences-instance-access"]);
    assert.deepEqual(names("aws:iam/policy:Policy"), ["session-manager-app-team", "session-manager-platform"]);
    assert.deepEqual(names("aws:iam/groupPolicyAttachment:GroupPolicyAttachment"), ["session-manager-app-team-group-app-team"]);
    assert.deepEqual(names("aws:iam/rolePolicyAttachment:RolePolicyAttachment"), [
      "session-manager-instance-core",
      "session-manager-platform-role-platform-admin",
    ]);

    const eu = named(p, "session-manager-preferences-key-eu-west-1");
    assert.equal(eu.inputs.region, "eu-west-1");
    assert.equal(eu.inputs.enableKeyRotation, true);
    const doc = named(p, "session-manager-preferences-eu-west-1");
    assert.equal(doc.inputs.region, "eu-west-1");
    assert.equal(doc.inputs.name, "SSM-SessionManagerRunShell");
    assert.equal(doc.inputs.documentType, "Session");
    assert.deepEqual(JSON.parse(doc.inputs.content as string), {
      schemaVersion: "1.0",
      description: "Document to hold regional settings for Session Manager",
      sessionType: "Standard_Stream",
      inputs: {
        s3BucketName: "my-session-logs",
        s3KeyPrefix: "sessions",
        s3EncryptionEnabled: true,
        cloudWatchLogGroupName: "/ssm/sessions",
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        idleSessionTimeout: "15",
        maxSessionDuration: "60",
        kmsKeyId: eu.outputs.arn,
        runAsEnabled: true,
        runAsDefaultUser: "ssm-user",
        shellProfile: { windows: "", linux: "" },
      },
    });
  });

  it("wires the created key into the key policy, the instance role's policy and the grants' policies", async () => {
    const p = await plan(FULL);
    const keyArn = named(p, "session-manager-preferences-key-us-east-1").outputs.arn as string;
    assert.match(keyArn, /^arn:aws:kms:us-east-1:111122223333:key\//);
    const roleArn = named(p, "session-manager-instance-role").outputs.arn;
    assert.deepEqual(policyOf(p, "session-manager-preferences-key-us-east-1"), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountIamPolicies",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "kms:*",
          Resource: "*",
        },
        { Sid: "InstanceRoleDecrypt", Effect: "Allow", Principal: { AWS: roleArn }, Action: "kms:Decrypt", Resource: "*" },
      ],
    });
    assert.deepEqual(policyOf(p, "session-manager-preferences-instance-access"), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn },
        { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::my-session-logs/sessions/*" },
        { Effect: "Allow", Action: "s3:GetEncryptionConfiguration", Resource: "arn:aws:s3:::my-session-logs" },
        {
          Effect: "Allow",
          Action: "kms:GenerateDataKey",
          Resource: "arn:aws:kms:*:*:key/*",
          Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
        },
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: "arn:aws:logs:us-east-1:111122223333:log-group:/ssm/sessions:*",
        },
        { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
      ],
    });
    const role = named(p, "session-manager-instance-role");
    assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal, { Service: "ec2.amazonaws.com" });
    assert.equal(named(p, "session-manager-instance-core").inputs.policyArn, "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    assert.equal(named(p, "session-manager-preferences-instance-access").inputs.role, role.outputs.name);

    const appTeam = policyOf(p, "session-manager-app-team");
    assert.deepEqual(appTeam.Statement.at(-1), { Effect: "Allow", Action: "kms:GenerateDataKey", Resource: keyArn });
    const platform = policyOf(p, "session-manager-platform");
    assert.deepEqual(platform.Statement[2], {
      Effect: "Allow",
      Action: ["ssm:CreateDocument", "ssm:UpdateDocument", "ssm:GetDocument"],
      Resource: "arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell",
    });
    const group = p.principals.find((x) => x.type === "group" && x.name === "app-team");
    assert.deepEqual(
      group?.policies.map((x) => x.document),
      [appTeam],
    );
  });

  it("publishes access rows with the run-as user, and nothing else for an unencrypted stack without logging", async () => {
    const p = await plan(FULL);
    assert.deepEqual(p.access, [
      {
        pattern: "session-manager",
        grant: "app-team",
        principal: { type: "group", name: "app-team" },
        osUsers: ["ssm-user"],
        target: { tags: { Finance: ["WebServers"] } },
        deniedInstanceIds: [],
        // Named under the document access check; the EC2 console's agent update by Run Command.
        documents: ["SSM-SessionManagerRunShell"],
        commandDocuments: ["AWS-UpdateSSMAgent"],
      },
      {
        pattern: "session-manager",
        grant: "platform",
        principal: { type: "role", name: "platform-admin" },
        osUsers: ["ssm-user"],
        target: { instanceIds: ["i-0598c7d356eba48d7"] },
        deniedInstanceIds: [],
        // The page's administrator policy names no document and has no check: the default shell.
        documents: ["SSM-SessionManagerRunShell"],
      },
    ]);

    const bare = await plan({ preferences: { kmsKey: "none" }, instanceProfile: { create: true }, grants: FULL.grants.slice(0, 1) });
    assert.equal(ofType(bare, "aws:kms/key:Key").length, 0);
    assert.equal(ofType(bare, "aws:iam/rolePolicy:RolePolicy").length, 0, "no inline policy when the preferences need nothing");
    assert.equal(JSON.parse(named(bare, "session-manager-preferences-us-east-1").inputs.content as string).inputs.kmsKeyId, "");
    // Run As off (the default): sessions start as the agent's ssm-user, as the audit says too.
    assert.deepEqual(bare.access[0].osUsers, ["ssm-user"]);
    assert.ok(!JSON.stringify(policyOf(bare, "session-manager-app-team")).includes("kms:"));
  });

  it("uses a given key ARN as it is, creating no key", async () => {
    const p = await plan({ preferences: { kmsKey: KEY }, grants: FULL.grants.slice(0, 1) });
    assert.equal(ofType(p, "aws:kms/key:Key").length, 0);
    assert.equal(JSON.parse(named(p, "session-manager-preferences-us-east-1").inputs.content as string).inputs.kmsKeyId, KEY);
    assert.deepEqual(policyOf(p, "session-manager-app-team").Statement.at(-1), {
      Effect: "Allow",
      Action: "kms:GenerateDataKey",
      Resource: KEY,
    });
  });

  it("refuses a given single-Region key for a stack of several Regions, before registering anything", async () => {
    await assert.rejects(
      plan({ preferences: { kmsKey: KEY }, grants: [] }, { "ec2-access:regions": ["us-east-1", "eu-west-1"] }),
      (e: Error) => {
        assert.match(e.message, /ec2-access:sessionManager\.preferences\.kmsKey: got .*key\/1234abcd.*eu-west-1/);
        return true;
      },
    );
  });

  it("adopts the existing preferences document when asked: imported as name@region, untagged", async () => {
    const { plan: p, registrations } = await runPlan({
      stack: "prod",
      config: stackConfig(
        { preferences: { kmsKey: "none", import: true }, grants: [] },
        { "ec2-access:regions": ["us-east-1", "eu-west-1"] },
      ),
      policies: [],
    });
    const docs = registrations.filter((r) => r.type === "aws:ssm/document:Document");
    assert.deepEqual(docs.map((d) => d.importId).sort(), ["SSM-SessionManagerRunShell@eu-west-1", "SSM-SessionManagerRunShell@us-east-1"]);
    for (const d of ofType(p, "aws:ssm/document:Document")) assert.equal(d.inputs.tags, undefined);
    const created = await runPlan({ stack: "prod", config: stackConfig({ preferences: { kmsKey: "none" }, grants: [] }), policies: [] });
    const doc = created.registrations.find((r) => r.type === "aws:ssm/document:Document")!;
    assert.equal(doc.importId, null);
    assert.ok(doc.inputs.tags, "a created document carries the stack's tags");
  });

  it("stays free of instance resources and preferences when the sections are absent", async () => {
    const p = await plan({ grants: FULL.grants.slice(0, 1) });
    assert.deepEqual(
      p.resources
        .filter((r) => r.type.startsWith("aws:"))
        .map((r) => r.type)
        .sort(),
      ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "aws:iam/policy:Policy"],
    );
  });
});
