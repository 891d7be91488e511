// The documents of seed page 002 ("Grant IAM permissions for EC2 Instance Connect"), with
// region us-east-1, account 111122223333 and the page's placeholders filled in.
import assert from "node:assert/strict";
import type { InstanceConnectGrantSpec } from "../../documents/instanceConnect";
import { instanceConnectDocument } from "../../documents/instanceConnect";
import { renderCompact } from "../../documents/policyDocument";

const SCOPE = { partition: "aws", accountId: "111122223333" };
const ENDPOINT_ARN = "arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/eice-0123456789abcdef0";

function grant(spec: Partial<InstanceConnectGrantSpec> & Pick<InstanceConnectGrantSpec, "target">): InstanceConnectGrantSpec {
  return { osUsers: ["ec2-user"], regions: ["us-east-1"], console: false, ...spec };
}

describe("documents/instanceConnect", () => {
  it("specific instances with the console: the page's first example, ami-username = ec2-user", () => {
    const doc = instanceConnectDocument(
      SCOPE,
      grant({ target: { kind: "instanceIds", instanceIds: ["i-1234567890abcdef0", "i-0598c7d356eba48d7"] }, console: true }),
    );
    assert.deepEqual(doc, {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ec2-instance-connect:SendSSHPublicKey",
          Resource: [
            "arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0",
            "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
          ],
          Condition: { StringEquals: { "ec2:osuser": "ec2-user" } },
        },
        { Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
      ],
    });
  });

  it("tagged instances with the console: the page's second example, plus the ec2:osuser the page lists as required", () => {
    const doc = instanceConnectDocument(SCOPE, grant({ target: { kind: "tags", tags: { "tag-key": ["tag-value"] } }, console: true }));
    assert.deepEqual(doc, {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ec2-instance-connect:SendSSHPublicKey",
          Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*",
          Condition: { StringEquals: { "aws:ResourceTag/tag-key": "tag-value", "ec2:osuser": "ec2-user" } },
        },
        { Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
      ],
    });
  });

  it("without console, nothing is granted on *", () => {
    const doc = instanceConnectDocument(SCOPE, grant({ target: { kind: "instanceIds", instanceIds: ["i-1234567890abcdef0"] } }));
    assert.equal(doc.Statement.length, 1);
    assert.ok(doc.Statement.every((s) => s.Resource !== "*" && !(Array.isArray(s.Resource) && s.Resource.includes("*"))));
  });

  it("every Region of the stack times every instance ID, several OS users and several tag values", () => {
    const byIds = instanceConnectDocument(
      SCOPE,
      grant({
        target: { kind: "instanceIds", instanceIds: ["i-1234567890abcdef0", "i-0598c7d356eba48d7"] },
        regions: ["us-east-1", "eu-west-1"],
        osUsers: ["ec2-user", "ubuntu"],
      }),
    );
    assert.deepEqual(byIds.Statement[0].Resource, [
      "arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0",
      "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
      "arn:aws:ec2:eu-west-1:111122223333:instance/i-1234567890abcdef0",
      "arn:aws:ec2:eu-west-1:111122223333:instance/i-0598c7d356eba48d7",
    ]);
    assert.deepEqual(byIds.Statement[0].Condition, { StringEquals: { "ec2:osuser": ["ec2-user", "ubuntu"] } });

    const byTags = instanceConnectDocument(
      SCOPE,
      grant({ target: { kind: "tags", tags: { Team: ["web", "api"], Env: ["prod"] } }, regions: ["us-east-1", "eu-west-1"] }),
    );
    assert.deepEqual(byTags.Statement[0], {
      Effect: "Allow",
      Action: "ec2-instance-connect:SendSSHPublicKey",
      Resource: ["arn:aws:ec2:us-east-1:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/*"],
      Condition: { StringEquals: { "aws:ResourceTag/Team": ["web", "api"], "aws:ResourceTag/Env": "prod", "ec2:osuser": "ec2-user" } },
    });
  });

  it("attribute-based: the instance's tag must equal the principal's tag of the same key", () => {
    const doc = instanceConnectDocument(SCOPE, grant({ target: { kind: "principalTag", key: "Project" } }));
    assert.deepEqual(doc.Statement, [
      {
        Effect: "Allow",
        Action: "ec2-instance-connect:SendSSHPublicKey",
        Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*",
        Condition: { StringEquals: { "aws:ResourceTag/Project": "${aws:PrincipalTag/Project}", "ec2:osuser": "ec2-user" } },
      },
    ]);
  });

  it("allInstances: instance/* of the stack's account and Regions, still limited to the OS users", () => {
    const doc = instanceConnectDocument(SCOPE, grant({ target: { kind: "allInstances" } }));
    assert.deepEqual(doc.Statement, [
      {
        Effect: "Allow",
        Action: "ec2-instance-connect:SendSSHPublicKey",
        Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*",
        Condition: { StringEquals: { "ec2:osuser": "ec2-user" } },
      },
    ]);
  });

  it("the endpoint tunnel: OpenTunnel on that endpoint only, the configured ports and duration", () => {
    const doc = instanceConnectDocument(
      SCOPE,
      grant({
        target: { kind: "instanceIds", instanceIds: ["i-1234567890abcdef0"] },
        tunnels: [{ endpointArns: [ENDPOINT_ARN], remotePorts: [22], maxTunnelDurationSeconds: 3600 }],
      }),
    );
    assert.deepEqual(doc.Statement[1], {
      Effect: "Allow",
      Action: "ec2-instance-connect:OpenTunnel",
      Resource: ENDPOINT_ARN,
      Condition: {
        NumericEquals: { "ec2-instance-connect:remotePort": "22" },
        NumericLessThanEquals: { "ec2-instance-connect:maxTunnelDuration": "3600" },
      },
    });
    assert.equal(doc.Statement.length, 2, "no describe statement without console");
  });

  it("the endpoint with the console also allows listing endpoints, in the one statement on *", () => {
    const doc = instanceConnectDocument(
      SCOPE,
      grant({
        target: { kind: "instanceIds", instanceIds: ["i-1234567890abcdef0"] },
        console: true,
        tunnels: [{ endpointArns: [ENDPOINT_ARN], remotePorts: [22, 3389], maxTunnelDurationSeconds: 900 }],
      }),
    );
    assert.deepEqual(doc.Statement[1], {
      Effect: "Allow",
      Action: ["ec2:DescribeInstances", "ec2:DescribeInstanceConnectEndpoints"],
      Resource: "*",
    });
    assert.deepEqual(doc.Statement[2].Condition, {
      NumericEquals: { "ec2-instance-connect:remotePort": ["22", "3389"] },
      NumericLessThanEquals: { "ec2-instance-connect:maxTunnelDuration": "900" },
    });
  });

  it("other partitions and accounts come from the scope", () => {
    const doc = instanceConnectDocument(
      { partition: "aws-us-gov", accountId: "444455556666" },
      grant({ target: { kind: "instanceIds", instanceIds: ["i-1234567890abcdef0"] }, regions: ["us-gov-west-1"] }),
    );
    assert.equal(doc.Statement[0].Resource, "arn:aws-us-gov:ec2:us-gov-west-1:444455556666:instance/i-1234567890abcdef0");
  });

  it("refuses a grant with no OS user or with *, whatever the schema let through", () => {
    const target = { kind: "allInstances" } as const;
    assert.throws(() => instanceConnectDocument(SCOPE, grant({ target, osUsers: [] })), /at least one OS user/);
    assert.throws(() => instanceConnectDocument(SCOPE, grant({ target, osUsers: ["ec2-user", "*"] })), /\* would allow root/);
  });

  it("renders as compact JSON, exactly as sent to IAM", () => {
    const doc = instanceConnectDocument(SCOPE, grant({ target: { kind: "instanceIds", instanceIds: ["i-1234567890abcdef0"] } }));
    assert.equal(
      renderCompact(doc),
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2-instance-connect:SendSSHPublicKey",' +
        '"Resource":"arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0","Condition":{"StringEquals":{"ec2:osuser":"ec2-user"}}}]}',
    );
  });
});
