// The access table derived from hand-built documents: every target form, OS users, denies,
// wildcard and case forms of actions, where ARNs point, and the intent comparison's messages.
import assert from "node:assert/strict";
import type { AccessEntry } from "../../components/access";
import type { EvaluatedAccess, Where } from "../../plan/accessEvaluation";
import {
  compareAccess,
  evaluateAccess,
  evaluatePrincipal,
  grantOfPolicy,
  instanceRef,
  sessionRunAsUsers,
} from "../../plan/accessEvaluation";

const ACCOUNT = "111122223333";
const where: Where = { accountId: ACCOUNT, regions: ["us-east-1"] };
const arn = (id: string, region = "us-east-1", account = ACCOUNT) => `arn:aws:ec2:${region}:${account}:instance/${id}`;
const group = { type: "group" as const, name: "oncall" };

function evaluate(statements: unknown[], w: Where = where, grant = "g"): EvaluatedAccess[] {
  return evaluatePrincipal(
    group,
    [{ grant, policyName: `ec2-access-dev-x-${grant}`, urn: "urn:p", document: { Version: "2012-10-17", Statement: statements } }],
    w,
  );
}

/** The rows without provenance, as the plan's access table shows them. */
const rows = (e: EvaluatedAccess[]) =>
  e.map(({ pattern, target, osUsers, deniedInstanceIds, problems }) => ({ pattern, target, osUsers, deniedInstanceIds, problems }));

const SEND_SSH = "ec2-instance-connect:SendSSHPublicKey";
const SERIAL = "ec2-instance-connect:SendSerialConsoleSSHPublicKey";

describe("accessEvaluation: targets", () => {
  it("instance ARNs in every Region of the stack give their IDs once", () => {
    const w = { accountId: ACCOUNT, regions: ["us-east-1", "eu-west-1"] };
    const got = evaluate(
      [{ Effect: "Allow", Action: SERIAL, Resource: [arn("i-b"), arn("i-a"), arn("i-b", "eu-west-1"), arn("i-a", "eu-west-1")] }],
      w,
    );
    assert.deepEqual(rows(got), [
      { pattern: "serial-console", target: { instanceIds: ["i-a", "i-b"] }, osUsers: [], deniedInstanceIds: [], problems: [] },
    ]);
  });

  it("an instance missing in one Region, or in another account or Region, is a problem", () => {
    const w = { accountId: ACCOUNT, regions: ["us-east-1", "eu-west-1"] };
    const got = evaluate(
      [
        {
          Effect: "Allow",
          Action: SERIAL,
          Resource: [arn("i-a"), arn("i-b"), arn("i-b", "eu-west-1"), arn("i-b", "ap-south-1", "999999999999")],
        },
      ],
      w,
    );
    assert.deepEqual(got[0].problems, [
      "i-a not reached in eu-west-1",
      "i-b reached in ap-south-1, outside the stack's Regions",
      "i-b reached in account 999999999999, not 111122223333",
    ]);
  });

  it("problems are listed by instance ID, whatever the order of the ARNs, and a target without one adds none", () => {
    const w = { accountId: ACCOUNT, regions: ["us-east-1", "eu-west-1"] };
    const got = evaluate(
      [{ Effect: "Allow", Action: SERIAL, Resource: [arn("i-c"), arn("i-b"), arn("i-b", "eu-west-1"), arn("i-a"), arn("i-B")] }],
      w,
    );
    assert.deepEqual(got[0].problems, ["i-a not reached in eu-west-1", "i-B not reached in eu-west-1", "i-c not reached in eu-west-1"]);
  });

  it("instance/* with fixed resource-tag values gives tags (aws:ResourceTag and ssm:resourceTag)", () => {
    const got = evaluate([
      {
        Effect: "Allow",
        Action: SERIAL,
        Resource: arn("*"),
        Condition: { StringEquals: { "aws:ResourceTag/Team": ["web", "api"], "aws:ResourceTag/Env": "dev" } },
      },
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: arn("*"),
        Condition: { StringLike: { "ssm:resourceTag/Finance": "WebServers" }, BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
      },
    ]);
    assert.deepEqual(rows(got), [
      {
        pattern: "serial-console",
        target: { tags: { Env: ["dev"], Team: ["api", "web"] } },
        osUsers: [],
        deniedInstanceIds: [],
        problems: [],
      },
      { pattern: "session-manager", target: { tags: { Finance: ["WebServers"] } }, osUsers: [], deniedInstanceIds: [], problems: [] },
    ]);
  });

  it("a resource tag equal to the principal's tag of the same key gives principalTagKey", () => {
    const got = evaluate([
      {
        Effect: "Allow",
        Action: SERIAL,
        Resource: arn("*"),
        Condition: { StringEquals: { "aws:ResourceTag/SerialConsole": "${aws:PrincipalTag/SerialConsole}" } },
      },
    ]);
    assert.deepEqual(got[0].target, { principalTagKey: "SerialConsole" });
  });

  it("instance/*, * and NotResource without a tag condition give allInstances; a negated tag condition does not scope", () => {
    for (const stmt of [
      { Effect: "Allow", Action: SERIAL, Resource: arn("*") },
      { Effect: "Allow", Action: SERIAL, Resource: "*" },
      { Effect: "Allow", Action: SERIAL, NotResource: arn("i-a") },
      { Effect: "Allow", Action: SERIAL, Resource: arn("*"), Condition: { StringNotEquals: { "aws:ResourceTag/Team": "web" } } },
    ]) {
      assert.deepEqual(evaluate([stmt])[0].target, { allInstances: true }, JSON.stringify(stmt));
    }
  });

  it("StartSession on a session document only reaches no instance", () => {
    assert.deepEqual(
      evaluate([
        { Effect: "Allow", Action: "ssm:StartSession", Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:document/SSM-SessionManagerRunShell` },
      ]),
      [],
    );
  });

  it("IDs and a broad resource in one grant give two rows", () => {
    const got = evaluate([{ Effect: "Allow", Action: SERIAL, Resource: [arn("i-a"), arn("*")] }]);
    assert.deepEqual(
      got.map((g) => g.target),
      [{ instanceIds: ["i-a"] }, { allInstances: true }],
    );
  });

  it("statements of the same grant and target kind merge; parts of a split grant too", () => {
    const got = evaluatePrincipal(
      group,
      [
        { grant: "g", policyName: "p-1", urn: "", document: { Statement: { Effect: "Allow", Action: SERIAL, Resource: arn("i-a") } } },
        {
          grant: "g",
          policyName: "p-2",
          urn: "",
          document: JSON.stringify({ Statement: [{ Effect: "Allow", Action: SERIAL, Resource: [arn("i-c"), arn("i-b")] }] }),
        },
      ],
      where,
    );
    assert.deepEqual(
      got.map((g) => [g.target, g.policies]),
      [[{ instanceIds: ["i-a", "i-b", "i-c"] }, ["p-1", "p-2"]]],
    );
  });

  it("reads instance resources as AWS writes them, and ignores what names no instance", () => {
    assert.deepEqual(instanceRef("arn:aws:ec2:us-east-1:1:instance/i-a"), { kind: "id", id: "i-a", region: "us-east-1", account: "1" });
    assert.deepEqual(instanceRef("arn:aws:ec2:*:*:instance/*"), { kind: "broad", region: "*", account: "*" });
    assert.deepEqual(instanceRef("arn:aws:ec2:us-east-1:1:*"), { kind: "broad", region: "us-east-1", account: "1" });
    assert.deepEqual(instanceRef("arn:aws:ec2:us-east-1:1:instance/i-0ab*"), {
      kind: "id",
      id: "i-0ab*",
      region: "us-east-1",
      account: "1",
    });
    assert.equal(instanceRef("arn:aws:ssm:us-east-1:1:document/D"), undefined);
    assert.equal(instanceRef("arn:aws:ec2:us-east-1:1:instance-connect-endpoint/eice-1"), undefined);
  });
});

describe("accessEvaluation: OS users and denies", () => {
  it("ec2:osuser values become the OS users; Instance Connect without the key allows any (*)", () => {
    const got = evaluate([
      { Effect: "Allow", Action: SEND_SSH, Resource: arn("i-a"), Condition: { StringEquals: { "ec2:osuser": ["ubuntu", "ec2-user"] } } },
      { Effect: "Allow", Action: SEND_SSH, Resource: arn("*"), Condition: { StringEquals: { "aws:ResourceTag/Team": "web" } } },
    ]);
    assert.deepEqual(
      got.map((g) => [g.target, g.osUsers]),
      [
        [{ instanceIds: ["i-a"] }, ["ec2-user", "ubuntu"]],
        [{ tags: { Team: ["web"] } }, ["*"]],
      ],
    );
  });

  it("an unconditional Deny on instance ARNs gives deniedInstanceIds, for its action only", () => {
    const got = evaluate([
      { Effect: "Allow", Action: [SERIAL, SEND_SSH], Resource: arn("i-a"), Condition: { StringEquals: { "ec2:osuser": "ec2-user" } } },
      { Effect: "Deny", Action: SERIAL, Resource: [arn("i-z"), arn("i-z", "us-west-2")] },
    ]);
    assert.deepEqual(
      got.map((g) => [g.pattern, g.deniedInstanceIds]),
      [
        ["serial-console", ["i-z"]],
        ["instance-connect", []],
      ],
    );
  });

  it("a Deny on every instance removes the row; a conditional Deny is not read", () => {
    assert.deepEqual(
      evaluate([
        { Effect: "Allow", Action: SERIAL, Resource: arn("i-a") },
        { Effect: "Deny", Action: "ec2-instance-connect:*", Resource: "*" },
      ]),
      [],
    );
    const got = evaluate([
      { Effect: "Allow", Action: SERIAL, Resource: arn("i-a") },
      { Effect: "Deny", Action: SERIAL, Resource: arn("i-z"), Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } },
    ]);
    assert.deepEqual(
      got.map((g) => g.deniedInstanceIds),
      [[]],
    );
  });
});

describe("accessEvaluation: action forms", () => {
  const patternsOf = (action: unknown, notAction?: unknown) =>
    evaluate([
      notAction === undefined
        ? { Effect: "Allow", Action: action, Resource: "*" }
        : { Effect: "Allow", NotAction: notAction, Resource: "*" },
    ]).map((g) => g.pattern);

  it("wildcards, letter case, string and list forms, NotAction", () => {
    assert.deepEqual(patternsOf("ec2-instance-connect:Send*"), ["serial-console", "instance-connect"]);
    assert.deepEqual(patternsOf("*"), ["serial-console", "instance-connect", "session-manager"]);
    assert.deepEqual(patternsOf(["EC2-Instance-Connect:sendsshpublickey"]), ["instance-connect"]);
    assert.deepEqual(patternsOf("ssm:Start*"), ["session-manager"]);
    assert.deepEqual(patternsOf("ssm:StartSessions"), []);
    assert.deepEqual(patternsOf(undefined, ["ssm:*", "ec2-instance-connect:SendSerial*"]), ["instance-connect"]);
  });

  it("statements that are not documents are skipped without throwing", () => {
    const got = evaluatePrincipal(
      group,
      [
        { grant: "g", policyName: "p", urn: "", document: "{not json" },
        { grant: "g", policyName: "q", urn: "", document: null },
      ],
      where,
    );
    assert.deepEqual(got, []);
  });
});

describe("accessEvaluation: grant names and Session Manager OS users", () => {
  it("the grant tag wins; otherwise the policy name, with a split part's number dropped", () => {
    const names = new Set([
      "ec2-access-dev-serial-console-oncall-1",
      "ec2-access-dev-serial-console-oncall-2",
      "ec2-access-dev-instance-connect-web-2",
    ]);
    assert.equal(grantOfPolicy("anything", { "ec2-access:grant": "tagged" }, names), "tagged");
    assert.equal(grantOfPolicy("ec2-access-dev-serial-console-oncall-1", undefined, names), "oncall");
    assert.equal(grantOfPolicy("ec2-access-dev-instance-connect-web-2", undefined, names), "web-2");
    assert.equal(grantOfPolicy("AdministratorAccess", undefined, names), "AdministratorAccess");
  });

  it("Session documents' OS users: the Run As default user, or ssm-user where Run As is off", () => {
    const doc = (inputs: unknown, documentType = "Session") => ({
      type: "aws:ssm/document:Document",
      inputs: { documentType, content: JSON.stringify({ inputs }) },
    });
    assert.deepEqual(
      sessionRunAsUsers([
        doc({ runAsEnabled: true, runAsDefaultUser: "ec2-user" }),
        doc({ runAsEnabled: false, runAsDefaultUser: "root" }),
        doc({ runAsEnabled: true, runAsDefaultUser: "x" }, "Command"),
      ]),
      ["ec2-user", "ssm-user"],
    );
    assert.deepEqual(
      sessionRunAsUsers([doc({ runAsEnabled: true, runAsDefaultUser: "x" }, "Command")]),
      [],
      "no Session document: not known",
    );
  });
});

describe("accessEvaluation: compareAccess", () => {
  const intended: AccessEntry = {
    pattern: "serial-console",
    grant: "oncall",
    principal: group,
    osUsers: [],
    target: { instanceIds: ["i-b", "i-a"] },
    deniedInstanceIds: ["i-z"],
  };
  const same: AccessEntry = { ...intended, target: { instanceIds: ["i-a", "i-b"] } };
  const messages = (intent: AccessEntry[], evaluated: AccessEntry[]) =>
    compareAccess(intent, evaluated).map((v) => [v.policy, v.enforcementLevel, v.message]);

  it("rows that agree (in any order) give no violation", () => {
    assert.deepEqual(compareAccess([intended], [same]), []);
  });

  it("a row the documents do not give", () => {
    assert.deepEqual(messages([intended], []), [
      [
        "access-matches-intent",
        "mandatory",
        'serial-console grant "oncall" for group oncall: the config gives instances i-a, i-b, but no document attached to group oncall allows serial-console access for this grant',
      ],
    ]);
  });

  it("a row the config does not intend", () => {
    assert.deepEqual(messages([], [{ ...same, pattern: "instance-connect", osUsers: ["*"], target: { allInstances: true } }]), [
      [
        "access-matches-intent",
        "mandatory",
        'instance-connect grant "oncall" for group oncall: the documents allow all instances as *, which the config does not intend',
      ],
    ]);
  });

  it("what differs: target, OS users, denied instances, and where the ARNs point", () => {
    const evaluated = {
      ...same,
      target: { tags: { Team: ["web"] } },
      osUsers: ["root"],
      deniedInstanceIds: [],
      urn: "urn:x",
      problems: ["instances not reached in eu-west-1"],
    };
    assert.deepEqual(compareAccess([intended], [evaluated]), [
      {
        policy: "access-matches-intent",
        enforcementLevel: "mandatory",
        severity: "high",
        urn: "urn:x",
        message:
          'serial-console grant "oncall" for group oncall: target: config instances i-a, i-b, documents tag Team=web; OS users: config none, documents root; denied instances: config i-z, documents none; instances not reached in eu-west-1',
      },
    ]);
  });
});

describe("accessEvaluation: evaluateAccess on a plan", () => {
  const policyArn = `arn:aws:iam::${ACCOUNT}:policy/ec2-access/ec2-access-dev-serial-console-oncall`;
  const plan = {
    accountId: ACCOUNT,
    regions: ["us-east-1"],
    resources: [
      {
        urn: "urn:pulumi:dev::ec2-access::aws:iam/policy:Policy::serial-console-oncall",
        type: "aws:iam/policy:Policy",
        name: "serial-console-oncall",
        parent: null,
        inputs: { tags: { "ec2-access:grant": "oncall" } },
        outputs: { arn: policyArn },
      },
    ],
    principals: [
      {
        type: "group" as const,
        name: "oncall",
        policies: [
          {
            name: "ec2-access-dev-serial-console-oncall",
            arn: policyArn,
            kind: "managed" as const,
            document: { Statement: [{ Effect: "Allow", Action: SERIAL, Resource: arn("i-a") }] },
          },
          { name: "AdministratorAccess", arn: "arn:aws:iam::aws:policy/AdministratorAccess", kind: "aws-managed" as const, document: null },
        ],
      },
    ],
    access: [
      {
        pattern: "serial-console" as const,
        grant: "oncall",
        principal: group,
        osUsers: [],
        target: { instanceIds: ["i-a"] },
        deniedInstanceIds: [],
      },
    ],
  };

  it("derives the table from the documents, AWS managed ones included, and reports what no grant intends", () => {
    const { access, mismatches } = evaluateAccess(plan);
    assert.deepEqual(access, [
      {
        pattern: "serial-console",
        grant: "AdministratorAccess",
        principal: group,
        osUsers: [],
        target: { allInstances: true },
        deniedInstanceIds: [],
      },
      {
        pattern: "serial-console",
        grant: "oncall",
        principal: group,
        osUsers: [],
        target: { instanceIds: ["i-a"] },
        deniedInstanceIds: [],
      },
      {
        pattern: "instance-connect",
        grant: "AdministratorAccess",
        principal: group,
        osUsers: ["*"],
        target: { allInstances: true },
        deniedInstanceIds: [],
      },
      {
        pattern: "session-manager",
        grant: "AdministratorAccess",
        principal: group,
        osUsers: [],
        target: { allInstances: true },
        deniedInstanceIds: [],
        // `*` on `*`: any session document, and Run Command with any Command document.
        documents: ["*"],
        commandDocuments: ["*"],
      },
    ]);
    assert.deepEqual(
      mismatches.map((m) => m.message),
      [
        'serial-console grant "AdministratorAccess" for group oncall: the documents allow all instances, which the config does not intend',
        'instance-connect grant "AdministratorAccess" for group oncall: the documents allow all instances as *, which the config does not intend',
        'session-manager grant "AdministratorAccess" for group oncall: the documents allow all instances, which the config does not intend',
      ],
    );
    assert.equal(
      mismatches.every((m) => m.urn === ""),
      true,
    );
  });
});
