// The component through the offline plan: the real program on the mock runtime, so what is
// asserted here is what `pulumi up` would register.
import assert from "node:assert/strict";
import { runPlan } from "../../plan/run";
import type { PolicyDocument } from "../../documents/policyDocument";

const ACCOUNT = "111122223333";
const WEB = "i-1234567890abcdef0";
const DB = "i-0598c7d356eba48d7";

const baseConfig = {
  "aws:region": "us-east-1",
  "ec2-access:environment": "prod",
  "ec2-access:accountId": ACCOUNT,
  "ec2-access:regions": ["us-east-1", "eu-west-1"],
};

const grants = [
  { name: "web-devs", principals: { groups: ["web-devs"], roles: ["sre"] }, osUsers: ["ec2-user"], instanceIds: [WEB, DB], console: true },
  { name: "builders", principals: { users: ["alice"] }, osUsers: ["ubuntu"], tags: { Team: "build" } },
];

const endpoint = {
  subnetId: "subnet-0123456789abcdef0",
  securityGroupIds: ["sg-0123456789abcdef0"],
  region: "eu-west-1",
  maxTunnelDurationSeconds: 900,
  remotePorts: [22],
};

async function plan(instanceConnect: unknown) {
  return runPlan({ stack: "prod", config: { ...baseConfig, "ec2-access:instanceConnect": instanceConnect }, policies: [] });
}

function policyDocumentOf(resources: { type: string; inputs: Record<string, unknown> }[], name: string): PolicyDocument {
  const policy = resources.find((r) => r.type === "aws:iam/policy:Policy" && r.inputs.name === name);
  assert.ok(policy, `policy ${name} registered`);
  return JSON.parse(policy.inputs.policy as string) as PolicyDocument;
}

/** The component of that type and every resource under it, by the parent links. */
function within<R extends { urn: string; type: string; parent: string | null }>(resources: R[], componentType: string): R[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const under = (r: R | undefined): boolean =>
    r !== undefined && (r.type === componentType || under(r.parent ? byUrn.get(r.parent) : undefined));
  return resources.filter((r) => under(r));
}

describe("components/instanceConnect through the offline plan", () => {
  it("one policy per grant, named after it, with the grant's document, attached to each principal", async () => {
    const { plan: p } = await plan({ grants });
    const types = within(p.resources, "ec2-access:access:InstanceConnectAccess").map((r) => `${r.type}::${r.name}`);
    assert.deepEqual(types.sort(), [
      "aws:iam/groupPolicyAttachment:GroupPolicyAttachment::instance-connect-web-devs-group-web-devs",
      "aws:iam/policy:Policy::instance-connect-builders",
      "aws:iam/policy:Policy::instance-connect-web-devs",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment::instance-connect-web-devs-role-sre",
      "aws:iam/userPolicyAttachment:UserPolicyAttachment::instance-connect-builders-user-alice",
      "ec2-access:access:InstanceConnectAccess::instance-connect",
      "ec2-access:iam:GrantPolicy::instance-connect-builders",
      "ec2-access:iam:GrantPolicy::instance-connect-web-devs",
    ]);

    assert.deepEqual(policyDocumentOf(p.resources, "ec2-access-prod-instance-connect-web-devs"), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ec2-instance-connect:SendSSHPublicKey",
          Resource: [
            `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${WEB}`,
            `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${DB}`,
            `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/${WEB}`,
            `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/${DB}`,
          ],
          Condition: { StringEquals: { "ec2:osuser": "ec2-user" } },
        },
        { Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
      ],
    });
    assert.deepEqual(policyDocumentOf(p.resources, "ec2-access-prod-instance-connect-builders").Statement, [
      {
        Effect: "Allow",
        Action: "ec2-instance-connect:SendSSHPublicKey",
        Resource: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`, `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`],
        Condition: { StringEquals: { "aws:ResourceTag/Team": "build", "ec2:osuser": "ubuntu" } },
      },
    ]);

    const sre = p.principals.find((x) => x.type === "role" && x.name === "sre");
    assert.deepEqual(
      sre?.policies.map((x) => x.name),
      ["ec2-access-prod-instance-connect-web-devs"],
    );
  });

  it("publishes one access row per principal, with the grant's OS users and target", async () => {
    const { plan: p } = await plan({ grants });
    assert.deepEqual(p.access, [
      // Evaluated from the documents (plan/accessEvaluation.ts), sorted by grant and principal.
      {
        pattern: "instance-connect",
        grant: "builders",
        principal: { type: "user", name: "alice" },
        osUsers: ["ubuntu"],
        target: { tags: { Team: ["build"] } },
        deniedInstanceIds: [],
      },
      {
        pattern: "instance-connect",
        grant: "web-devs",
        principal: { type: "group", name: "web-devs" },
        osUsers: ["ec2-user"],
        target: { instanceIds: [DB, WEB] },
        deniedInstanceIds: [],
      },
      {
        pattern: "instance-connect",
        grant: "web-devs",
        principal: { type: "role", name: "sre" },
        osUsers: ["ec2-user"],
        target: { instanceIds: [DB, WEB] },
        deniedInstanceIds: [],
      },
    ]);
  });

  it("exports the policy ARNs of each grant by grant name", async () => {
    const { stackOutputs } = await plan({ grants });
    assert.deepEqual(stackOutputs?.instanceConnectPolicyArns, {
      "web-devs": [`arn:aws:iam::${ACCOUNT}:policy/ec2-access/ec2-access-prod-instance-connect-web-devs`],
      builders: [`arn:aws:iam::${ACCOUNT}:policy/ec2-access/ec2-access-prod-instance-connect-builders`],
    });
  });

  it("with an endpoint: the endpoint in its subnet and Region, and every grant may tunnel through it", async () => {
    const { plan: p, registrations } = await plan({ grants, endpoint });
    const eice = registrations.find((r) => r.type === "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint");
    assert.ok(eice, "endpoint registered");
    assert.equal(eice.name, "instance-connect-endpoint");
    assert.equal(eice.inputs.subnetId, endpoint.subnetId);
    assert.deepEqual(eice.inputs.securityGroupIds, endpoint.securityGroupIds);
    assert.equal(eice.inputs.region, "eu-west-1");
    assert.equal(eice.inputs.preserveClientIp, false);
    const endpointArn = eice.outputs.arn as string;
    assert.match(endpointArn, /^arn:aws:ec2:eu-west-1:111122223333:instance-connect-endpoint\/eice-[0-9a-f]{17}$/);

    for (const grant of ["web-devs", "builders"]) {
      const doc = policyDocumentOf(p.resources, `ec2-access-prod-instance-connect-${grant}`);
      assert.deepEqual(doc.Statement.at(-1), {
        Effect: "Allow",
        Action: "ec2-instance-connect:OpenTunnel",
        Resource: endpointArn,
        Condition: {
          NumericEquals: { "ec2-instance-connect:remotePort": "22" },
          NumericLessThanEquals: { "ec2-instance-connect:maxTunnelDuration": "900" },
        },
      });
    }
    // The console grant also lists endpoints; the other grant still has nothing on *.
    assert.deepEqual(policyDocumentOf(p.resources, "ec2-access-prod-instance-connect-web-devs").Statement[1].Action, [
      "ec2:DescribeInstances",
      "ec2:DescribeInstanceConnectEndpoints",
    ]);
    assert.equal(policyDocumentOf(p.resources, "ec2-access-prod-instance-connect-builders").Statement.length, 2);

    // The policies wait for the endpoint: a real `up` creates it first.
    const policy = registrations.find((r) => r.type === "aws:iam/policy:Policy" && r.name === "instance-connect-builders");
    assert.ok(policy?.dependencies.includes(eice.urn), `policy depends on ${eice.urn}: ${JSON.stringify(policy?.dependencies)}`);
  });

  it("the endpoint defaults to the stack's Region", async () => {
    const { registrations } = await plan({ grants, endpoint: { subnetId: "subnet-0123456789abcdef0" } });
    const eice = registrations.find((r) => r.type === "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint");
    assert.equal(eice?.inputs.region, "us-east-1");
    assert.equal(eice?.inputs.securityGroupIds, undefined);
  });

  it("removing one grant leaves the other grant's resources named as before", async () => {
    const both = await plan({ grants });
    const one = await plan({ grants: [grants[1]] });
    const urns = (r: typeof both) => r.plan.resources.map((x) => x.urn).filter((u) => u.includes("builders"));
    assert.deepEqual(urns(one), urns(both));
  });
});
