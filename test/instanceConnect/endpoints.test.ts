// Several EC2 Instance Connect Endpoints (`endpoints:`), their instance security group rules,
// and the config messages that keep them inside AWS's one-per-VPC quota.
import assert from "node:assert/strict";
import { runPlan } from "../../plan/run";
import type { PolicyDocument } from "../../documents/policyDocument";
import { load, problems } from "../config/helpers";

const ACCOUNT = "111122223333";
const grants = [{ name: "ops", principals: { groups: ["ops"] }, osUsers: ["ec2-user"], instanceIds: ["i-1234567890abcdef0"] }];
const east = {
  subnetId: "subnet-0123456789abcdef0",
  vpcId: "vpc-0123456789abcdef0",
  securityGroupIds: ["sg-0aaaaaaaaaaaaaaaa"],
  instanceSecurityGroupIds: ["sg-0bbbbbbbbbbbbbbbb"],
  remotePorts: [22, 3389],
};
const west = { subnetId: "subnet-0fedcba9876543210", vpcId: "vpc-0fedcba9876543210", region: "eu-west-1" };

function plan(instanceConnect: unknown) {
  return runPlan({
    stack: "prod",
    config: {
      "aws:region": "us-east-1",
      "ec2-access:environment": "prod",
      "ec2-access:accountId": ACCOUNT,
      "ec2-access:regions": ["us-east-1", "eu-west-1"],
      "ec2-access:instanceConnect": instanceConnect,
    },
    policies: [],
  });
}

describe("Instance Connect: several endpoints", () => {
  it("two endpoints in two Regions, one OpenTunnel statement naming both ARNs", async () => {
    const { registrations } = await plan({ grants, endpoints: [{ ...east, remotePorts: [22] }, west] });
    const names = [
      "instance-connect-endpoint-us-east-1-subnet-0123456789abcdef0",
      "instance-connect-endpoint-eu-west-1-subnet-0fedcba9876543210",
    ];
    // The config's order (east, west); registrations may arrive in either.
    const eices = names.map((n) =>
      registrations.find((r) => r.type === "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint" && r.name === n)!,
    );
    assert.deepEqual(
      eices.map((e) => [e.inputs.region, e.inputs.subnetId]),
      [
        ["us-east-1", east.subnetId],
        ["eu-west-1", west.subnetId],
      ],
    );
    const policy = registrations.find((r) => r.type === "aws:iam/policy:Policy")!;
    const doc = JSON.parse(policy.inputs.policy as string) as PolicyDocument;
    const tunnel = doc.Statement.filter((s) => s.Action === "ec2-instance-connect:OpenTunnel");
    assert.deepEqual(tunnel, [
      {
        Effect: "Allow",
        Action: "ec2-instance-connect:OpenTunnel",
        Resource: eices.map((e) => e.outputs.arn as string),
        Condition: {
          NumericEquals: { "ec2-instance-connect:remotePort": "22" },
          NumericLessThanEquals: { "ec2-instance-connect:maxTunnelDuration": "3600" },
        },
      },
    ]);
  });

  it("instance security groups: TCP on each remote port from the endpoint's security group only (AWS's security group referencing example)", async () => {
    const { registrations } = await plan({ grants, endpoints: [east] });
    const rules = registrations.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    // eice-security-groups.html, "Example inbound rule: Security group referencing": Protocol TCP,
    // Source the endpoint security group's ID, Port range 22 (3389 for RDP).
    assert.deepEqual(
      rules.map((r) => ({ name: r.name, ...r.inputs, tags: undefined, description: undefined })),
      [22, 3389].map((port) => ({
        name: `instance-connect-endpoint-us-east-1-subnet-0123456789abcdef0-sg-0bbbbbbbbbbbbbbbb-from-sg-0aaaaaaaaaaaaaaaa-${port}`,
        region: "us-east-1",
        securityGroupId: "sg-0bbbbbbbbbbbbbbbb",
        referencedSecurityGroupId: "sg-0aaaaaaaaaaaaaaaa",
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        tags: undefined,
        description: undefined,
      })),
    );
  });
});

describe("Instance Connect: endpoint config messages", () => {
  it("refuses endpoint and endpoints together", () => {
    assert.deepEqual(problems({ regions: ["us-east-1", "eu-west-1"], instanceConnect: { grants, endpoint: west, endpoints: [east] } }), [
      'ec2-access:instanceConnect.endpoints: got ["subnet-0123456789abcdef0"] beside ec2-access:instanceConnect.endpoint ("subnet-0fedcba9876543210"); expected one of the two keys: move the single endpoint into the list',
    ]);
  });

  it("refuses two endpoints in one VPC of one Region, and allows the same VPC ID in another Region", () => {
    const second = { subnetId: "subnet-0aaaaaaaaaaaaaaaa", vpcId: east.vpcId };
    assert.deepEqual(problems({ regions: ["us-east-1", "eu-west-1"], instanceConnect: { grants, endpoints: [east, second] } }), [
      'ec2-access:instanceConnect.endpoints[1].vpcId: got "vpc-0123456789abcdef0"; expected a VPC with no other EC2 Instance Connect Endpoint (one per VPC, not adjustable): ec2-access:instanceConnect.endpoints[0] is already in it',
    ]);
    assert.throws(
      () =>
        problems({
          regions: ["us-east-1", "eu-west-1"],
          instanceConnect: { grants, endpoints: [east, { ...second, region: "eu-west-1" }] },
        }),
      /expected the configuration to be refused/,
    );
  });

  it("two endpoints in one Region without vpcId: each must name its VPC (two subnets of one VPC would break AWS's quota)", () => {
    const a = { subnetId: "subnet-0aaaaaaaaaaaaaaaa" };
    const b = { subnetId: "subnet-0bbbbbbbbbbbbbbbb" };
    const tail = "and AWS allows one per VPC (not adjustable), which only the VPC IDs can show before deployment";
    assert.deepEqual(problems({ instanceConnect: { grants, endpoints: [a, b] } }), [
      `ec2-access:instanceConnect.endpoints[0].vpcId: got nothing; expected the VPC of subnet ${a.subnetId} (vpc-...): ec2-access:instanceConnect.endpoints[1] is another endpoint in us-east-1, ${tail}`,
      `ec2-access:instanceConnect.endpoints[1].vpcId: got nothing; expected the VPC of subnet ${b.subnetId} (vpc-...): ec2-access:instanceConnect.endpoints[0] is another endpoint in us-east-1, ${tail}`,
    ]);
    // One per Region needs none.
    assert.doesNotThrow(() =>
      load({ regions: ["us-east-1", "eu-west-1"], instanceConnect: { grants, endpoints: [a, { ...b, region: "eu-west-1" }] } }),
    );
  });

  it("refuses instance security groups without the endpoint's own, and ports other than 22 and 3389", () => {
    assert.deepEqual(
      problems({
        instanceConnect: {
          grants,
          endpoints: [{ subnetId: east.subnetId, instanceSecurityGroupIds: ["sg-0bbbbbbbbbbbbbbbb"], remotePorts: [80] }],
        },
      }),
      [
        "ec2-access:instanceConnect.endpoints[0].instanceSecurityGroupIds: got [\"sg-0bbbbbbbbbbbbbbbb\"]; expected them beside the endpoint's own securityGroupIds: the instances admit the endpoint's security groups by ID",
        "ec2-access:instanceConnect.endpoints[0].remotePorts[0]: got 80; expected 22 or 3389: EC2 Instance Connect Endpoint connects to no other port",
      ],
    );
  });
});
