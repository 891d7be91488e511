// NetworkAccess through the offline plan (the real program on the mock runtime): per VPC and
// Region, a security group admitting HTTPS from the VPC's CIDR only, and the endpoints AWS's
// Session Manager VPC endpoint page names, with private DNS, in the given subnets.
import * as assert from "node:assert/strict";
import { runPlan } from "../../plan/run";
import { NetworkAccess } from "../../components/network";
import { ComponentArgsError } from "../../components/checkArgs";

const ACCOUNT = "777788889999";
const VPC = "vpc-0123456789abcdef0";
const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"];
const base = { "aws:region": "eu-west-1", "ec2-access:environment": "prod", "ec2-access:accountId": ACCOUNT };

async function networkResources(config: Record<string, unknown>) {
  const { plan } = await runPlan({ stack: "prod", config: { ...base, ...config }, policies: [] });
  return plan.resources.filter((r) => r.urn.includes("ec2-access:network:NetworkAccess"));
}
const byName = (rs: { type: string; name: string; inputs: Record<string, unknown> }[]) =>
  new Map(rs.map((r) => [`${r.type} ${r.name}`, r.inputs]));

describe("components/network through the offline plan", () => {
  it("the default services: five interface endpoints with private DNS behind one security group, HTTPS from the VPC's CIDR only", async () => {
    const rs = await networkResources({ "ec2-access:network": { vpcEndpoints: [{ vpcId: VPC, subnetIds: SUBNETS }] } });
    const b = `network-eu-west-1-${VPC}`;
    assert.deepEqual(rs.map((r) => `${r.type} ${r.name}`).sort(), [
      `aws:ec2/securityGroup:SecurityGroup ${b}-endpoints`,
      `aws:ec2/vpcEndpoint:VpcEndpoint ${b}-ec2messages`,
      `aws:ec2/vpcEndpoint:VpcEndpoint ${b}-kms`,
      `aws:ec2/vpcEndpoint:VpcEndpoint ${b}-logs`,
      `aws:ec2/vpcEndpoint:VpcEndpoint ${b}-ssm`,
      `aws:ec2/vpcEndpoint:VpcEndpoint ${b}-ssmmessages`,
      "ec2-access:network:NetworkAccess network",
    ]);
    const r = byName(rs);
    const group = r.get(`aws:ec2/securityGroup:SecurityGroup ${b}-endpoints`)!;
    assert.equal(group.vpcId, VPC);
    assert.equal(group.region, "eu-west-1");
    const ingress = group.ingress as {
      protocol: string;
      fromPort: number;
      toPort: number;
      cidrBlocks: string[];
      ipv6CidrBlocks?: string[];
      securityGroups?: string[];
    }[];
    assert.equal(ingress.length, 1);
    assert.deepEqual([ingress[0].protocol, ingress[0].fromPort, ingress[0].toPort], ["tcp", 443, 443]);
    // The mock's VPC CIDR (plan/mocks.ts derives it from the VPC ID), never 0.0.0.0/0.
    assert.equal(ingress[0].cidrBlocks.length, 1);
    assert.match(ingress[0].cidrBlocks[0], /^10\.\d+\.0\.0\/16$/);
    assert.equal(group.egress, undefined, "no egress rule: the provider removes AWS's default allow-all");
    for (const service of ["ssm", "ssmmessages", "ec2messages", "kms", "logs"]) {
      const e = r.get(`aws:ec2/vpcEndpoint:VpcEndpoint ${b}-${service}`)!;
      assert.deepEqual(
        {
          serviceName: e.serviceName,
          vpcEndpointType: e.vpcEndpointType,
          privateDnsEnabled: e.privateDnsEnabled,
          subnetIds: e.subnetIds,
          vpcId: e.vpcId,
          region: e.region,
          routeTableIds: e.routeTableIds,
        },
        {
          serviceName: `com.amazonaws.eu-west-1.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: SUBNETS,
          vpcId: VPC,
          region: "eu-west-1",
          routeTableIds: undefined,
        },
      );
      assert.equal((e.securityGroupIds as string[]).length, 1);
    }
  });

  it("s3 is a gateway endpoint on the route tables (no subnets, no group, no private DNS); the entry's region wins", async () => {
    const rs = await networkResources({
      "ec2-access:regions": ["eu-west-1", "us-east-2"],
      "ec2-access:network": {
        vpcEndpoints: [
          { vpcId: VPC, subnetIds: SUBNETS, region: "us-east-2", services: ["ssm", "s3"], routeTableIds: ["rtb-0123456789abcdef0"] },
        ],
      },
    });
    const r = byName(rs);
    const b = `network-us-east-2-${VPC}`;
    const s3 = r.get(`aws:ec2/vpcEndpoint:VpcEndpoint ${b}-s3`)!;
    assert.deepEqual(
      {
        serviceName: s3.serviceName,
        vpcEndpointType: s3.vpcEndpointType,
        routeTableIds: s3.routeTableIds,
        subnetIds: s3.subnetIds,
        securityGroupIds: s3.securityGroupIds,
        privateDnsEnabled: s3.privateDnsEnabled,
        region: s3.region,
      },
      {
        serviceName: "com.amazonaws.us-east-2.s3",
        vpcEndpointType: "Gateway",
        routeTableIds: ["rtb-0123456789abcdef0"],
        subnetIds: undefined,
        securityGroupIds: undefined,
        privateDnsEnabled: undefined,
        region: "us-east-2",
      },
    );
    assert.equal(r.get(`aws:ec2/vpcEndpoint:VpcEndpoint ${b}-ssm`)!.serviceName, "com.amazonaws.us-east-2.ssm");
  });

  it("s3 alone: no security group at all", async () => {
    const rs = await networkResources({
      "ec2-access:network": {
        vpcEndpoints: [{ vpcId: VPC, subnetIds: SUBNETS, services: ["s3"], routeTableIds: ["rtb-0123456789abcdef0"] }],
      },
    });
    assert.deepEqual(rs.map((r) => r.type).sort(), ["aws:ec2/vpcEndpoint:VpcEndpoint", "ec2-access:network:NetworkAccess"]);
  });

  it("a component with bad args throws the config's message under its own name, before registering anything", () => {
    const stack = { environment: "prod", regions: ["eu-west-1"] };
    assert.throws(
      () => new NetworkAccess("net", { stack, vpcEndpoints: [{ vpcId: VPC, subnetIds: SUBNETS, services: ["s3"] }] }),
      (e: unknown) =>
        e instanceof ComponentArgsError &&
        e.problems.length === 1 &&
        e.problems[0] ===
          "net.vpcEndpoints[0].routeTableIds: got nothing; expected the route tables of the private subnets (rtb-...): s3 is a gateway endpoint, added to route tables; or leave s3 out of services",
    );
  });

  it("the same VPC with and without its Region spelt out is one VPC: refused with the config's message, not a duplicate URN", () => {
    const stack = { environment: "prod", regions: ["eu-west-1"], region: "eu-west-1" };
    assert.throws(
      () =>
        new NetworkAccess("net", {
          stack,
          vpcEndpoints: [
            { vpcId: VPC, subnetIds: SUBNETS },
            { vpcId: VPC, subnetIds: SUBNETS, region: "eu-west-1" },
          ],
        }),
      (e: unknown) =>
        e instanceof ComponentArgsError &&
        e.problems.length === 1 &&
        e.problems[0] ===
          `net.vpcEndpoints[1].vpcId: got "${VPC}"; expected each VPC once per Region: net.vpcEndpoints[0] already has it in eu-west-1`,
    );
  });
});
