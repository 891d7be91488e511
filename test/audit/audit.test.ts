// `ec2-access audit` against moto's real server, seeded through the SDK (test/audit/seed.ts).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Io } from "../../cli/main";
import { main } from "../../cli/main";
import type { Moto } from "../support/moto";
import { FAKE_AWS_ENV, startMoto } from "../support/moto";
import { TRUST, organizationSeeder, seeders } from "./seed";
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { EnableSerialConsoleAccessCommand } from "@aws-sdk/client-ec2";
import { makeClients } from "../../audit/clients";
import { readAccount } from "../../audit/read";
import { planStack, runPlan } from "../../plan/run";
import * as os from "node:os";
import { stringify } from "yaml";
import { readStackFile } from "../../config/stackFile";
import type { AuditReport } from "../../audit/format";

const ROOT = path.resolve(__dirname, "../../..");
const ACCOUNT = "111122223333"; // the dev stack's account, so that its ARNs are this account's

async function run(
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdin: async () => "", cwd };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return { code: await main(["audit", ...args], io), stdout, stderr };
  } finally {
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

const stmt = (Action: string | string[], Resource: string | string[], Condition?: unknown) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) }],
});

describe("audit: a live account on moto's server", function () {
  this.timeout(180_000);
  let moto: Moto;
  const saved = { ...process.env };
  before(async () => {
    Object.assign(process.env, FAKE_AWS_ENV, { AWS_EC2_METADATA_DISABLED: "true" });
    moto = await startMoto({ MOTO_ACCOUNT_ID: ACCOUNT, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" });
  });
  after(async () => {
    await moto?.stop();
    process.env = saved;
  });
  beforeEach(async () => {
    moto.setFaults({});
    moto.setOrganization({});
    await moto.reset();
  });

  it("names per instance who reaches it, through which pattern and policy, as which OS user: groups with their members, ABAC, AWS managed policies, boundaries", async () => {
    const s = seeders(moto.endpoint);
    try {
      const [build] = await s.instances(1, { Team: "build", Environment: "dev" });
      const [blue] = await s.instances(1, { SerialConsole: "blue" });
      const [plain] = await s.instances(1);
      await s.user("alice");
      await s.user("carol");
      await s.group("web-devs", ["alice"]);
      await s.inline(
        "group",
        "web-devs",
        "connect-build",
        stmt("ec2-instance-connect:SendSSHPublicKey", `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${build}`, {
          StringEquals: { "ec2:osuser": "ec2-user" },
        }),
      );
      await s.attach(
        "user",
        "carol",
        await s.policy(
          "ubuntu-builders",
          stmt("ec2-instance-connect:SendSSHPublicKey", "*", { StringEquals: { "aws:ResourceTag/Team": "build", "ec2:osuser": "ubuntu" } }),
        ),
      );
      await s.role("developer", { SerialConsole: "blue" });
      await s.inline(
        "role",
        "developer",
        "team-abac",
        stmt("ec2-instance-connect:SendSerialConsoleSSHPublicKey", "*", {
          StringEquals: { "aws:ResourceTag/SerialConsole": "${aws:PrincipalTag/SerialConsole}" },
        }),
      );
      await s.role("ops");
      await s.attach("role", "ops", "arn:aws:iam::aws:policy/AmazonSSMFullAccess");
      // Identity allows every instance; the boundary only the untagged one.
      const boundary = await s.policy("only-plain", stmt("ssm:StartSession", `arn:aws:ec2:*:*:instance/${plain}`));
      await s.iam.send(new CreateRoleCommand({ RoleName: "bounded", AssumeRolePolicyDocument: TRUST, PermissionsBoundary: boundary }));
      await s.inline("role", "bounded", "all-sessions", stmt("ssm:StartSession", "*"));
      await s.ec2.send(new EnableSerialConsoleAccessCommand({}));

      const r = await run(["--region", "us-east-1", "--endpoint-url", moto.endpoint, "--format", "json"]);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as AuditReport;
      const rows = report.access.map(
        (a) =>
          `${a.instanceId === build ? "build" : a.instanceId === blue ? "blue" : "plain"} ${a.pattern} ${a.principal.type}:${a.principal.name}${a.members ? `[${a.members}]` : ""} as ${a.osUsers.join(",")} via ${a.via.join(",")}`,
      );
      assert.deepEqual(rows.sort(), [
        "blue serial-console role:developer as  via team-abac",
        "blue session-manager role:ops as ssm-user via AmazonSSMFullAccess",
        "build instance-connect group:web-devs[alice] as ec2-user via connect-build",
        "build instance-connect user:carol as ubuntu via ubuntu-builders",
        "build session-manager role:ops as ssm-user via AmazonSSMFullAccess",
        "plain session-manager role:bounded as ssm-user via all-sessions",
        "plain session-manager role:ops as ssm-user via AmazonSSMFullAccess",
      ]);
      assert.deepEqual(report.serialConsole, { "us-east-1": { enabled: true, managedBy: "account" } });
      assert.equal(report.accountId, ACCOUNT);
      assert.deepEqual(report.failures, []);
    } finally {
      s.destroy();
    }
  });

  it("the serial console reaches nothing in a Region where the account setting is off", async () => {
    const s = seeders(moto.endpoint);
    try {
      const [id] = await s.instances(1);
      await s.role("admin");
      await s.inline("role", "admin", "break-glass", stmt("ec2-instance-connect:SendSerialConsoleSSHPublicKey", "*"));
      const off = JSON.parse(
        (await run(["--region", "us-east-1", "--endpoint-url", moto.endpoint, "--format", "json"])).stdout,
      ) as AuditReport;
      assert.deepEqual(off.access, []);
      await s.ec2.send(new EnableSerialConsoleAccessCommand({}));
      const on = JSON.parse(
        (await run(["--region", "us-east-1", "--endpoint-url", moto.endpoint, "--format", "json"])).stdout,
      ) as AuditReport;
      assert.deepEqual(on.access, [
        {
          pattern: "serial-console",
          principal: { type: "role", name: "admin" },
          instanceId: id,
          region: "us-east-1",
          osUsers: [],
          via: ["break-glass"],
        },
      ]);
    } finally {
      s.destroy();
    }
  });

  it("reads more than one page: 120 roles at 50 a page take three ListRoles calls and all are read", async () => {
    const s = seeders(moto.endpoint);
    try {
      for (let n = 0; n < 120; n++) await s.role(`role-${String(n).padStart(3, "0")}`);
      const clients = makeClients({ endpoint: moto.endpoint });
      try {
        const snap = await readAccount(clients, { regions: ["us-east-1"], pageSize: 50 });
        assert.equal(snap.principals.filter((p) => p.type === "role").length, 120);
        assert.equal(clients.counts.get("ListRolesCommand"), 3);
        assert.deepEqual(snap.failures, []);
      } finally {
        clients.destroy();
      }
    } finally {
      s.destroy();
    }
  });

  it("retries a throttled call with backoff and reads it; with no retries left the throttling is reported", async () => {
    const s = seeders(moto.endpoint);
    try {
      await s.user("alice");
      moto.setFaults({ ListUsers: { code: "ThrottlingException", message: "Rate exceeded", times: 2 } });
      const clients = makeClients({ endpoint: moto.endpoint });
      try {
        const snap = await readAccount(clients, { regions: ["us-east-1"] });
        assert.deepEqual(moto.faulted(), ["ListUsers", "ListUsers"]);
        assert.equal(clients.counts.get("ListUsersCommand"), 3);
        assert.deepEqual(
          snap.principals.map((p) => p.name),
          ["alice"],
        );
        assert.deepEqual(snap.failures, []);
      } finally {
        clients.destroy();
      }
      moto.setFaults({ ListUsers: { code: "ThrottlingException", message: "Rate exceeded again", times: 1 } });
      const once = makeClients({ endpoint: moto.endpoint, maxAttempts: 1 });
      try {
        const snap = await readAccount(once, { regions: ["us-east-1"] });
        assert.deepEqual(snap.failures, [{ call: "iam:ListUsers", error: "ThrottlingException: Rate exceeded again" }]);
      } finally {
        once.destroy();
      }
    } finally {
      s.destroy();
    }
  });

  it("says which call was denied and reads the rest", async () => {
    const s = seeders(moto.endpoint);
    try {
      await s.role("ops");
      await s.inline("role", "ops", "sessions", stmt("ssm:StartSession", "*"));
      await s.instances(1);
      moto.setFaults({
        DescribeInstances: { code: "UnauthorizedOperation", message: "You are not authorized to perform this operation." },
      });
      const r = await run(["--region", "us-east-1", "--endpoint-url", moto.endpoint]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /not read: {2}ec2:DescribeInstances in us-east-1: UnauthorizedOperation: You are not authorized to perform this operation\./,
      );
      assert.match(r.stdout, /0 users, 0 groups, 1 roles, 0 instances/);
      assert.match(r.stdout, /us-east-1: serial console disabled/);
    } finally {
      s.destroy();
    }
  });

  it("exits 3 with the AWS errors when nothing can be read", async () => {
    moto.setFaults({ "*": { code: "AccessDenied", message: "User is not authorized" } });
    const r = await run(["--region", "us-east-1", "--endpoint-url", moto.endpoint], { EC2_ACCESS_AUDIT_MAX_ATTEMPTS: "1" });
    assert.equal(r.code, 3);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /ec2-access: the account could not be read:\n {2}iam:ListUsers: AccessDenied: User is not authorized\n/);
    assert.match(r.stderr, /ec2:DescribeInstances in us-east-1: AccessDenied/);
  });

  it("against the dev stack: exit 0 when the account holds what the plan grants, 1 naming the unexpected and the missing grant", async () => {
    const plan = await planStack({ stack: "dev", config: readStackFile(path.join(ROOT, "Pulumi.dev.yaml")).raw });
    const s = seeders(moto.endpoint);
    try {
      await s.deployPlan(plan);
      const clean = await run(["--stack", "dev", "--endpoint-url", moto.endpoint, "--format", "json"]);
      assert.equal(clean.code, 0, clean.stderr + clean.stdout);
      assert.deepEqual((JSON.parse(clean.stdout) as AuditReport).drift, { stack: "dev", unexpected: [], missing: [] });

      await moto.reset();
      await s.deployPlan(plan, ["ec2-access-dev-instance-connect-web-devs"]);
      await s.inline("role", "developer", "by-hand", stmt("ssm:StartSession", "*"));
      const r = await run(["--stack", "dev", "--endpoint-url", moto.endpoint, "--format", "json"]);
      assert.equal(r.code, 1, r.stderr);
      const drift = (JSON.parse(r.stdout) as AuditReport).drift!;
      assert.deepEqual(
        drift.unexpected.map((u) => [u.pattern, u.grant, u.principal.name, u.target]),
        [["session-manager", "by-hand", "developer", { allInstances: true }]],
      );
      assert.deepEqual(
        drift.missing.map((u) => [u.pattern, u.grant, u.principal.name, u.osUsers]),
        [["instance-connect", "web-devs", "web-devs", ["ec2-user"]]],
      );
      const text = await run(["--stack", "dev", "--endpoint-url", moto.endpoint]);
      // Run As is off in the account: the row says ssm-user, as the plan's table does (one rule).
      assert.match(
        text.stdout,
        /unexpected: session-manager grant "by-hand" for role developer: all instances as ssm-user with documents \* \(by-hand\)/,
      );
      assert.match(
        text.stdout,
        /missing: instance-connect grant "web-devs" for group web-devs: instances i-0598c7d356eba48d7, i-1234567890abcdef0 as ec2-user \(ec2-access-dev-instance-connect-web-devs\)\n/,
      );
    } finally {
      s.destroy();
    }
  });

  /** The audit's drift for a stack written to its own folder, after `deploy` seeded the account. */
  async function driftOf(stack: string, config: Record<string, unknown>, deploy: (s: ReturnType<typeof seeders>) => Promise<void>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ec2-access-${stack}-`));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
    const s = seeders(moto.endpoint);
    try {
      await deploy(s);
      const r = await run(["--stack", stack, "--endpoint-url", moto.endpoint, "--format", "json"], {}, dir);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      return (JSON.parse(r.stdout) as AuditReport).drift;
    } finally {
      s.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("a stack with Session Manager grants and no preferences leaves Run As to the account: its grants are not drift", async () => {
    const config = {
      "aws:region": "us-east-1",
      "ec2-access:environment": "dev",
      "ec2-access:accountId": ACCOUNT,
      "ec2-access:sessionManager": {
        grants: [{ name: "ops", principals: { groups: ["ops"] }, instanceIds: ["i-0123456789abcdef0"] }],
      },
    };
    const plan = await planStack({ stack: "noprefs", config });
    assert.deepEqual(
      plan.access.map((r) => [r.grant, r.osUsers]),
      [["ops", []]],
    );
    assert.deepEqual(await driftOf("noprefs", config, (s) => s.deployPlan(plan)), { stack: "noprefs", unexpected: [], missing: [] });
  });

  it("a packed stack (ec2-access:packGrants): each shared policy is read back grant by grant from its tags, so nothing drifts", async () => {
    const config = {
      "aws:region": "us-east-1",
      "ec2-access:environment": "dev",
      "ec2-access:accountId": ACCOUNT,
      "ec2-access:packGrants": true,
      "ec2-access:sessionManager": {
        // With preferences the plan's rows say ssm-user (Run As off), as the account's do.
        preferences: { kmsKey: "none" },
        grants: Array.from({ length: 11 }, (_, g) => ({
          name: `team-${g}`,
          principals: { groups: ["ops"] },
          instanceIds: [`i-${(g + 1).toString(16).padStart(17, "0")}`],
        })),
      },
    };
    const run0 = await runPlan({ stack: "packed", config });
    const tagsByName = new Map(
      run0.registrations
        .filter((r) => r.type === "aws:iam/policy:Policy")
        .map((r) => [String(r.inputs.name), r.inputs.tags as Record<string, string>]),
    );
    assert.deepEqual([...tagsByName.keys()], ["ec2-access-dev-packed-group-ops", "ec2-access-dev-packed-group-ops.2"]);
    assert.deepEqual(await driftOf("packed", config, (s) => s.deployPlan(run0.plan, [], (name) => tagsByName.get(name))), {
      stack: "packed",
      unexpected: [],
      missing: [],
    });
  });

  it("against the dev stack: a live grant policy that names another session document is drift, read from the live policy", async () => {
    const plan = await planStack({ stack: "dev", config: readStackFile(path.join(ROOT, "Pulumi.dev.yaml")).raw });
    // Someone adds SSH over Session Manager to the admins' policy in the account, by hand.
    const edited = structuredClone(plan);
    const admins = edited.principals.find((p) => p.name === "platform-admin")!;
    const policy = admins.policies.find((p) => p.name === "ec2-access-dev-session-manager-platform-admins")!;
    const doc = policy.document as { Statement: Record<string, unknown>[] };
    doc.Statement.push({
      Effect: "Allow",
      Action: "ssm:StartSession",
      Resource: "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession",
      Condition: { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
    });
    const s = seeders(moto.endpoint);
    try {
      await s.deployPlan(edited);
      const r = await run(["--stack", "dev", "--endpoint-url", moto.endpoint, "--format", "json"]);
      assert.equal(r.code, 1, r.stderr);
      const drift = (JSON.parse(r.stdout) as AuditReport).drift!;
      const row = (u: (typeof drift.unexpected)[number]) => [u.pattern, u.grant, u.principal.name, u.documents];
      assert.deepEqual(drift.unexpected.map(row), [
        ["session-manager", "platform-admins", "platform-admin", ["AWS-StartSSHSession", "SSM-SessionManagerRunShell"]],
      ]);
      assert.deepEqual(drift.missing.map(row), [["session-manager", "platform-admins", "platform-admin", ["SSM-SessionManagerRunShell"]]]);
      const text = await run(["--stack", "dev", "--endpoint-url", moto.endpoint]);
      assert.match(
        text.stdout,
        /unexpected: session-manager grant "platform-admins" for role platform-admin: tag Environment=dev as ssm-user with documents AWS-StartSSHSession, SSM-SessionManagerRunShell \(ec2-access-dev-session-manager-platform-admins\)\n/,
      );
    } finally {
      s.destroy();
    }
  });

  describe("SCPs, read through Organizations", () => {
    const MANAGEMENT = "999988887777";
    const deny = (Action: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action, Resource: "*" }] });
    /** ops may start sessions, connect may push a key as ec2-user, on one instance; the audited account is a member of an organization in OU workloads. */
    async function memberAccount(s: ReturnType<typeof seeders>, o: ReturnType<typeof organizationSeeder>) {
      moto.setOrganization({ servedBy: MANAGEMENT, newAccountIds: [ACCOUNT] });
      const root = await o.create();
      assert.equal(await o.account("workload"), ACCOUNT);
      const ou = await o.ou(root, "workloads");
      await o.move(ACCOUNT, root, ou);
      const [id] = await s.instances(1);
      await s.role("ops");
      await s.inline("role", "ops", "sessions", stmt("ssm:StartSession", "*"));
      await s.role("connect");
      await s.inline(
        "role",
        "connect",
        "push-key",
        stmt("ec2-instance-connect:SendSSHPublicKey", "*", { StringEquals: { "ec2:osuser": "ec2-user" } }),
      );
      return { root, ou, id };
    }
    const audit = async () => {
      const r = await run(["--region", "us-east-1", "--endpoint-url", moto.endpoint, "--format", "json"]);
      return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as AuditReport) : undefined };
    };
    const rows = (report: AuditReport | undefined) =>
      report!.access.map((a) => `${a.pattern} ${a.principal.name} as ${a.osUsers.join(",")} via ${a.via.join(",")}`).sort();
    const BOTH = ["instance-connect connect as ec2-user via push-key", "session-manager ops as ssm-user via sessions"];

    it("a Deny on the account's OU or on the root takes away what IAM grants; an allow-list SCP without the action does too", async () => {
      const s = seeders(moto.endpoint);
      const o = organizationSeeder(moto.endpoint);
      try {
        const { root, ou, id } = await memberAccount(s, o);
        const denied = (report: AuditReport | undefined) =>
          report!.scpDenied.map(
            (d) =>
              `${d.instanceId === id ? "i" : d.instanceId} ${d.pattern} ${d.principal.name} via ${d.via.join(",")} denied by ${d.deniedBy.join(" | ")}`,
          );
        let r = await audit();
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(rows(r.report), BOTH);
        assert.equal(r.report!.scpsRead, true);

        await o.scp("deny-session-manager", deny("ssm:StartSession"), [ou]);
        r = await audit();
        assert.deepEqual(rows(r.report), ["instance-connect connect as ec2-user via push-key"]);
        assert.deepEqual(denied(r.report), ["i session-manager ops via sessions denied by deny-session-manager"]);
        assert.deepEqual(r.report!.failures, []);
        const text = await run(["--region", "us-east-1", "--endpoint-url", moto.endpoint]);
        assert.match(
          text.stdout,
          new RegExp(
            `\nGranted by IAM, taken away by SCPs:\n  ${id} session-manager: role ops via sessions, denied by SCP deny-session-manager\n`,
          ),
        );

        const pushKey = await o.scp("deny-instance-connect", deny("ec2-instance-connect:SendSSHPublicKey"), [root]);
        r = await audit();
        assert.deepEqual(rows(r.report), []);
        assert.deepEqual(denied(r.report), [
          "i instance-connect connect via push-key denied by deny-instance-connect",
          "i session-manager ops via sessions denied by deny-session-manager",
        ]);

        // An allow-list: the OU's FullAWSAccess replaced by an SCP that allows only ssm:* and ec2:*.
        await o.detach(pushKey, root);
        await o.detach("p-FullAWSAccess", ou);
        await o.scp(
          "allow-ssm-and-ec2",
          { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ssm:*", "ec2:*"], Resource: "*" }] },
          [ou],
        );
        r = await audit();
        assert.deepEqual(rows(r.report), []);
        assert.deepEqual(denied(r.report), [
          `i instance-connect connect via push-key denied by no SCP of ${ou} allows it (deny-session-manager, allow-ssm-and-ec2)`,
          "i session-manager ops via sessions denied by deny-session-manager",
        ]);
      } finally {
        s.destroy();
        o.destroy();
      }
    });

    it("SCPs that deny nothing of the three patterns leave the access as IAM grants it", async () => {
      const s = seeders(moto.endpoint);
      const o = organizationSeeder(moto.endpoint);
      try {
        const { root, ou } = await memberAccount(s, o);
        await o.scp("deny-leaving", deny("organizations:LeaveOrganization"), [root]);
        await o.scp(
          "deny-other-regions",
          { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "ec2:RunInstances", Resource: "*" }] },
          [ou, ACCOUNT],
        );
        const r = await audit();
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(rows(r.report), BOTH);
        assert.deepEqual(r.report!.scpDenied, []);
        assert.deepEqual(r.report!.failures, []);
      } finally {
        s.destroy();
        o.destroy();
      }
    });

    it("not in an organization: no SCP applies and nothing is reported as unread", async () => {
      const s = seeders(moto.endpoint);
      try {
        await s.instances(1);
        await s.role("ops");
        await s.inline("role", "ops", "sessions", stmt("ssm:StartSession", "*"));
        const r = await audit();
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(rows(r.report), ["session-manager ops as ssm-user via sessions"]);
        assert.equal(r.report!.scpsRead, true);
        assert.deepEqual(r.report!.failures, []);
      } finally {
        s.destroy();
      }
    });

    it("SCPs do not affect the management account: its users and roles keep what IAM grants", async () => {
      const s = seeders(moto.endpoint);
      const o = organizationSeeder(moto.endpoint);
      try {
        const root = await o.create(); // run as the audited account: it is the management account
        await o.scp("deny-session-manager", deny("ssm:StartSession"), [root, ACCOUNT]);
        await s.instances(1);
        await s.role("ops");
        await s.inline("role", "ops", "sessions", stmt("ssm:StartSession", "*"));
        const r = await audit();
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(rows(r.report), ["session-manager ops as ssm-user via sessions"]);
        assert.deepEqual(r.report!.failures, []);
      } finally {
        s.destroy();
        o.destroy();
      }
    });

    for (const action of ["DescribeOrganization", "ListPoliciesForTarget", "DescribePolicy", "ListParents"]) {
      it(`${action} denied: names that call, reads the rest, exit 0 (the contract's 3 is for nothing read)`, async () => {
        const s = seeders(moto.endpoint);
        const o = organizationSeeder(moto.endpoint);
        try {
          const { ou } = await memberAccount(s, o);
          await o.scp("deny-session-manager", deny("ssm:StartSession"), [ou]);
          moto.setFaults({ [action]: { code: "AccessDeniedException", message: "You don't have permissions to access this resource." } });
          const r = await audit();
          assert.equal(r.code, 0, r.stderr);
          assert.deepEqual(r.report!.failures, [
            { call: `organizations:${action}`, error: "AccessDeniedException: You don't have permissions to access this resource." },
          ]);
          assert.match(r.stderr, new RegExp(`not read: {2}organizations:${action}: AccessDeniedException`));
          // SCPs unread: the access IAM grants is shown, not hidden by a guess.
          assert.equal(r.report!.scpsRead, false);
          assert.deepEqual(rows(r.report), BOTH);
        } finally {
          s.destroy();
          o.destroy();
        }
      });
    }
  });

  it("refuses bad input with exit 2 before any call", async () => {
    const r = await run(["--region", "us-east-1", "--endpoint-url", "localhost:1"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--endpoint-url: got "localhost:1"; expected an http:\/\/ or https:\/\/ URL/);
    const s = await run(["--stack", "nope", "--endpoint-url", moto.endpoint]);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /Pulumi\.nope\.yaml: no such stack file; the stacks of this project are dev, org, prod, staging/);
    assert.ok(fs.existsSync(path.join(ROOT, "Pulumi.dev.yaml")));
  });
});
