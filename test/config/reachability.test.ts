// Configurations that plan green but would not work, or not safely, once deployed: refused
// before any resource exists, with a message that says why and what to do.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { grant, load, problems, I1 } from "./helpers";
import { runPlan } from "../../plan/run";
import { flattenConfig } from "../../config/stackFile";
import { ec2Access } from "../../program";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const BIN = path.join(ROOT, "bin", "ec2-access.js");

describe("config: Session Manager identity is derived from the principals", () => {
  const identity = (principals: Record<string, string[]>, extra: Record<string, unknown> = {}) =>
    load({ sessionManager: { grants: [grant.sessionManager({ principals, ...extra })] } }).sessionManager!.grants[0].identity;

  it("iam-user for users and groups, federated for roles, both for a grant with both", () => {
    assert.equal(identity({ groups: ["app-team"] }), "iam-user");
    assert.equal(identity({ users: ["alice"] }), "iam-user");
    assert.equal(identity({ roles: ["sre"] }), "federated");
    assert.equal(identity({ users: ["alice"], roles: ["sre"] }), "both");
  });

  it("keeps an explicit value that works for the principals", () => {
    assert.equal(identity({ roles: ["sre"] }, { identity: "federated" }), "federated");
    assert.equal(identity({ users: ["alice"] }, { identity: "federated" }), "federated");
  });

  it("refuses iam-user on a grant with roles, saying why", () => {
    assert.deepEqual(
      problems({ sessionManager: { grants: [grant.sessionManager({ principals: { roles: ["sre"] }, identity: "iam-user" })] } }),
      [
        'ec2-access:sessionManager.grants[0].identity: got "iam-user"; expected federated, or no identity (derived from the principals), for a grant with roles: ' +
          "iam-user scopes TerminateSession/ResumeSession by aws:username, which a role session does not have, so its users could not end or resume their own sessions",
      ],
    );
  });
});

describe("config: IAM Identity Center roles (AWSReservedSSO_*)", () => {
  const SSO = "AWSReservedSSO_AdministratorAccess_0123456789abcdef";

  it("refuses one as a principal, naming the policy a permission set attaches instead", () => {
    assert.deepEqual(
      problems({ sessionManager: { grants: [grant.sessionManager({ name: "sre", principals: { groups: ["ops"], roles: [SSO] } })] } }),
      [
        `ec2-access:sessionManager.grants[0].principals.roles[0]: got "${SSO}"; expected a role IAM lets this stack attach policies to: ` +
          "AWSReservedSSO_* roles belong to IAM Identity Center and IAM refuses any change to them (UnmodifiableEntity). " +
          "Reach SSO users through their permission set instead: remove the role here and add a customer managed policy attachment " +
          "named ec2-access-prod-session-manager-sre with path /ec2-access/ (this grant's exported policy; parts of a split grant are ec2-access-prod-session-manager-sre.2, ...) " +
          "to the permission set; the policy must exist under that name and path in every account the permission set is provisioned to",
      ],
    );
  });

  it("refuses one in every section, and among the serial console admins", () => {
    const found = problems({
      serialConsole: { admins: { roles: [SSO] }, grants: [grant.serialConsole({ principals: { roles: [SSO] } })] },
      instanceConnect: { grants: [grant.instanceConnect({ principals: { roles: ["dev", SSO] } })] },
    });
    assert.deepEqual(
      found.map((p) => p.split(":").slice(0, 2).join(":").split(" ")[0]),
      [
        "ec2-access:serialConsole.admins.principals.roles[0]",
        "ec2-access:serialConsole.grants[0].principals.roles[0]",
        "ec2-access:instanceConnect.grants[0].principals.roles[1]",
      ].map((k) => `${k}`),
    );
    assert.match(found[0], /customer managed policy attachment named ec2-access-prod-serial-console-admins with path \/ec2-access\//);
    assert.match(found[2], /named ec2-access-prod-instance-connect-web-devs with path/);
  });
});

describe("config: console sessions run under the stack's preferences", () => {
  const withDocument = (document: string, clients: string[]) => ({
    sessionManager: { document, preferences: { cloudWatchLogGroup: "/ssm/sessions" }, grants: [grant.sessionManager({ clients })] },
  });

  for (const clients of [["ec2-console"], ["session-manager"]]) {
    it(`refuses preferences in another document than the console's when a grant has ${clients[0]}`, () => {
      assert.deepEqual(problems(withDocument("Team-RunShell", clients)), [
        `ec2-access:sessionManager.document: got "Team-RunShell"; expected SSM-SessionManagerRunShell while ec2-access:sessionManager.grants[0].clients has ${JSON.stringify(clients)}: ` +
          "the EC2 console and the Session Manager console always start sessions with SSM-SessionManagerRunShell, " +
          'so the preferences in "Team-RunShell" (encryption, logging, timeouts) would not apply to console sessions; ' +
          "name SSM-SessionManagerRunShell here (with preferences.import: true if it already exists in the account)",
      ]);
    });
  }

  it("accepts them in SSM-SessionManagerRunShell, and another document without managed preferences", () => {
    assert.equal(load(withDocument("SSM-SessionManagerRunShell", ["ec2-console"])).sessionManager!.document, "SSM-SessionManagerRunShell");
    assert.equal(
      load({ sessionManager: { document: "Team-RunShell", grants: [grant.sessionManager()] } }).sessionManager!.document,
      "Team-RunShell",
    );
  });
});

describe("config: the OS password must be a Pulumi secret", () => {
  const VALUE = "Plaintext-Hunter2-Value";
  const section = { osPassword: { user: "root", password: VALUE, instanceIds: [I1] } };

  it("is refused in plaintext when the engine says which keys are secret, without quoting it", () => {
    const found = problems({ serialConsole: section }, { secretKeys: [] });
    assert.equal(found.length, 1);
    assert.match(
      found[0],
      /^ec2-access:serialConsole\.osPassword\.password: got a plaintext value \(not shown\); expected a Pulumi secret/,
    );
    assert.ok(!found[0].includes(VALUE));
    assert.equal(load({ serialConsole: section }, { secretKeys: ["ec2-access:serialConsole"] }).serialConsole!.osPassword!.user, "root");
  });

  it("is refused by the program itself when the engine hands it over unmarked", async () => {
    const config = {
      "aws:region": "us-east-1",
      "ec2-access:environment": "prod",
      "ec2-access:accountId": "111122223333",
      "ec2-access:serialConsole": section,
    };
    const secure = {
      ...config,
      "ec2-access:serialConsole": { ...section, osPassword: { ...section.osPassword, password: { secure: "v1:eA==:eA==" } } },
    };
    // The plan validates the secure form; the program then reads what the engine gives it.
    const engineGivesPlaintext = async () => {
      pulumi.runtime.setAllConfig(flattenConfig(config).config, []);
      return ec2Access();
    };
    await assert.rejects(runPlan({ stack: "prod", config: secure, program: engineGivesPlaintext }), (e: Error) => {
      assert.match(e.message, /ec2-access:serialConsole\.osPassword\.password: got a plaintext value/);
      assert.ok(!e.message.includes(VALUE));
      return true;
    });
  });

  it("plan exits 2 naming the key, and the value appears on neither stdout nor stderr", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ec2-access\nruntime: nodejs\n");
    fs.writeFileSync(
      path.join(dir, "Pulumi.bad.yaml"),
      `config:\n  aws:region: us-east-1\n  ec2-access:environment: dev\n  ec2-access:serialConsole:\n    osPassword:\n      user: root\n      password: ${VALUE}\n      instanceIds: [${I1}]\n`,
    );
    for (const format of ["text", "json"]) {
      const result = await promisify(execFile)(process.execPath, [BIN, "plan", "--stack", "bad", "--format", format], { cwd: dir }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      assert.equal(result.code, 2, format);
      assert.match(result.stderr, /ec2-access:serialConsole\.osPassword\.password: got a plaintext value \(not shown\)/);
      assert.ok(!result.stdout.includes(VALUE) && !result.stderr.includes(VALUE), `${format}: the value was printed`);
      assert.ok(!/\n\s+at /.test(result.stderr), "no stack trace");
    }
  });
});
