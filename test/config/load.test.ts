// Loading as a whole: aws:region, every problem in one run, a complete valid stack with its
// defaults, and the OS password never echoed.
import * as assert from "node:assert/strict";
import { loadStackConfig } from "../../config/load";
import { flat, grant, I1, I2, load, problems } from "./helpers";

const SECRET = "S3cr3t-Pa55word!";

/** Every key of the contract (stack-config.md), with the values it documents. */
const FULL = {
  "aws:region": "us-east-1",
  environment: "prod",
  accountId: "111122223333",
  regions: ["us-east-1", "eu-west-1"],
  serialConsole: {
    accountAccess: "enabled",
    admins: { roles: ["platform-admin"] },
    denyInstanceIds: [I1],
    grants: [{ name: "oncall", principals: { groups: ["oncall"], roles: [], users: [] }, instanceIds: [I1, I2] }],
    osPassword: { user: "root", password: SECRET, tags: { Team: "web" } },
  },
  instanceConnect: {
    grants: [{ name: "web-devs", principals: { groups: ["web-devs"] }, osUsers: ["ec2-user"], instanceIds: [I2, I1], console: true }],
    endpoint: { subnetId: "subnet-0123456789abcdef0", securityGroupIds: ["sg-0123456789abcdef0"] },
  },
  sessionManager: {
    document: "SSM-SessionManagerRunShell",
    preferences: {
      kmsKey: "create",
      s3Bucket: "my-session-logs",
      cloudWatchLogGroup: "/ssm/sessions",
      idleSessionTimeoutMinutes: 20,
      maxSessionDurationMinutes: 60,
      runAs: { enabled: false, defaultUser: "" },
      shellProfile: { linux: "", windows: "" },
    },
    instanceProfile: { create: true },
    grants: [
      {
        name: "app-team",
        role: "user",
        clients: ["session-manager", "ec2-console"],
        principals: { groups: ["app-team"] },
        identity: "iam-user",
        tags: { Finance: "WebServers" },
      },
    ],
  },
  organization: { serialConsoleScp: { effect: "deny", targetIds: ["ou-abcd-11111111"], exceptAccountIds: ["111122223333"] } },
};

describe("loadStackConfig", () => {
  describe("aws:region", () => {
    it("is required", () => {
      assert.deepEqual(problems({ "aws:region": undefined }), [
        "aws:region: got nothing; expected the stack's AWS Region, e.g. `pulumi config set aws:region us-east-1`",
      ]);
    });

    it("must be a Region code", () => {
      assert.deepEqual(problems({ "aws:region": "US East (N. Virginia)" }), [
        'aws:region: got "US East (N. Virginia)"; expected an AWS Region code such as us-east-1',
      ]);
    });

    it("is the default of regions", () => {
      assert.deepEqual(load({ "aws:region": "eu-central-1" }).regions, ["eu-central-1"]);
    });
  });

  it("reports every problem of a configuration at once, one line each", () => {
    const lines = problems({
      "aws:region": "nowhere",
      serialConsole: { grnts: [], grants: [grant.serialConsole({ principals: {} })] },
      instanceConnect: { grants: [grant.instanceConnect({ osUsers: ["*"] })] },
      sessionManager: { preferences: { idleSessionTimeoutMinutes: 0 } },
      organization: { serialConsoleScp: { targetIds: [] } },
    });
    assert.deepEqual(lines, [
      'aws:region: got "nowhere"; expected an AWS Region code such as us-east-1',
      "ec2-access:serialConsole.grants[0].principals: got {}; expected at least one user, group or role: the existing IAM identities the grant is for",
      "ec2-access:serialConsole.grnts: unknown key; expected one of accountAccess, admins, denyInstanceIds, grants, osPassword; did you mean `grants`?",
      'ec2-access:instanceConnect.grants[0].osUsers[0]: got "*"; expected an explicit OS user; * would let the grant log in as anyone, root included',
      "ec2-access:sessionManager.preferences.idleSessionTimeoutMinutes: got 0; expected 1 to 60 minutes (the range Session Manager accepts)",
      "ec2-access:organization.serialConsoleScp.targetIds: got []; expected at least one target",
    ]);
  });

  it("still runs cross-section rules when another section is invalid", () => {
    assert.deepEqual(
      problems({
        serialConsole: { accountAccess: "on" },
        instanceConnect: { endpoint: { subnetId: "subnet-0123456789abcdef0", region: "eu-west-1" } },
      }),
      [
        'ec2-access:serialConsole.accountAccess: got "on"; expected one of enabled, disabled, unmanaged',
        'ec2-access:instanceConnect.endpoint.region: got "eu-west-1"; expected one of the stack\'s regions ["us-east-1"]',
      ],
    );
  });

  it("accepts every key of the contract and applies the documented defaults", () => {
    const c = loadStackConfig(flat(FULL), "prod");
    assert.equal(c.stack, "prod");
    assert.equal(c.region, "us-east-1");
    assert.deepEqual(c.regions, ["us-east-1", "eu-west-1"]);
    assert.equal(c.accountId, "111122223333");
    assert.equal(c.maxManagedPoliciesPerPrincipal, 10);
    assert.deepEqual(c.serialConsole?.grants[0].principals, { groups: ["oncall"], roles: [], users: [] });
    assert.equal(c.serialConsole?.osPassword?.password, SECRET);
    assert.deepEqual(c.instanceConnect?.endpoint, {
      subnetId: "subnet-0123456789abcdef0",
      securityGroupIds: ["sg-0123456789abcdef0"],
      preserveClientIp: false,
      maxTunnelDurationSeconds: 3600,
      remotePorts: [22],
      instanceSecurityGroupIds: [],
    });
    assert.deepEqual(c.sessionManager?.preferences, {
      kmsKey: "create",
      s3Bucket: "my-session-logs",
      s3EncryptionEnabled: true,
      cloudWatchLogGroup: "/ssm/sessions",
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      idleSessionTimeoutMinutes: 20,
      maxSessionDurationMinutes: 60,
      runAs: { enabled: false, defaultUser: "" },
      shellProfile: { linux: "", windows: "" },
      import: false,
    });
    assert.deepEqual(c.sessionManager?.instanceProfile, { create: true });
    assert.deepEqual(c.organization?.serialConsoleScp, {
      effect: "deny",
      name: "deny-serial-console",
      targetIds: ["ou-abcd-11111111"],
      exceptAccountIds: ["111122223333"],
    });
  });

  it("fills the defaults of a minimal section", () => {
    const c = load({
      serialConsole: {},
      instanceConnect: { grants: [grant.instanceConnect()] },
      sessionManager: { preferences: {}, grants: [grant.sessionManager()] },
    });
    assert.deepEqual(c.serialConsole, { accountAccess: "unmanaged", denyInstanceIds: [], grants: [] });
    assert.equal(c.instanceConnect?.grants[0].console, false);
    const g = c.sessionManager!.grants[0];
    assert.deepEqual([g.role, g.clients, g.identity], ["user", ["session-manager"], "iam-user"]);
    assert.equal(c.sessionManager?.document, "SSM-SessionManagerRunShell");
    // No log destination: nothing to encrypt or stream.
    const p = c.sessionManager!.preferences!;
    assert.deepEqual(
      [p.kmsKey, p.idleSessionTimeoutMinutes, p.s3EncryptionEnabled, p.cloudWatchEncryptionEnabled, p.cloudWatchStreamingEnabled],
      ["create", 20, false, false, false],
    );
  });

  describe("the OS password", () => {
    const withPassword = (osPassword: unknown, more: Record<string, unknown> = {}) => ({ serialConsole: { osPassword, ...more } });

    it("is masked when it is itself the problem", () => {
      assert.deepEqual(problems(withPassword({ user: "root", password: "short", instanceIds: [I1] })), [
        "ec2-access:serialConsole.osPassword.password: got (secret, not shown); expected a password of at least 8 characters (a Pulumi secret: `pulumi config set --secret`)",
      ]);
    });

    it("never appears when the object holding it is shown", () => {
      const lines = problems({ serialConsole: [{ osPassword: { user: "root", password: SECRET } }] });
      assert.deepEqual(lines, [
        'ec2-access:serialConsole: got [{"osPassword":{"user":"root","password":"(secret, not shown)"}}]; expected a map with accountAccess, admins, denyInstanceIds, grants, osPassword',
      ]);
    });

    it("never appears in any message, whatever else is wrong around it", () => {
      const lines = problems({
        serialConsole: { osPassword: { user: SECRET, password: SECRET, pasword: SECRET, instanceIds: [SECRET] }, grants: SECRET },
        instanceConnect: { grants: [grant.instanceConnect({ osUsers: [SECRET] })] },
      });
      assert.ok(lines.length >= 5, lines.join("\n"));
      for (const line of lines) assert.ok(!line.includes(SECRET), line);
    });
  });
});
