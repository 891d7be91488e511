// The audit's evaluation without a server: the rules it must share with the plan's access table.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { auditAccess, evaluateLiveRows } from "../../audit/evaluate";
import type { LivePrincipal, Snapshot } from "../../audit/read";
import { evaluatePlanDocuments } from "../../plan/accessEvaluation";
import { buildReport, renderText } from "../../audit/format";

const ACCOUNT = "111122223333";
const INSTANCE = "i-0598c7d356eba48d7";
const allow = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${INSTANCE}` }],
};

function snapshot(principal: Partial<LivePrincipal>, sessionRunAs: string[] | undefined): Snapshot {
  return {
    accountId: ACCOUNT,
    principals: [
      {
        type: "role",
        name: "ops",
        arn: `arn:aws:iam::${ACCOUNT}:role/ops`,
        tags: {},
        inline: [{ name: "sessions", document: allow }],
        attached: [],
        ...principal,
      },
    ],
    policies: new Map(),
    instances: [{ id: INSTANCE, region: "us-east-1", state: "running", tags: {} }],
    regions: [{ region: "us-east-1", sessionRunAs }],
    failures: [],
    succeeded: 1,
  };
}

/** The same grant in a plan, with a preferences document whose Run As is as given. */
function plan(runAsEnabled: boolean, runAsDefaultUser = "") {
  return {
    accountId: ACCOUNT,
    regions: ["us-east-1"],
    principals: [
      { type: "role" as const, name: "ops", policies: [{ name: "sessions", arn: null, kind: "inline" as const, document: allow }] },
    ],
    resources: [
      {
        urn: "u",
        type: "aws:ssm/document:Document",
        name: "prefs",
        parent: null,
        inputs: { documentType: "Session", content: JSON.stringify({ inputs: { runAsEnabled, runAsDefaultUser } }) },
        outputs: {},
      },
    ],
  };
}

describe("audit and plan: one rule for Session Manager's OS user", () => {
  it("Run As off: both say ssm-user (the agent's account), per instance and per row", () => {
    const live = snapshot({}, []);
    assert.deepEqual(
      auditAccess(live).map((r) => r.osUsers),
      [["ssm-user"]],
    );
    assert.deepEqual(
      evaluateLiveRows(live).map((r) => r.osUsers),
      [["ssm-user"]],
    );
    assert.deepEqual(
      evaluatePlanDocuments(plan(false)).map((r) => r.osUsers),
      [["ssm-user"]],
    );
  });

  it("Run As on: the default user, or the principal's SSMSessionRunAs tag in the audit", () => {
    assert.deepEqual(
      auditAccess(snapshot({}, ["ec2-user"])).map((r) => r.osUsers),
      [["ec2-user"]],
    );
    assert.deepEqual(
      auditAccess(snapshot({ tags: { SSMSessionRunAs: "alice" } }, ["ec2-user"])).map((r) => r.osUsers),
      [["alice"]],
    );
    assert.deepEqual(
      evaluatePlanDocuments(plan(true, "ec2-user")).map((r) => r.osUsers),
      [["ec2-user"]],
    );
  });

  it("an unread preferences document says no OS user rather than guess", () => {
    assert.deepEqual(
      auditAccess(snapshot({}, undefined)).map((r) => r.osUsers),
      [[]],
    );
  });
});

describe("audit: no SDK notices on stderr", () => {
  it("creating the audit's clients prints no NodeVersionSupportWarning (on Node 20 the SDK would)", () => {
    const env = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const script = `const { makeClients } = require(${JSON.stringify(require.resolve("../../audit/clients"))}); const c = makeClients({ endpoint: "http://127.0.0.1:9" }); c.ec2("us-east-1"); c.ssm("us-east-1"); c.destroy();`;
    const run = spawnSync(process.execPath, ["-e", script], { env: { ...env, AWS_REGION: "us-east-1" }, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "");
  });
});

describe("audit: conditional Denies are named, not silently ignored", () => {
  const deny = (Condition: unknown) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Deny", Action: "ssm:StartSession", Resource: "*", Condition: Condition }],
  });

  it("a principal's conditional Deny and an SCP's are said on the row they could narrow, in JSON and text", () => {
    const live = snapshot(
      {
        inline: [
          { name: "sessions", document: allow },
          { name: "office-hours", document: deny({ NumericGreaterThan: { "aws:MultiFactorAuthAge": "3600" } }) },
        ],
      },
      [],
    );
    const fullAccess = {
      id: "p-FullAWSAccess",
      name: "FullAWSAccess",
      document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    };
    live.scps = [
      {
        target: ACCOUNT,
        policies: [
          fullAccess,
          { id: "p-1", name: "no-ssm-outside-eu", document: deny({ StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } }) },
        ],
      },
    ];
    const rows = auditAccess(live);
    assert.deepEqual(
      rows.map((r) => r.conditionalDenies),
      [
        [
          "SCP no-ssm-outside-eu: Deny ssm:StartSession when StringNotEquals aws:RequestedRegion",
          "office-hours: Deny ssm:StartSession when NumericGreaterThan aws:MultiFactorAuthAge",
        ],
      ],
    );
    const text = renderText(buildReport(live, rows, undefined));
    assert.match(
      text,
      /^ {4}conditional Deny not evaluated: office-hours: Deny ssm:StartSession when NumericGreaterThan aws:MultiFactorAuthAge$/m,
    );
  });

  it("an unconditional Deny still removes the access; a row with no conditional Deny carries none", () => {
    assert.deepEqual(
      auditAccess(
        snapshot(
          {
            inline: [
              { name: "sessions", document: allow },
              { name: "never", document: deny(undefined) },
            ],
          },
          [],
        ),
      ),
      [],
    );
    assert.equal(auditAccess(snapshot({}, []))[0].conditionalDenies, undefined);
  });
});
