import assert from "node:assert/strict";
import * as fs from "node:fs";
import type { SessionGrantSpec } from "../../documents/sessionManager";
import { sessionGrantDocument } from "../../documents/sessionManager";
import { sessionGrantSpec } from "./grantSpec";
import type { ArnScope } from "../../documents/arn";
import type { SeedTab } from "./quickstartSeed";
import { awsPage } from "../support/awsPages";
import { FIXTURE, SEED_ACCOUNT, SEED_INSTANCE, SEED_KEY, SEED_REGION, seedPolicy } from "./quickstartSeed";

const SEED_SCOPE: ArnScope = { partition: "aws", accountId: SEED_ACCOUNT };
const AS_ON_THE_PAGE = { anyRegionAndAccount: true, terminateOnly: true, sendCommandWithStartSession: true };

function seedSpec(overrides: Partial<SessionGrantSpec>): SessionGrantSpec {
  return sessionGrantSpec({
    target: { kind: "instanceIds", instanceIds: [SEED_INSTANCE] },
    regions: [SEED_REGION],
    options: AS_ON_THE_PAGE,
    ...overrides,
  });
}

describe("sessionManager: the page's six quickstart policies", () => {
  it("the fixture is the seed page's six policy blocks, verbatim", () => {
    const blocks = [...awsPage("004_33a442b824029e0e.txt").matchAll(/```\n(\{[\s\S]*?\})\n```/g)].map((m) =>
      JSON.parse(m[1].replace(/ !\[\\\[Image NOT FOUND\\\]\]\([^)]*\)/g, "")),
    );
    assert.deepEqual(blocks, Object.values(JSON.parse(fs.readFileSync(FIXTURE, "utf8"))));
  });

  const cases: [SeedTab, Partial<SessionGrantSpec>][] = [
    ["user-session-manager", { clients: ["session-manager"], sessionKeyArns: [SEED_KEY] }],
    ["user-ec2-console", { clients: ["ec2-console"] }],
    ["user-both", { clients: ["session-manager", "ec2-console"], sessionKeyArns: [SEED_KEY] }],
    ["admin-session-manager", { role: "admin", clients: ["session-manager"], target: { kind: "tags", tags: { Finance: ["WebServers"] } } }],
    ["admin-ec2-console", { role: "admin", clients: ["ec2-console"], target: { kind: "tags", tags: { "tag-key": ["tag-value"] } } }],
    [
      "admin-both",
      { role: "admin", clients: ["session-manager", "ec2-console"], target: { kind: "tags", tags: { "tag-key": ["tag-value"] } } },
    ],
  ];
  for (const [tab, overrides] of cases) {
    it(`${tab}: the builder, given the page's wildcard scope, reproduces the page`, () => {
      assert.deepEqual(sessionGrantDocument(seedSpec(overrides), SEED_SCOPE), seedPolicy(tab));
    });
  }
});

describe("sessionManager: our complete form", () => {
  const scope: ArnScope = { partition: "aws", accountId: "111122223333" };
  const regions = ["us-east-1", "eu-west-1"];
  const base: SessionGrantSpec = {
    role: "user",
    clients: ["session-manager"],
    identity: "iam-user",
    target: { kind: "instanceIds", instanceIds: ["i-0598c7d356eba48d7"] },
    regions,
    documentName: "SSM-SessionManagerRunShell",
    sessionKeyArns: [],
  };

  it("names each Region and the account in instance and session ARNs, and lets users resume their sessions", () => {
    assert.deepEqual(sessionGrantDocument(base, scope), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ssm:StartSession",
          Resource: [
            "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
            "arn:aws:ec2:eu-west-1:111122223333:instance/i-0598c7d356eba48d7",
            "arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell",
            "arn:aws:ssm:eu-west-1:111122223333:document/SSM-SessionManagerRunShell",
          ],
          Condition: { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
        },
        {
          Effect: "Allow",
          Action: ["ssm:DescribeSessions", "ssm:GetConnectionStatus", "ssm:DescribeInstanceProperties", "ec2:DescribeInstances"],
          Resource: "*",
        },
        {
          Effect: "Allow",
          Action: ["ssm:TerminateSession", "ssm:ResumeSession"],
          Resource: [
            "arn:aws:ssm:us-east-1:111122223333:session/${aws:username}-*",
            "arn:aws:ssm:eu-west-1:111122223333:session/${aws:username}-*",
          ],
        },
      ],
    });
  });

  it("keeps a tag condition and the document in separate statements, both under the document check", () => {
    const doc = sessionGrantDocument(
      { ...base, regions: ["us-east-1"], target: { kind: "tags", tags: { Finance: ["WebServers", "Batch"] } } },
      scope,
    );
    assert.deepEqual(doc.Statement.slice(0, 2), [
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*",
        Condition: {
          StringLike: { "ssm:resourceTag/Finance": ["WebServers", "Batch"] },
          BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" },
        },
      },
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: "arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell",
        Condition: { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
      },
    ]);
  });

  it("principalTagKey compares the instance's tag with the principal's; allInstances has no condition", () => {
    const abac = sessionGrantDocument({ ...base, regions: ["us-east-1"], target: { kind: "principalTag", key: "team" } }, scope);
    assert.deepEqual(abac.Statement[0].Condition, {
      StringEquals: { "ssm:resourceTag/team": "${aws:PrincipalTag/team}" },
      BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" },
    });
    const all = sessionGrantDocument({ ...base, role: "admin", regions: ["us-east-1"], target: { kind: "allInstances" } }, scope);
    assert.deepEqual(all.Statement[0], {
      Effect: "Allow",
      Action: "ssm:StartSession",
      Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*",
    });
  });

  it("federated identities end their own sessions by the session-id tag AWS documents", () => {
    const doc = sessionGrantDocument({ ...base, regions: ["us-east-1"], identity: "federated" }, scope);
    assert.deepEqual(doc.Statement[2], {
      Effect: "Allow",
      Action: ["ssm:TerminateSession", "ssm:ResumeSession"],
      Resource: "arn:aws:ssm:us-east-1:111122223333:session/*",
      Condition: { StringLike: { "ssm:resourceTag/aws:ssmmessages:session-id": "${aws:userid}" } },
    });
  });

  it("adds kms:GenerateDataKey on the session keys whichever console starts the session", () => {
    const keys = ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"];
    const doc = sessionGrantDocument({ ...base, regions: ["us-east-1"], clients: ["ec2-console"], sessionKeyArns: keys }, scope);
    assert.deepEqual(doc.Statement.at(-1), { Effect: "Allow", Action: "kms:GenerateDataKey", Resource: keys[0] });
  });

  it("lists the instances once: SendCommand shares their statement, its command document has its own", () => {
    const doc = sessionGrantDocument({ ...base, clients: ["session-manager", "ec2-console"] }, scope);
    assert.deepEqual(doc.Statement.slice(0, 3), [
      {
        Effect: "Allow",
        Action: ["ssm:StartSession", "ssm:SendCommand"],
        Resource: [
          "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
          "arn:aws:ec2:eu-west-1:111122223333:instance/i-0598c7d356eba48d7",
        ],
        Condition: { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
      },
      {
        Effect: "Allow",
        Action: "ssm:StartSession",
        Resource: [
          "arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell",
          "arn:aws:ssm:eu-west-1:111122223333:document/SSM-SessionManagerRunShell",
        ],
        Condition: { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
      },
      {
        Effect: "Allow",
        Action: "ssm:SendCommand",
        Resource: ["arn:aws:ssm:us-east-1::document/AWS-UpdateSSMAgent", "arn:aws:ssm:eu-west-1::document/AWS-UpdateSSMAgent"],
      },
    ]);
  });

  it("by tag: the tag condition stays on the instance statement that SendCommand shares", () => {
    const doc = sessionGrantDocument(
      {
        ...base,
        regions: ["us-east-1"],
        clients: ["session-manager", "ec2-console"],
        target: { kind: "tags", tags: { Finance: ["WebServers"] } },
      },
      scope,
    );
    assert.deepEqual(doc.Statement[0], {
      Effect: "Allow",
      Action: ["ssm:StartSession", "ssm:SendCommand"],
      Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*",
      Condition: { StringLike: { "ssm:resourceTag/Finance": "WebServers" }, BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } },
    });
    assert.deepEqual(doc.Statement[2], {
      Effect: "Allow",
      Action: "ssm:SendCommand",
      Resource: "arn:aws:ssm:us-east-1::document/AWS-UpdateSSMAgent",
    });
  });

  it("EC2 console only: the page's statement on the instances, plus the command document", () => {
    const doc = sessionGrantDocument({ ...base, regions: ["us-east-1"], clients: ["ec2-console"] }, scope);
    assert.deepEqual(doc.Statement.slice(0, 2), [
      {
        Effect: "Allow",
        Action: ["ssm:StartSession", "ssm:SendCommand"],
        Resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
      },
      { Effect: "Allow", Action: "ssm:SendCommand", Resource: "arn:aws:ssm:us-east-1::document/AWS-UpdateSSMAgent" },
    ]);
  });

  it("refuses a grant with no client", () => {
    assert.throws(() => sessionGrantDocument({ ...base, clients: [] }, scope), /at least one client/);
  });
});
