import assert from "node:assert/strict";
import { endpointQuotaProblems, STAND_IN_ENDPOINT_ID } from "../../documents/instanceConnectEndpoint";

const DEV = "dev: ec2-access:instanceConnect.endpoint";
const PROD = "prod: ec2-access:instanceConnect.endpoint";

describe("documents/instanceConnectEndpoint", () => {
  it("accepts endpoints in different subnets and VPCs", () => {
    assert.deepEqual(
      endpointQuotaProblems([
        { path: DEV, account: "111122223333", region: "us-east-1", subnetId: "subnet-0abc1234", vpcId: "vpc-0abc1234" },
        { path: PROD, account: "111122223333", region: "us-east-1", subnetId: "subnet-0def5678", vpcId: "vpc-0def5678" },
      ]),
      [],
    );
  });

  it("refuses a second endpoint in one subnet, naming both", () => {
    assert.deepEqual(
      endpointQuotaProblems([
        { path: DEV, account: "111122223333", region: "us-east-1", subnetId: "subnet-0abc1234" },
        { path: PROD, account: "111122223333", region: "us-east-1", subnetId: "subnet-0abc1234" },
      ]),
      [
        `${PROD}.subnetId: got "subnet-0abc1234"; expected a subnet with no other EC2 Instance Connect Endpoint ` +
          `(one per subnet, not adjustable): ${DEV} is already in it`,
      ],
    );
  });

  it("refuses a second endpoint in one VPC, in another subnet", () => {
    assert.deepEqual(
      endpointQuotaProblems([
        { path: DEV, account: "111122223333", region: "eu-west-1", subnetId: "subnet-0abc1234", vpcId: "vpc-0abc1234" },
        { path: PROD, account: "111122223333", region: "eu-west-1", subnetId: "subnet-0def5678", vpcId: "vpc-0abc1234" },
      ]),
      [
        `${PROD}.vpcId: got "vpc-0abc1234"; expected a VPC with no other EC2 Instance Connect Endpoint ` +
          `(one per VPC, not adjustable): ${DEV} is already in it`,
      ],
    );
  });

  it("keeps Regions apart", () => {
    assert.deepEqual(
      endpointQuotaProblems([
        { path: DEV, account: "111122223333", region: "us-east-1", subnetId: "subnet-0abc1234", vpcId: "vpc-0abc1234" },
        { path: PROD, account: "111122223333", region: "eu-west-1", subnetId: "subnet-0abc1234", vpcId: "vpc-0abc1234" },
      ]),
      [],
    );
  });

  it("several endpoints of one account in a Region: each must name its VPC, or a shared VPC would pass unseen", () => {
    assert.deepEqual(
      endpointQuotaProblems([
        { path: DEV, account: "111122223333", region: "us-east-1", subnetId: "subnet-0abc1234" },
        { path: PROD, account: "111122223333", region: "us-east-1", subnetId: "subnet-0def5678", vpcId: "vpc-0def5678" },
      ]),
      [
        `${DEV}.vpcId: got nothing; expected the VPC of subnet subnet-0abc1234 (vpc-...): ${PROD} is another endpoint in us-east-1, ` +
          "and AWS allows one per VPC (not adjustable), which only the VPC IDs can show before deployment",
      ],
    );
  });

  it("a lone endpoint, or one per account or Region, needs no VPC ID", () => {
    assert.deepEqual(endpointQuotaProblems([{ path: DEV, account: "111122223333", region: "us-east-1", subnetId: "subnet-0abc1234" }]), []);
    assert.deepEqual(
      endpointQuotaProblems([
        { path: DEV, account: "111122223333", region: "us-east-1", subnetId: "subnet-0abc1234" },
        { path: PROD, account: "444455556666", region: "us-east-1", subnetId: "subnet-0def5678" },
        { path: `${PROD}s[1]`, account: "444455556666", region: "eu-west-1", subnetId: "subnet-0aaa1111" },
      ]),
      [],
    );
  });

  it("the stand-in ID has the length of a real one", () => {
    assert.equal(STAND_IN_ENDPOINT_ID.length, "eice-0123456789abcdef0".length);
  });
});
