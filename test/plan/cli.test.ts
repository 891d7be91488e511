// The commands as users run them: `npx ec2-access plan` on every example stack, bad
// configurations, `check-policy`. The JSON is checked against the contract in
// docs/contracts/offline-plan.md with a schema, so a renamed field fails here.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import type { Io } from "../../cli/main";
import { main } from "../../cli/main";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const BIN = path.join(ROOT, "bin", "ec2-access.js");
const STACKS = ["dev", "staging", "prod", "org"];

const statement = z.looseObject({ Effect: z.enum(["Allow", "Deny"]) });
const planContract = z.strictObject({
  stack: z.string(),
  accountId: z.string().regex(/^\d{12}$/),
  regions: z.array(z.string()).min(1),
  resources: z.array(
    z.strictObject({
      urn: z.string().startsWith("urn:pulumi:"),
      type: z.string(),
      name: z.string(),
      parent: z.string().nullable(),
      inputs: z.record(z.string(), z.unknown()),
      outputs: z.record(z.string(), z.unknown()),
      importId: z.string().min(1).optional(),
    }),
  ),
  principals: z.array(
    z.strictObject({
      type: z.enum(["user", "group", "role"]),
      name: z.string(),
      policies: z.array(
        z.looseObject({
          name: z.string(),
          arn: z.string().nullable(),
          document: z.union([z.null(), z.strictObject({ Version: z.literal("2012-10-17"), Statement: z.array(statement) })]),
        }),
      ),
    }),
  ),
  access: z.array(
    z
      .strictObject({
        pattern: z.enum(["serial-console", "instance-connect", "session-manager"]),
        grant: z.string(),
        principal: z.strictObject({ type: z.enum(["user", "group", "role"]), name: z.string() }),
        osUsers: z.array(z.string()),
        target: z.record(z.string(), z.unknown()),
        deniedInstanceIds: z.array(z.string()),
        // Added in the fourth round (plan/sessionDocumentAccess.ts): what a Session Manager row may run.
        documents: z.array(z.string()).optional(),
        commandDocuments: z.array(z.string()).nonempty().optional(),
      })
      .refine((a) => (a.pattern === "session-manager") === (a.documents !== undefined), "documents on Session Manager rows only"),
  ),
  // Added in the third round (plan/powers.ts): powers over access besides the access table.
  powers: z.array(
    z.strictObject({
      kind: z.enum([
        "serial-console-setting-admin",
        "serial-console-setting",
        "serial-console-password",
        "session-document-admin",
        "session-settings",
        "instance-connect-endpoint",
        "instance-connect-tunnel",
        "organization-policy",
      ]),
      subject: z.strictObject({
        principal: z.strictObject({ type: z.enum(["user", "group", "role"]), name: z.string() }).optional(),
        name: z.string().optional(),
        region: z.string().optional(),
      }),
      details: z.record(z.string(), z.array(z.string())),
      from: z.array(z.string()),
    }),
  ),
  violations: z.array(
    z.looseObject({ policy: z.string(), enforcementLevel: z.enum(["advisory", "mandatory"]), urn: z.string(), message: z.string() }),
  ),
});

function memoryIo(cwd = ROOT, stdin = ""): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd,
    stdout: (s: string) => void (io.out += s),
    stderr: (s: string) => void (io.err += s),
    stdin: async () => stdin,
  };
  return io;
}

const run = promisify(execFile);
async function cli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function tempStack(yaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ec2-access\nruntime: nodejs\n");
  fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), yaml);
  return dir;
}

describe("ec2-access plan on the example stacks", () => {
  for (const stack of STACKS) {
    it(`${stack}: exits 0, and its JSON matches the contract`, async () => {
      const io = memoryIo();
      const code = await main(["plan", "--stack", stack, "--format", "json"], io);
      assert.equal(io.err, "");
      const plan = planContract.parse(JSON.parse(io.out));
      assert.deepEqual(
        plan.violations.filter((v) => v.enforcementLevel === "mandatory"),
        [],
      );
      assert.equal(code, 0);
      assert.equal(plan.stack, stack);
      // Every resource's parent is in the plan: the tree is whole.
      const urns = new Set(plan.resources.map((r) => r.urn));
      for (const r of plan.resources) if (r.parent) assert.ok(urns.has(r.parent), `${r.urn} has its parent`);
      // Every managed policy the plan attaches is in the principals table with its document.
      for (const p of plan.principals.flatMap((x) => x.policies)) {
        if (p.arn && !p.arn.includes(":iam::aws:policy/")) assert.ok(p.document, `${p.name} has its document`);
      }
      // Complete ARNs: the stack's account in every instance ARN of every document.
      const text = JSON.stringify(plan.principals);
      assert.ok(!/:instance\/i-/.test(text) || new RegExp(`:${plan.accountId}:instance/i-`).test(text));
      assert.ok(!/arn:aws:ec2:region:account-id/.test(text));
    });
  }

  it("dev: the text plan groups resources by component and shows the access table", async () => {
    const io = memoryIo();
    await main(["plan", "--stack", "dev"], io);
    assert.match(io.out, /^Offline plan of stack dev \(account 111122223333, us-east-1\)$/m);
    assert.match(io.out, /^ {4}\+ ec2-access:access:SerialConsoleAccess {2}serial-console$/m);
    assert.match(io.out, /^ {6}\+ ec2-access:iam:GrantPolicy {2}serial-console-oncall$/m);
    assert.match(
      io.out,
      /^ {2}serial-console +oncall +group oncall +i-0a1b2c3d4e5f60718, i-1234567890abcdef0 +- +i-0598c7d356eba48d7 +-$/m,
    );
    // The documents column: what each Session Manager row may run, read from its policy.
    assert.match(
      io.out,
      /^ {2}session-manager +app-team +group app-team +tag Finance=WebServers +ssm-user +- +SSM-SessionManagerRunShell, AWS-UpdateSSMAgent \(Run Command\)$/m,
    );
    assert.match(
      io.out,
      /^ {2}session-manager +platform-admins +role platform-admin +tag Environment=dev +ssm-user +- +SSM-SessionManagerRunShell$/m,
    );
    assert.match(io.out, /^OK: no mandatory policy violation$/m);
  });

  it("markdown: a summary line and the access table", async () => {
    const io = memoryIo();
    await main(["plan", "--stack", "prod", "--format", "markdown"], io);
    assert.match(io.out, /^### ec2-access plan: `prod`$/m);
    assert.match(
      io.out,
      /^:white_check_mark: no mandatory violation · \d+ resources \(\d+ to create\) · \d+ access rows · account `777788889999` · `us-east-1`, `us-west-2`$/m,
    );
    // Names in code spans; instance IDs with non-breaking hyphens (U+2011) so they never wrap.
    assert.ok(
      io.out.includes(
        "\n| instance-connect | `oncall` | group `oncall` | `i\u20110a1b2c3d4e5f60718`, `i\u20110fedcba9876543210` | `ec2-user` | - | - |\n",
      ),
    );
    assert.ok(
      io.out.includes(
        "\n| session-manager | `oncall` | group `oncall` | `i\u20110fedcba9876543210` | `ec2-user` | - | `SSM-SessionManagerRunShell`, `AWS-UpdateSSMAgent` (Run Command) |\n",
      ),
    );
  });

  it("dev's allow-all serial console grant is refused where the pack config does not allow it for the stack", async () => {
    const io = memoryIo();
    const code = await main(["plan", "--stack", "dev", "--format", "json", "--policy-config", "policypack/config/prod.json"], io);
    assert.equal(code, 1);
    const violations = (JSON.parse(io.out) as { violations: { policy: string; urn: string }[] }).violations;
    assert.ok(
      violations.some((v) => v.policy === "require-serial-console-instance-scope" && v.urn.endsWith("::serial-console-break-glass")),
    );
    assert.ok(violations.some((v) => v.policy === "restrict-serial-console-account-setting"));
  });

  it("the same stack planned twice gives the same JSON", async () => {
    const a = memoryIo();
    const b = memoryIo();
    await main(["plan", "--stack", "staging", "--format", "json"], a);
    await main(["plan", "--stack", "staging", "--format", "json"], b);
    assert.equal(a.out, b.out);
  });
});

describe("ec2-access plan on bad input (a separate process: nothing may reach stdout)", () => {
  it("an invalid configuration exits 2, names every key and value on stderr, prints nothing on stdout", async () => {
    const dir = tempStack(`config:
  aws:region: us-east-1
  ec2-access:environment: dev
  ec2-access:instanceConnect:
    grnts: []
    grants:
      - name: web
        principals: { groups: [web] }
        osUsers: ["*"]
        instanceIds: [i-123]
`);
    const r = await cli(["plan", "--stack", "bad"], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /ec2-access:instanceConnect\.grnts: unknown key/);
    assert.match(r.stderr, /ec2-access:instanceConnect\.grants\[0\]\.osUsers\[0\]: got "\*"/);
    assert.match(r.stderr, /ec2-access:instanceConnect\.grants\[0\]\.instanceIds\[0\]: got "i-123"/);
  });

  it("a missing stack file exits 2 and names the file", async () => {
    const r = await cli(["plan", "--stack", "nope"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /Pulumi\.nope\.yaml/);
  });

  it("a bad flag exits 2 with the usage", async () => {
    const r = await cli(["plan", "--stack", "dev", "--format", "xml"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /--format: got "xml"; expected one of text, json, markdown/);
  });

  it("a mandatory violation exits 1", async () => {
    const dir = tempStack(`config:
  aws:region: us-east-1
  ec2-access:environment: dev
  ec2-access:serialConsole:
    accountAccess: enabled
`);
    const r = await cli(["plan", "--stack", "bad", "--format", "json"], dir);
    assert.equal(r.code, 1);
    const plan = JSON.parse(r.stdout);
    assert.deepEqual(
      plan.violations.map((v: { policy: string }) => v.policy),
      ["restrict-serial-console-account-setting"],
    );
  });
});

describe("ec2-access check-policy", () => {
  const wide = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "ec2-instance-connect:SendSerialConsoleSSHPublicKey", Resource: "*" }],
  });
  const scoped = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
        Resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
      },
    ],
  });

  it("reports the pack's violations on a raw document and exits 1 when one is mandatory", async () => {
    const io = memoryIo(ROOT, wide);
    const code = await main(["check-policy", "-", "--format", "json"], io);
    assert.equal(code, 1);
    const violations = JSON.parse(io.out) as { policy: string; enforcementLevel: string }[];
    assert.ok(violations.some((v) => v.policy === "require-serial-console-instance-scope" && v.enforcementLevel === "mandatory"));
  });

  it("passes a scoped document with exit 0", async () => {
    const io = memoryIo(ROOT, scoped);
    assert.equal(await main(["check-policy", "-"], io), 0);
    assert.match(io.out, /no violations/);
  });

  it("exits 2 on something that is not a policy document", async () => {
    const io = memoryIo(ROOT, '{"Version":"2012-10-17"}');
    assert.equal(await main(["check-policy", "-"], io), 2);
    assert.equal(io.out, "");
    assert.match(io.err, /not a policy document: expected a "Statement" object or array/);
  });
});
