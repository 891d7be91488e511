// `ec2-access:network` refuses what EC2 would refuse at deploy time (or what would silently not
// work), one message per problem naming the key and the value; the CLI exits 2 before any
// resource exists.
import * as assert from "node:assert/strict";
import { load, problems } from "../config/helpers";
import { main } from "../../cli/main";
import { memoryIo, project } from "../plan/support";

const VPC = "vpc-0123456789abcdef0";
const SUBNET = "subnet-0123456789abcdef0";

describe("config: ec2-access:network", () => {
  it("defaults to the five interface services, no route tables, the stack's Region", () => {
    assert.deepEqual(load({ network: { vpcEndpoints: [{ vpcId: VPC, subnetIds: [SUBNET] }] } }).network, {
      vpcEndpoints: [{ vpcId: VPC, subnetIds: [SUBNET], services: ["ssm", "ssmmessages", "ec2messages", "kms", "logs"] }],
    });
  });

  it("refuses malformed IDs, naming each key and value", () => {
    assert.deepEqual(problems({ network: { vpcEndpoints: [{ vpcId: "vpc-123", subnetIds: ["subnet-xyz"] }] } }), [
      'ec2-access:network.vpcEndpoints[0].vpcId: got "vpc-123"; expected a VPC ID: vpc- followed by 8 or 17 lower-case hex digits',
      'ec2-access:network.vpcEndpoints[0].subnetIds[0]: got "subnet-xyz"; expected a subnet ID: subnet- followed by 8 or 17 lower-case hex digits',
    ]);
  });

  it("refuses an unknown service, an empty list, and no subnets", () => {
    assert.deepEqual(problems({ network: { vpcEndpoints: [{ vpcId: VPC, subnetIds: [], services: ["ssh"] }] } }), [
      "ec2-access:network.vpcEndpoints[0].subnetIds: got []; expected at least one subnet ID",
      'ec2-access:network.vpcEndpoints[0].services[0]: got "ssh"; expected one of ssm, ssmmessages, ec2messages, ec2, kms, logs, s3',
    ]);
    assert.deepEqual(problems({ network: { vpcEndpoints: [] } }), [
      "ec2-access:network.vpcEndpoints: got []; expected at least one VPC endpoint set: { vpcId, subnetIds }",
    ]);
  });

  it("s3 (a gateway endpoint) needs route tables; route tables without s3 are refused", () => {
    assert.deepEqual(problems({ network: { vpcEndpoints: [{ vpcId: VPC, subnetIds: [SUBNET], services: ["ssm", "s3"] }] } }), [
      "ec2-access:network.vpcEndpoints[0].routeTableIds: got nothing; expected the route tables of the private subnets (rtb-...): s3 is a gateway endpoint, added to route tables; or leave s3 out of services",
    ]);
    assert.deepEqual(
      problems({ network: { vpcEndpoints: [{ vpcId: VPC, subnetIds: [SUBNET], routeTableIds: ["rtb-0123456789abcdef0"] }] } }),
      [
        'ec2-access:network.vpcEndpoints[0].routeTableIds: got ["rtb-0123456789abcdef0"]; expected no route tables without s3 in services (only the s3 gateway endpoint uses them)',
      ],
    );
  });

  it("refuses the same VPC twice in one Region", () => {
    assert.deepEqual(
      problems({
        network: {
          vpcEndpoints: [
            { vpcId: VPC, subnetIds: [SUBNET] },
            { vpcId: VPC, subnetIds: ["subnet-0fedcba9876543210"] },
          ],
        },
      }),
      [
        `ec2-access:network.vpcEndpoints[1].vpcId: got "${VPC}"; expected each VPC once per Region: ec2-access:network.vpcEndpoints[0] already has it in us-east-1`,
      ],
    );
  });

  it("an entry without region is in aws:region: the same VPC with region: <aws:region> is a duplicate", () => {
    assert.deepEqual(
      problems({
        network: {
          vpcEndpoints: [
            { vpcId: VPC, subnetIds: [SUBNET] },
            { vpcId: VPC, subnetIds: [SUBNET], region: "us-east-1" },
          ],
        },
      }),
      [
        `ec2-access:network.vpcEndpoints[1].vpcId: got "${VPC}"; expected each VPC once per Region: ec2-access:network.vpcEndpoints[0] already has it in us-east-1`,
      ],
    );
    // The same VPC ID in another of the stack's Regions is another set.
    assert.equal(
      load({
        regions: ["us-east-1", "eu-west-1"],
        network: {
          vpcEndpoints: [
            { vpcId: VPC, subnetIds: [SUBNET] },
            { vpcId: VPC, subnetIds: [SUBNET], region: "eu-west-1" },
          ],
        },
      }).network?.vpcEndpoints.length,
      2,
    );
  });

  it("refuses a Region the stack does not deploy to, naming it and the stack's Regions", () => {
    assert.deepEqual(problems({ network: { vpcEndpoints: [{ vpcId: VPC, subnetIds: [SUBNET], region: "eu-west-1" }] } }), [
      'ec2-access:network.vpcEndpoints[0].region: got "eu-west-1"; expected one of the stack\'s regions ["us-east-1"] (aws:region and ec2-access:regions), or add eu-west-1 to ec2-access:regions',
    ]);
    assert.deepEqual(
      problems({
        regions: ["us-east-1", "us-west-2"],
        network: { vpcEndpoints: [{ vpcId: VPC, subnetIds: [SUBNET], region: "eu-west-1" }] },
      }),
      [
        'ec2-access:network.vpcEndpoints[0].region: got "eu-west-1"; expected one of the stack\'s regions ["us-east-1","us-west-2"] (aws:region and ec2-access:regions), or add eu-west-1 to ec2-access:regions',
      ],
    );
  });

  it("the plan exits 2 with the message and registers nothing", async () => {
    const io = memoryIo(
      project({
        "Pulumi.a.yaml": `config:\n  aws:region: us-east-1\n  ec2-access:environment: dev\n  ec2-access:network:\n    vpcEndpoints:\n      - vpcId: ${VPC}\n        subnetIds: [${SUBNET}]\n        services: [ssh]\n`,
      }),
    );
    const code = await main(["plan", "--stack", "a"], io);
    assert.equal(code, 2, io.err);
    assert.equal(io.out, "");
    assert.match(io.err, /ec2-access:network\.vpcEndpoints\[0\]\.services\[0\]: got "ssh"; expected one of ssm, ssmmessages/);
  });

  it("the same VPC with and without region: <aws:region>: the plan exits 2 naming both entries, registers nothing", async () => {
    const io = memoryIo(
      project({
        "Pulumi.a.yaml": `config:\n  aws:region: us-east-1\n  ec2-access:environment: dev\n  ec2-access:network:\n    vpcEndpoints:\n      - vpcId: ${VPC}\n        subnetIds: [${SUBNET}]\n      - vpcId: ${VPC}\n        subnetIds: [${SUBNET}]\n        region: us-east-1\n`,
      }),
    );
    const code = await main(["plan", "--stack", "a"], io);
    assert.equal(code, 2, io.err);
    assert.equal(io.out, "");
    assert.match(
      io.err,
      /ec2-access:network\.vpcEndpoints\[1\]\.vpcId: got "vpc-0123456789abcdef0"; expected each VPC once per Region: ec2-access:network\.vpcEndpoints\[0\] already has it in us-east-1/,
    );
    assert.doesNotMatch(io.err, /duplicate|    at /i);
  });

  it("a valid network section plans with exit 0", async () => {
    const io = memoryIo(
      project({
        "Pulumi.a.yaml": `config:\n  aws:region: us-east-1\n  ec2-access:environment: dev\n  ec2-access:network:\n    vpcEndpoints:\n      - vpcId: ${VPC}\n        subnetIds: [${SUBNET}]\n`,
      }),
    );
    const code = await main(["plan", "--stack", "a"], io);
    assert.equal(code, 0, io.err);
    assert.match(io.out, /VpcEndpoint/);
  });
});
