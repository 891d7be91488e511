// GrantPolicy on its own, through the offline plan: a document that names a value known only
// after deployment (`resolved`) is sized with its stand-in and built with the real value, and
// the policies then depend on the resource that value comes from.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { runPlan } from "../../plan/run";
import { GrantPolicy, STAND_IN_ACCOUNT, grantLayout } from "../../components/grantPolicy";
import type { StackContext } from "../../components/context";
import type { ArnScope } from "../../documents/arn";
import { instanceArns, instanceConnectEndpointArn } from "../../documents/arn";
import { policyDocument, statement } from "../../documents/policyDocument";
import { STAND_IN_ENDPOINT_ID } from "../../documents/instanceConnectEndpoint";
import { instanceId } from "../../bench/stacks";

const ACCOUNT = "111122223333";
const config = { "aws:region": "us-east-1", "ec2-access:environment": "test", "ec2-access:accountId": ACCOUNT };
const IDS = Array.from({ length: 150 }, (_, i) => instanceId(i));

function context(): StackContext {
  return {
    project: "ec2-access",
    stack: "test",
    environment: "test",
    region: "us-east-1",
    regions: ["us-east-1"],
    partition: "aws",
    accountId: pulumi.output(ACCOUNT),
    maxManagedPoliciesPerPrincipal: 10,
    tags: {},
  };
}

/** SendSSHPublicKey on 150 instances (two policies' worth) and OpenTunnel on the endpoint. */
const document = (scope: ArnScope, endpointArn: string) =>
  policyDocument([
    statement({ actions: ["ec2-instance-connect:OpenTunnel"], resources: [endpointArn] }),
    statement({ actions: ["ec2-instance-connect:SendSSHPublicKey"], resources: instanceArns(scope, ["us-east-1"], IDS) }),
  ]);

describe("GrantPolicy with a value resolved after deployment", () => {
  const standIn = instanceConnectEndpointArn({ partition: "aws", accountId: STAND_IN_ACCOUNT }, "us-east-1", STAND_IN_ENDPOINT_ID);

  it("splits on the stand-in and builds every part with the real value, depending on its resource", async () => {
    const { registrations } = await runPlan({
      stack: "test",
      config,
      policies: [],
      program: async () => {
        const endpoint = new aws.ec2transitgateway.InstanceConnectEndpoint("endpoint", { subnetId: "subnet-0123456789abcdef0" });
        new GrantPolicy("grant", {
          context: context(),
          pattern: "instance-connect",
          grantName: "web",
          description: "test grant",
          principals: { users: ["alice"], groups: [], roles: [] },
          resolved: { value: endpoint.arn, standIn },
          document,
        });
      },
    });
    const endpoint = registrations.find((r) => r.type === "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint")!;
    const realArn = String(endpoint.outputs.arn);
    assert.match(realArn, /^arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint\/eice-[0-9a-f]{17}$/);
    assert.equal(realArn.length, standIn.length);

    const policies = registrations.filter((r) => r.type === "aws:iam/policy:Policy");
    assert.deepEqual(
      policies.map((p) => p.name),
      ["grant", "grant.2"],
    );
    const docs = policies.map((p) => JSON.parse(String(p.inputs.policy)));
    assert.deepEqual(docs[0].Statement[0], { Effect: "Allow", Action: "ec2-instance-connect:OpenTunnel", Resource: realArn });
    assert.ok(!JSON.stringify(docs).includes(STAND_IN_ACCOUNT));
    for (const p of policies) assert.ok(p.dependencies.includes(endpoint.urn), `${p.name} depends on the endpoint`);
  });

  it("knows its parts from the stand-in alone, before the value exists", () => {
    const layout = grantLayout({ context: context(), resolved: { value: pulumi.output("unknown yet"), standIn }, document });
    assert.equal(layout.parts.length, 2);
  });

  it("still takes a document of the scope alone, as before", async () => {
    const { registrations } = await runPlan({
      stack: "test",
      config,
      policies: [],
      program: async () => {
        new GrantPolicy("plain", {
          context: context(),
          pattern: "serial-console",
          grantName: "oncall",
          description: "test grant",
          principals: { users: [], groups: ["oncall"], roles: [] },
          document: () => policyDocument([statement({ actions: ["ec2:DescribeInstances"], resources: ["*"] })]),
        });
      },
    });
    const policy = registrations.find((r) => r.type === "aws:iam/policy:Policy")!;
    assert.deepEqual(
      [policy.name, policy.inputs.name, policy.inputs.policy],
      [
        "plain",
        "ec2-access-test-serial-console-oncall",
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}',
      ],
    );
  });
});
