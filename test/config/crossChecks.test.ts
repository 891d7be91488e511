// Rules that relate two places of the configuration, and the managed-policy count per principal.
import * as assert from "node:assert/strict";
import { attachmentCounts } from "../../config/attachments";
import { grant, I1, I2, load, problems } from "./helpers";

const KEY_US = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const MRK_US = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";

describe("config cross-checks", () => {
  it("refuses a serial console grant whose every instance is denied, naming both keys", () => {
    assert.deepEqual(problems({ serialConsole: { denyInstanceIds: [I1], grants: [grant.serialConsole({ instanceIds: [I1] })] } }), [
      `ec2-access:serialConsole.grants[0].instanceIds: got ["${I1}"]; expected at least one instance not in ec2-access:serialConsole.denyInstanceIds, which denies all of these (the grant would allow nothing)`,
    ]);
  });

  it("accepts a grant that the deny list only narrows", () => {
    assert.doesNotThrow(() => load({ serialConsole: { denyInstanceIds: [I1], grants: [grant.serialConsole({ instanceIds: [I1, I2] })] } }));
  });

  it("refuses an Instance Connect Endpoint outside the stack's regions", () => {
    assert.deepEqual(
      problems({ regions: ["us-east-1"], instanceConnect: { endpoint: { subnetId: "subnet-0123456789abcdef0", region: "eu-west-1" } } }),
      ['ec2-access:instanceConnect.endpoint.region: got "eu-west-1"; expected one of the stack\'s regions ["us-east-1"]'],
    );
  });

  it("refuses runAs enabled without a default user", () => {
    assert.deepEqual(problems({ sessionManager: { preferences: { runAs: { enabled: true } } } }), [
      "ec2-access:sessionManager.preferences.runAs.defaultUser: got nothing; expected an OS user name when runAs.enabled is true: sessions of principals without an SSMSessionRunAs tag run as this user",
    ]);
  });

  it("refuses CloudWatch encryption without a log group", () => {
    assert.deepEqual(problems({ sessionManager: { preferences: { cloudWatchEncryptionEnabled: true } } }), [
      "ec2-access:sessionManager.preferences.cloudWatchEncryptionEnabled: got true; expected cloudWatchLogGroup to be set as well (without it there are no session logs to apply cloudWatchEncryptionEnabled to), or remove cloudWatchEncryptionEnabled",
    ]);
  });

  it("refuses S3 encryption without a bucket", () => {
    assert.deepEqual(problems({ sessionManager: { preferences: { s3EncryptionEnabled: true } } }), [
      "ec2-access:sessionManager.preferences.s3EncryptionEnabled: got true; expected s3Bucket to be set as well (without it there are no session logs to apply s3EncryptionEnabled to), or remove s3EncryptionEnabled",
    ]);
  });

  it("refuses a session KMS key in a region the stack does not manage", () => {
    assert.deepEqual(problems({ regions: ["eu-west-1"], sessionManager: { preferences: { kmsKey: KEY_US } } }), [
      `ec2-access:sessionManager.preferences.kmsKey: got "${KEY_US}"; expected a key in one of the stack's regions ["eu-west-1"] (Session Manager needs the key in the session's region)`,
    ]);
  });

  it("refuses a single-Region key for a stack of several regions, but accepts a multi-Region key", () => {
    assert.deepEqual(problems({ regions: ["us-east-1", "eu-west-1"], sessionManager: { preferences: { kmsKey: KEY_US } } }), [
      `ec2-access:sessionManager.preferences.kmsKey: got "${KEY_US}"; expected create (one key per region) or a multi-Region key (key/mrk-...): a key in us-east-1 cannot encrypt sessions in eu-west-1`,
    ]);
    assert.equal(
      load({ regions: ["us-east-1", "eu-west-1"], sessionManager: { preferences: { kmsKey: MRK_US } } }).sessionManager?.preferences
        ?.kmsKey,
      MRK_US,
    );
  });

  it("accepts an SCP with no exceptions: denying every member account is a legitimate intent", () => {
    assert.deepEqual(
      load({ organization: { serialConsoleScp: { targetIds: ["r-abcd"] } } }).organization?.serialConsoleScp?.exceptAccountIds,
      [],
    );
  });

  describe("managed policies per principal", () => {
    const grants = (n: number, principals: Record<string, string[]>) =>
      Array.from({ length: n }, (_, i) => grant.sessionManager({ name: `g${i}`, principals }));

    it("counts one policy per grant across sections, plus the serial console admin policy", () => {
      const c = load({
        serialConsole: {
          admins: { roles: ["sre"] },
          grants: [grant.serialConsole({ principals: { roles: ["sre"], groups: ["oncall"] } })],
        },
        instanceConnect: { grants: [grant.instanceConnect({ principals: { roles: ["sre"] } })] },
        sessionManager: { grants: grants(2, { roles: ["sre"] }) },
      });
      const counts = attachmentCounts(c).map((p) => [p.kind, p.name, p.count]);
      assert.deepEqual(counts, [
        ["role", "sre", 5],
        ["group", "oncall", 1],
      ]);
    });

    it("takes the policies per grant from the caller once big grants are split", () => {
      const c = load({ sessionManager: { grants: grants(2, { users: ["alice"] }) } });
      assert.equal(attachmentCounts(c, (_section, name) => (name === "g0" ? 3 : 1))[0].count, 4);
    });

    it("refuses a role over maxManagedPoliciesPerPrincipal, on the grant that takes it over", () => {
      assert.deepEqual(problems({ maxManagedPoliciesPerPrincipal: 2, sessionManager: { grants: grants(3, { roles: ["sre"] }) } }), [
        'ec2-access:sessionManager.grants[2].principals.roles[0]: got role "sre" with 3 managed policies (sessionManager/g0, sessionManager/g1, sessionManager/g2); ' +
          "expected at most 2 per role (ec2-access:maxManagedPoliciesPerPrincipal; IAM allows 10 by default, 20 with a quota increase): use tag-based targets to merge grants, or ec2-access:packGrants: true (small grants share policies), or fewer grants for this role",
      ]);
    });

    it("holds groups to IAM's fixed 10, whatever maxManagedPoliciesPerPrincipal says", () => {
      assert.deepEqual(problems({ maxManagedPoliciesPerPrincipal: 20, sessionManager: { grants: grants(11, { groups: ["ops"] }) } }), [
        'ec2-access:sessionManager.grants[10].principals.groups[0]: got group "ops" with 11 managed policies (' +
          Array.from({ length: 11 }, (_, i) => `sessionManager/g${i}`).join(", ") +
          "); expected at most 10 per group (IAM's fixed limit for a group): use tag-based targets to merge grants, or ec2-access:packGrants: true (small grants share policies), or fewer grants for this group",
      ]);
    });

    it("with packGrants, a group's 11 small grants share 2 policies and fit; over the limit, a packed policy is named with its grants", () => {
      assert.doesNotThrow(() => load({ packGrants: true, sessionManager: { grants: grants(11, { groups: ["ops"] }) } }));
      const [problem] = problems({
        packGrants: true,
        maxManagedPoliciesPerPrincipal: 1,
        sessionManager: { grants: grants(11, { roles: ["sre"] }) },
      });
      // Ordered by name; the second packed policy takes sre over the limit, named at its first grant.
      assert.match(
        problem,
        /^ec2-access:sessionManager\.grants\[\d+\]\.principals\.roles\[0\]: got role "sre" with 2 managed policies \(packed role-sre \(session-manager\/g0, session-manager\/g1, [^)]*\), packed role-sre\.2 \([^)]*session-manager\/g9\)\); expected at most 1 per role \(ec2-access:maxManagedPoliciesPerPrincipal; IAM allows 10 by default, 20 with a quota increase\): use tag-based targets to merge grants, or fewer grants for this role$/,
      );
    });

    it("accepts a principal exactly at its limit", () => {
      assert.doesNotThrow(() => load({ sessionManager: { grants: grants(10, { groups: ["ops"] }) } }));
    });
  });
});

describe("config rules that protect the program's own invariants", () => {
  it("reserves the serial console grant name admins for the admin policy", () => {
    assert.deepEqual(problems({ serialConsole: { grants: [{ name: "admins", principals: { roles: ["sre"] }, instanceIds: [I1] }] } }), [
      'ec2-access:serialConsole.grants[0].name: got "admins"; expected another name: "admins" is the admin policy\'s',
    ]);
  });

  it("refuses an SCP whose exceptions would exceed 5,120 characters, before any resource exists", () => {
    const accounts = Array.from({ length: 400 }, (_, i) => String(100000000000 + i));
    assert.deepEqual(problems({ organization: { serialConsoleScp: { targetIds: ["ou-abcd-11111111"], exceptAccountIds: accounts } } }), [
      "ec2-access:organization.serialConsoleScp.exceptAccountIds: got 400 accounts; expected few enough for the SCP to stay within 5120 characters: attach the SCP to the OUs that must not use the serial console instead of listing that many exceptions",
    ]);
  });
});
