// One test per validation rule: each asserts the exact line a user would read.
import * as assert from "node:assert/strict";
import { grant, I1, load, problems } from "./helpers";

const ids = "an EC2 instance ID: i- followed by 8 or 17 lower-case hex digits";
const TOP_KEYS =
  "environment, accountId, regions, maxManagedPoliciesPerPrincipal, packGrants, serialConsole, instanceConnect, sessionManager, organization, alerts, network";
const TARGETS = "instanceIds, tags, principalTagKey, allInstances";

describe("config rules", () => {
  describe("unknown keys", () => {
    it("names a typo inside a section, lists the section's keys and suggests the closest", () => {
      assert.deepEqual(problems({ serialConsole: { grnts: [] } }), [
        "ec2-access:serialConsole.grnts: unknown key; expected one of accountAccess, admins, denyInstanceIds, grants, osPassword; did you mean `grants`?",
      ]);
    });

    it("reports an unknown top-level ec2-access key the same way", () => {
      assert.deepEqual(problems({ serialconsole: {} }), [
        `ec2-access:serialconsole: unknown key; expected one of ${TOP_KEYS}; did you mean \`serialConsole\`?`,
      ]);
    });

    it("lists the keys of the object at the path, deep inside a grant", () => {
      assert.deepEqual(problems({ instanceConnect: { grants: [grant.instanceConnect({ osUser: ["ec2-user"] })] } }), [
        "ec2-access:instanceConnect.grants[0].osUser: unknown key; expected one of name, principals, instanceIds, tags, principalTagKey, allInstances, expires, osUsers, console; did you mean `osUsers`?",
      ]);
    });

    it("suggests nothing when no key is close", () => {
      assert.deepEqual(problems({ organization: { zzzzzzzz: 1 } }), [
        "ec2-access:organization.zzzzzzzz: unknown key; expected one of serialConsoleScp, serialConsoleDeclarativePolicy",
      ]);
    });

    it("flags a misspelt project namespace, which would otherwise drop the section silently", () => {
      assert.deepEqual(problems({ "ec2-acess:serialConsole": "{}" }), [
        "ec2-acess:serialConsole: unknown key; expected the ec2-access: namespace; did you mean `ec2-access:serialConsole`?",
      ]);
    });
  });

  describe("identifiers", () => {
    it("refuses a malformed instance ID", () => {
      assert.deepEqual(problems({ serialConsole: { denyInstanceIds: ["i-123"] } }), [
        `ec2-access:serialConsole.denyInstanceIds[0]: got "i-123"; expected ${ids}`,
      ]);
    });

    it("refuses an account ID that is not 12 digits, and one given as a number", () => {
      assert.deepEqual(problems({ accountId: "11112222333" }), [
        'ec2-access:accountId: got "11112222333"; expected a 12-digit AWS account ID, quoted as a string',
      ]);
      assert.deepEqual(problems({ organization: { serialConsoleScp: { targetIds: ["r-abcd"], exceptAccountIds: [111122223333] } } }), [
        "ec2-access:organization.serialConsoleScp.exceptAccountIds[0]: got 111122223333; expected a 12-digit AWS account ID, quoted as a string",
      ]);
    });

    it("refuses a malformed KMS key ARN", () => {
      assert.deepEqual(problems({ sessionManager: { preferences: { kmsKey: "arn:aws:kms:us-east-1:111122223333:alias/x" } } }), [
        'ec2-access:sessionManager.preferences.kmsKey: got "arn:aws:kms:us-east-1:111122223333:alias/x"; expected create, none, or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)',
      ]);
    });

    it("says create, none or an ARN for a near-miss enum value, not a zod dump", () => {
      const expected = "create, none, or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)";
      assert.deepEqual(problems({ sessionManager: { preferences: { kmsKey: "creat" } } }), [
        `ec2-access:sessionManager.preferences.kmsKey: got "creat"; expected ${expected}`,
      ]);
      assert.deepEqual(problems({ sessionManager: { preferences: { kmsKey: 5 } } }), [
        `ec2-access:sessionManager.preferences.kmsKey: got 5; expected ${expected}`,
      ]);
    });

    it("refuses a malformed region in regions", () => {
      assert.deepEqual(problems({ regions: ["us-east-1", "useast1"] }), [
        'ec2-access:regions[1]: got "useast1"; expected an AWS Region code such as us-east-1',
      ]);
    });

    it("refuses regions given as a single string", () => {
      assert.deepEqual(problems({ regions: "us-east-1" }), [
        'ec2-access:regions: got "us-east-1"; expected a list of AWS Region codes, e.g. [us-east-1]',
      ]);
    });

    it("refuses a malformed subnet ID", () => {
      assert.deepEqual(problems({ instanceConnect: { endpoint: { subnetId: "subnet-0abc" } } }), [
        'ec2-access:instanceConnect.endpoint.subnetId: got "subnet-0abc"; expected a subnet ID: subnet- followed by 8 or 17 hex digits',
      ]);
    });
  });

  describe("grants", () => {
    it("refuses a duplicate grant name, pointing at the first use", () => {
      assert.deepEqual(problems({ serialConsole: { grants: [grant.serialConsole(), grant.serialConsole()] } }), [
        'ec2-access:serialConsole.grants[1].name: got "oncall"; expected a name unique in the section (grants[0] is already named "oncall")',
      ]);
    });

    it("refuses a grant with no target", () => {
      assert.deepEqual(problems({ serialConsole: { grants: [grant.serialConsole({ instanceIds: undefined })] } }), [
        `ec2-access:serialConsole.grants[0]: got no target; expected exactly one target: one of ${TARGETS}`,
      ]);
    });

    it("refuses a grant with two targets", () => {
      assert.deepEqual(problems({ sessionManager: { grants: [grant.sessionManager({ instanceIds: [I1] })] } }), [
        `ec2-access:sessionManager.grants[0]: got 2 targets (instanceIds, tags); expected exactly one target: one of ${TARGETS}, managedInstanceIds`,
      ]);
    });

    it("checks the target count even when another field of the grant is wrong", () => {
      assert.deepEqual(problems({ serialConsole: { grants: [grant.serialConsole({ name: "On Call", instanceIds: undefined })] } }), [
        'ec2-access:serialConsole.grants[0].name: got "On Call"; expected a grant name of 1-40 lower-case letters, digits and inner hyphens',
        `ec2-access:serialConsole.grants[0]: got no target; expected exactly one target: one of ${TARGETS}`,
      ]);
    });

    it("refuses allInstances: false", () => {
      assert.deepEqual(problems({ serialConsole: { grants: [grant.serialConsole({ instanceIds: undefined, allInstances: false })] } }), [
        "ec2-access:serialConsole.grants[0].allInstances: got false; expected true (omit the key otherwise)",
      ]);
    });

    it("refuses a missing grant name", () => {
      assert.deepEqual(problems({ serialConsole: { grants: [grant.serialConsole({ name: undefined })] } }), [
        "ec2-access:serialConsole.grants[0].name: got nothing; expected a grant name of 1-40 lower-case letters, digits and inner hyphens",
      ]);
    });
  });

  describe("principals", () => {
    it("refuses empty principals", () => {
      assert.deepEqual(problems({ serialConsole: { grants: [grant.serialConsole({ principals: { groups: [] } })] } }), [
        'ec2-access:serialConsole.grants[0].principals: got {"groups":[]}; expected at least one user, group or role: the existing IAM identities the grant is for',
      ]);
    });

    it("refuses a role given as an ARN", () => {
      assert.deepEqual(problems({ serialConsole: { admins: { roles: ["arn:aws:iam::111122223333:role/admin"] } } }), [
        'ec2-access:serialConsole.admins.roles[0]: got "arn:aws:iam::111122223333:role/admin"; expected an IAM role name (the name, not an ARN or path): 1-64 of A-Z a-z 0-9 + = , . @ _ -',
      ]);
    });

    it("refuses a user name longer than IAM's 64 characters", () => {
      const name = "u".repeat(65);
      assert.deepEqual(problems({ serialConsole: { grants: [grant.serialConsole({ principals: { users: [name] } })] } }), [
        `ec2-access:serialConsole.grants[0].principals.users[0]: got "${name}"; expected an IAM user name (the name, not an ARN or path): 1-64 of A-Z a-z 0-9 + = , . @ _ -`,
      ]);
    });

    it("refuses a group name with characters IAM refuses", () => {
      assert.deepEqual(problems({ serialConsole: { grants: [grant.serialConsole({ principals: { groups: ["on call"] } })] } }), [
        'ec2-access:serialConsole.grants[0].principals.groups[0]: got "on call"; expected an IAM group name (the name, not an ARN or path): 1-128 of A-Z a-z 0-9 + = , . @ _ -',
      ]);
    });

    it("refuses the same principal twice in one grant", () => {
      assert.deepEqual(problems({ serialConsole: { grants: [grant.serialConsole({ principals: { roles: ["sre", "sre"] } })] } }), [
        'ec2-access:serialConsole.grants[0].principals.roles[1]: got "sre"; expected each role once (already at [0])',
      ]);
    });
  });

  describe("tags", () => {
    const withTags = (tags: unknown) => ({ sessionManager: { grants: [grant.sessionManager({ tags })] } });
    const at = "ec2-access:sessionManager.grants[0].tags";

    it("refuses a tag key with the reserved aws: prefix, in any case", () => {
      assert.deepEqual(problems(withTags({ "AWS:Team": "web" })), [
        `${at}["AWS:Team"]: got key "AWS:Team"; expected a tag key without the reserved aws: prefix`,
      ]);
    });

    it("refuses a tag value with the reserved aws: prefix", () => {
      assert.deepEqual(problems(withTags({ Team: "aws:web" })), [
        `${at}.Team: got "aws:web"; expected a tag value without the reserved aws: prefix`,
      ]);
    });

    it("refuses a tag key beyond 128 characters", () => {
      const key = "k".repeat(129);
      assert.deepEqual(problems(withTags({ [key]: "web" })), [
        `${at}.${key}: got key "${key.slice(0, 116)}...; expected a tag key of at most 128 characters`,
      ]);
    });

    it("refuses a tag value beyond 256 characters, in a list too", () => {
      const value = "v".repeat(257);
      assert.deepEqual(problems(withTags({ Team: ["web", value] })), [
        `${at}.Team[1]: got "${value.slice(0, 116)}...; expected a tag value of at most 256 characters`,
      ]);
    });

    it("refuses a tag value that is neither a string nor a list", () => {
      assert.deepEqual(problems(withTags({ Team: 5 })), [`${at}.Team: got 5; expected a tag value or a list of tag values`]);
    });

    it("refuses an empty tag map", () => {
      assert.deepEqual(problems(withTags({})), [`${at}: got {}; expected at least one tag key, e.g. { Team: web }`]);
    });
  });

  describe("Instance Connect OS users", () => {
    const withUsers = (osUsers: unknown) => ({ instanceConnect: { grants: [grant.instanceConnect({ osUsers })] } });

    it("refuses an empty osUsers", () => {
      assert.deepEqual(problems(withUsers([])), [
        "ec2-access:instanceConnect.grants[0].osUsers: got []; expected at least one OS user (ec2:osuser): ec2-user on Amazon Linux, ubuntu on Ubuntu",
      ]);
    });

    it("refuses *", () => {
      assert.deepEqual(problems(withUsers(["*"])), [
        'ec2-access:instanceConnect.grants[0].osUsers[0]: got "*"; expected an explicit OS user; * would let the grant log in as anyone, root included',
      ]);
    });

    it("requires osUsers", () => {
      assert.deepEqual(problems(withUsers(undefined)), [
        "ec2-access:instanceConnect.grants[0].osUsers: got nothing; expected a list of OS users (ec2:osuser), e.g. [ec2-user]",
      ]);
    });
  });

  describe("enums", () => {
    it("refuses an unknown Session Manager client", () => {
      assert.deepEqual(problems({ sessionManager: { grants: [grant.sessionManager({ clients: ["ssh"] })] } }), [
        'ec2-access:sessionManager.grants[0].clients[0]: got "ssh"; expected one of session-manager, ec2-console, cli',
      ]);
    });

    it("refuses an accountAccess outside its set", () => {
      assert.deepEqual(problems({ serialConsole: { accountAccess: "on" } }), [
        'ec2-access:serialConsole.accountAccess: got "on"; expected one of enabled, disabled, unmanaged',
      ]);
    });

    it("refuses a grant role and identity outside their sets", () => {
      assert.deepEqual(problems({ sessionManager: { grants: [grant.sessionManager({ role: "root", identity: "sso" })] } }), [
        'ec2-access:sessionManager.grants[0].role: got "root"; expected one of user, admin',
        'ec2-access:sessionManager.grants[0].identity: got "sso"; expected one of iam-user, federated',
      ]);
    });

    it("refuses an SCP effect other than deny", () => {
      assert.deepEqual(problems({ organization: { serialConsoleScp: { effect: "allow", targetIds: ["r-abcd"] } } }), [
        'ec2-access:organization.serialConsoleScp.effect: got "allow"; expected deny (the only supported effect: serial console denied everywhere but the exceptions)',
      ]);
    });

    it("refuses a boolean given as a string", () => {
      assert.deepEqual(problems({ instanceConnect: { grants: [grant.instanceConnect({ console: "yes" })] } }), [
        'ec2-access:instanceConnect.grants[0].console: got "yes"; expected true or false',
      ]);
    });
  });

  describe("durations", () => {
    const prefs = (p: Record<string, unknown>) => ({ sessionManager: { preferences: p } });

    it("refuses an idle timeout beyond 60 minutes", () => {
      assert.deepEqual(problems(prefs({ idleSessionTimeoutMinutes: 90 })), [
        "ec2-access:sessionManager.preferences.idleSessionTimeoutMinutes: got 90; expected 1 to 60 minutes (the range Session Manager accepts)",
      ]);
    });

    it("refuses a session duration beyond 1440 minutes, and a fractional one", () => {
      assert.deepEqual(problems(prefs({ maxSessionDurationMinutes: 1441 })), [
        "ec2-access:sessionManager.preferences.maxSessionDurationMinutes: got 1441; expected 1 to 1440 minutes (the range Session Manager accepts)",
      ]);
      assert.deepEqual(problems(prefs({ maxSessionDurationMinutes: 1.5 })), [
        "ec2-access:sessionManager.preferences.maxSessionDurationMinutes: got 1.5; expected whole minutes, 1 to 1440 minutes (the range Session Manager accepts)",
      ]);
    });

    it("accepts a session duration shorter than the idle timeout: AWS treats them independently", () => {
      const c = load(prefs({ idleSessionTimeoutMinutes: 30, maxSessionDurationMinutes: 10 }));
      assert.equal(c.sessionManager?.preferences?.maxSessionDurationMinutes, 10);
    });

    it("refuses an endpoint tunnel beyond 3600 seconds", () => {
      assert.deepEqual(problems({ instanceConnect: { endpoint: { subnetId: "subnet-0123456789abcdef0", maxTunnelDurationSeconds: 0 } } }), [
        "ec2-access:instanceConnect.endpoint.maxTunnelDurationSeconds: got 0; expected 1 to 3600 seconds (the most EC2 Instance Connect Endpoint allows)",
      ]);
    });
  });

  describe("other values", () => {
    it("refuses maxManagedPoliciesPerPrincipal outside 1-20, and text", () => {
      const expected = "1 to 20 (10 by default; 20 with a quota increase)";
      assert.deepEqual(problems({ maxManagedPoliciesPerPrincipal: 25 }), [
        `ec2-access:maxManagedPoliciesPerPrincipal: got 25; expected ${expected}`,
      ]);
      assert.deepEqual(problems({ maxManagedPoliciesPerPrincipal: "ten" }), [
        `ec2-access:maxManagedPoliciesPerPrincipal: got "ten"; expected ${expected}`,
      ]);
    });

    it("requires environment", () => {
      assert.deepEqual(problems({ environment: undefined }), [
        "ec2-access:environment: got nothing; expected 1-20 lower-case letters, digits and hyphens, e.g. prod",
      ]);
    });

    it("refuses a section that is not a map", () => {
      assert.deepEqual(
        problems({ instanceConnect: [grant.instanceConnect()] }).map((l) => l.split(": got")[0]),
        ["ec2-access:instanceConnect"],
      );
    });

    it("refuses osPassword with both instanceIds and tags", () => {
      assert.deepEqual(
        problems({ serialConsole: { osPassword: { user: "root", password: "long-enough-1", instanceIds: [I1], tags: { Team: "web" } } } }),
        [
          "ec2-access:serialConsole.osPassword: got both instanceIds and tags; expected exactly one of instanceIds or tags: the instances whose OS user gets the password",
        ],
      );
    });
  });
});
