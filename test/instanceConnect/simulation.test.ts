// Least privilege, proved by evaluating requests against the documents the grants produce.
// Requests that carry ec2:osuser, and every OpenTunnel request, go through the helper's
// documented fallback (test/support/iamSimulator.ts, DATA_GAPS); the rest are validated.
import assert from "node:assert/strict";
import type { InstanceConnectGrantSpec } from "../../documents/instanceConnect";
import { instanceConnectDocument } from "../../documents/instanceConnect";
import type { PolicyDocument } from "../../documents/policyDocument";
import type { Decision } from "../support/iamSimulator";
import { simulate } from "../support/iamSimulator";

const SCOPE = { partition: "aws", accountId: "111122223333" };
const SEND = "ec2-instance-connect:SendSSHPublicKey";
const SERIAL = "ec2-instance-connect:SendSerialConsoleSSHPublicKey";
const OPEN_TUNNEL = "ec2-instance-connect:OpenTunnel";
const DESCRIBE = "ec2:DescribeInstances";

const WEB = "i-1234567890abcdef0";
const DB = "i-0598c7d356eba48d7";
const instance = (id: string, region = "us-east-1", account = "111122223333") => `arn:aws:ec2:${region}:${account}:instance/${id}`;
const ENDPOINT = "arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/eice-0123456789abcdef0";
const OTHER_ENDPOINT = "arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/eice-0fedcba9876543210";

function doc(spec: Partial<InstanceConnectGrantSpec> & Pick<InstanceConnectGrantSpec, "target">): PolicyDocument {
  return instanceConnectDocument(SCOPE, { osUsers: ["ec2-user"], regions: ["us-east-1", "eu-west-1"], console: false, ...spec });
}

function ask(policy: PolicyDocument, action: string, resource: string, context: Record<string, string> = {}): Promise<Decision> {
  return simulate({ identityPolicies: [policy], action, resource, context });
}

describe("Instance Connect grants, simulated", () => {
  describe("by instance ID", () => {
    const policy = doc({ target: { kind: "instanceIds", instanceIds: [WEB] } });

    it("allows the grant's OS user on the grant's instance, in every Region of the stack", async () => {
      assert.equal(await ask(policy, SEND, instance(WEB), { "ec2:osuser": "ec2-user" }), "Allowed");
      assert.equal(await ask(policy, SEND, instance(WEB, "eu-west-1"), { "ec2:osuser": "ec2-user" }), "Allowed");
    });

    it("denies root and any other OS user", async () => {
      assert.equal(await ask(policy, SEND, instance(WEB), { "ec2:osuser": "root" }), "ImplicitlyDenied");
      assert.equal(await ask(policy, SEND, instance(WEB), { "ec2:osuser": "ubuntu" }), "ImplicitlyDenied");
    });

    it("denies a request that names no OS user", async () => {
      assert.equal(await ask(policy, SEND, instance(WEB)), "ImplicitlyDenied");
    });

    it("denies another instance, another Region and another account", async () => {
      assert.equal(await ask(policy, SEND, instance(DB), { "ec2:osuser": "ec2-user" }), "ImplicitlyDenied");
      assert.equal(await ask(policy, SEND, instance(WEB, "ap-south-1"), { "ec2:osuser": "ec2-user" }), "ImplicitlyDenied");
      assert.equal(await ask(policy, SEND, instance(WEB, "us-east-1", "444455556666"), { "ec2:osuser": "ec2-user" }), "ImplicitlyDenied");
    });

    it("does not open the serial console", async () => {
      assert.equal(await ask(policy, SERIAL, instance(WEB)), "ImplicitlyDenied");
    });

    it("allows DescribeInstances only with console: true", async () => {
      assert.equal(await ask(policy, DESCRIBE, "*"), "ImplicitlyDenied");
      const withConsole = doc({ target: { kind: "instanceIds", instanceIds: [WEB] }, console: true });
      assert.equal(await ask(withConsole, DESCRIBE, "*"), "Allowed");
    });
  });

  describe("by resource tag", () => {
    const policy = doc({ target: { kind: "tags", tags: { Team: ["web", "api"] } }, osUsers: ["ubuntu"] });

    it("allows the OS user on an instance with one of the tag values", async () => {
      assert.equal(await ask(policy, SEND, instance(WEB), { "ec2:osuser": "ubuntu", "aws:ResourceTag/Team": "web" }), "Allowed");
      assert.equal(
        await ask(policy, SEND, instance(DB, "eu-west-1"), { "ec2:osuser": "ubuntu", "aws:ResourceTag/Team": "api" }),
        "Allowed",
      );
    });

    it("denies an untagged instance and another tag value", async () => {
      assert.equal(await ask(policy, SEND, instance(WEB), { "ec2:osuser": "ubuntu" }), "ImplicitlyDenied");
      assert.equal(await ask(policy, SEND, instance(WEB), { "ec2:osuser": "ubuntu", "aws:ResourceTag/Team": "db" }), "ImplicitlyDenied");
    });

    it("still denies root and a request with no OS user on a tagged instance", async () => {
      assert.equal(await ask(policy, SEND, instance(WEB), { "ec2:osuser": "root", "aws:ResourceTag/Team": "web" }), "ImplicitlyDenied");
      assert.equal(await ask(policy, SEND, instance(WEB), { "aws:ResourceTag/Team": "web" }), "ImplicitlyDenied");
    });

    it("does not open the serial console on a tagged instance", async () => {
      assert.equal(await ask(policy, SERIAL, instance(WEB), { "aws:ResourceTag/Team": "web" }), "ImplicitlyDenied");
    });
  });

  describe("by principal tag (ABAC)", () => {
    const policy = doc({ target: { kind: "principalTag", key: "Project" } });

    it("allows when the instance's tag equals the principal's", async () => {
      assert.equal(
        await ask(policy, SEND, instance(WEB), {
          "ec2:osuser": "ec2-user",
          "aws:ResourceTag/Project": "alpha",
          "aws:PrincipalTag/Project": "alpha",
        }),
        "Allowed",
      );
    });

    it("denies another tag value, an untagged instance and an untagged principal", async () => {
      assert.equal(
        await ask(policy, SEND, instance(WEB), {
          "ec2:osuser": "ec2-user",
          "aws:ResourceTag/Project": "beta",
          "aws:PrincipalTag/Project": "alpha",
        }),
        "ImplicitlyDenied",
      );
      assert.equal(
        await ask(policy, SEND, instance(WEB), { "ec2:osuser": "ec2-user", "aws:PrincipalTag/Project": "alpha" }),
        "ImplicitlyDenied",
      );
      assert.equal(
        await ask(policy, SEND, instance(WEB), { "ec2:osuser": "ec2-user", "aws:ResourceTag/Project": "alpha" }),
        "ImplicitlyDenied",
      );
    });
  });

  describe("all instances", () => {
    const policy = doc({ target: { kind: "allInstances" } });

    it("allows any instance of the account's Regions, only as the OS user", async () => {
      assert.equal(await ask(policy, SEND, instance(DB, "eu-west-1"), { "ec2:osuser": "ec2-user" }), "Allowed");
      assert.equal(await ask(policy, SEND, instance(DB), { "ec2:osuser": "root" }), "ImplicitlyDenied");
      assert.equal(await ask(policy, SEND, instance(DB, "us-east-1", "444455556666"), { "ec2:osuser": "ec2-user" }), "ImplicitlyDenied");
    });
  });

  describe("through the EC2 Instance Connect Endpoint", () => {
    const policy = doc({
      target: { kind: "instanceIds", instanceIds: [WEB] },
      tunnels: [{ endpointArns: [ENDPOINT], remotePorts: [22], maxTunnelDurationSeconds: 1800 }],
    });
    const tunnel = (port: string, seconds: string) => ({
      "ec2-instance-connect:remotePort": port,
      "ec2-instance-connect:maxTunnelDuration": seconds,
    });

    it("allows a tunnel to port 22 on the endpoint, up to the configured duration", async () => {
      assert.equal(await ask(policy, OPEN_TUNNEL, ENDPOINT, tunnel("22", "1800")), "Allowed");
      assert.equal(await ask(policy, OPEN_TUNNEL, ENDPOINT, tunnel("22", "60")), "Allowed");
    });

    it("denies another port, a longer tunnel and another endpoint", async () => {
      assert.equal(await ask(policy, OPEN_TUNNEL, ENDPOINT, tunnel("3389", "60")), "ImplicitlyDenied");
      assert.equal(await ask(policy, OPEN_TUNNEL, ENDPOINT, tunnel("22", "1801")), "ImplicitlyDenied");
      assert.equal(await ask(policy, OPEN_TUNNEL, OTHER_ENDPOINT, tunnel("22", "60")), "ImplicitlyDenied");
    });

    it("denies a tunnel request that does not state port and duration", async () => {
      assert.equal(await ask(policy, OPEN_TUNNEL, ENDPOINT), "ImplicitlyDenied");
    });

    it("a grant without the endpoint opens no tunnel", async () => {
      assert.equal(await ask(doc({ target: { kind: "allInstances" } }), OPEN_TUNNEL, ENDPOINT, tunnel("22", "60")), "ImplicitlyDenied");
    });
  });

  describe("through several endpoints, each with its own limits", () => {
    const WEST = "arn:aws:ec2:eu-west-1:111122223333:instance-connect-endpoint/eice-0aaaaaaaaaaaaaaaa";
    const tunnel = (port: string, seconds: string) => ({
      "ec2-instance-connect:remotePort": port,
      "ec2-instance-connect:maxTunnelDuration": seconds,
    });
    const policy = doc({
      target: { kind: "instanceIds", instanceIds: [WEB] },
      tunnels: [
        { endpointArns: [ENDPOINT], remotePorts: [22], maxTunnelDurationSeconds: 1800 },
        { endpointArns: [WEST], remotePorts: [3389], maxTunnelDurationSeconds: 3600 },
      ],
    });

    it("opens tunnels on each of its endpoints, on that endpoint's ports", async () => {
      assert.equal(await ask(policy, OPEN_TUNNEL, ENDPOINT, tunnel("22", "1800")), "Allowed");
      assert.equal(await ask(policy, OPEN_TUNNEL, WEST, tunnel("3389", "3600")), "Allowed");
    });

    it("not on another endpoint, nor with one endpoint's limits on the other", async () => {
      assert.equal(await ask(policy, OPEN_TUNNEL, OTHER_ENDPOINT, tunnel("22", "60")), "ImplicitlyDenied");
      assert.equal(await ask(policy, OPEN_TUNNEL, ENDPOINT, tunnel("3389", "60")), "ImplicitlyDenied");
      assert.equal(await ask(policy, OPEN_TUNNEL, WEST, tunnel("22", "60")), "ImplicitlyDenied");
      assert.equal(await ask(policy, OPEN_TUNNEL, ENDPOINT, tunnel("22", "3600")), "ImplicitlyDenied");
    });
  });
});
