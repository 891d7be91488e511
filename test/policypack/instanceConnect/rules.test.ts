import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import {
  requireInstanceConnectInstanceScope as scope,
  requireInstanceConnectOsUser as osUser,
  restrictInstanceConnectTunnel as tunnel,
} from "../../../policypack/rules/instanceConnect";
import { assertMetadata, instanceConnect, runRule } from "../support";

const SEND = "ec2-instance-connect:SendSSHPublicKey";
const INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0";
const run = (rule: Parameters<typeof runRule>[0], doc: unknown, options = {}) =>
  runRule(rule, aws.iam.Policy, { policy: JSON.stringify(doc) }, options);
const one = (st: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: st });

describe("require-instance-connect-instance-scope", () => {
  it("has its metadata", () => {
    assertMetadata(scope, {
      name: "require-instance-connect-instance-scope",
      severity: "high",
      enforcementLevel: "mandatory",
      configKeys: ["allowAllInstancesInStacks"],
    });
  });
  it("passes both examples of the Instance Connect page", async () => {
    assert.deepEqual(await run(scope, instanceConnect.specificInstances), []);
    assert.deepEqual(await run(scope, instanceConnect.instancesWithTags), []);
  });
  it('reports the page\'s "replace the resource ARNs with the * wildcard" variant', async () => {
    const doc = JSON.parse(JSON.stringify(instanceConnect.specificInstances));
    doc.Statement[0].Resource = "*";
    assert.deepEqual(await run(scope, doc), [
      `Statement[0] allows ${SEND} on "*" with no instance scope: anyone with this policy can push an SSH key to every instance. ` +
        "Fix: list instance ARNs (arn:aws:ec2:<region>:<account>:instance/<id>) or add a condition on aws:ResourceTag/<key>.",
    ]);
  });
  it("reports wildcards and any letter case, with the pattern that grants", async () => {
    const v = await run(scope, {
      Statement: [
        {
          Effect: "Allow",
          Action: ["ec2-instance-connect:*", "EC2-Instance-Connect:sendsshpublickey"],
          Resource: "arn:aws:ec2:*:*:instance/*",
          Condition: { StringEquals: { "ec2:osuser": "ec2-user" } },
        },
      ],
    });
    assert.equal(v.length, 1);
    assert.ok(
      v[0].startsWith(
        `Statement[0] allows ${SEND} (through "ec2-instance-connect:*") on "arn:aws:ec2:*:*:instance/*" with no instance scope`,
      ),
      v[0],
    );
  });
  it("accepts an unscoped grant only in a stack the config lists", async () => {
    const doc = one({ Effect: "Allow", Action: SEND, Resource: "*", Condition: { StringEquals: { "ec2:osuser": "ec2-user" } } });
    assert.deepEqual(await run(scope, doc, { stack: "lab", config: { allowAllInstancesInStacks: ["ec2-access/lab"] } }), []);
    assert.equal((await run(scope, doc, { stack: "prod", config: { allowAllInstancesInStacks: ["ec2-access/lab"] } })).length, 1);
    // The same stack name in another project is another stack.
    assert.equal(
      (await run(scope, doc, { stack: "lab", project: "payments", config: { allowAllInstancesInStacks: ["ec2-access/lab"] } })).length,
      1,
    );
  });
});

describe("require-instance-connect-os-user", () => {
  it("has its metadata", () => {
    assertMetadata(osUser, {
      name: "require-instance-connect-os-user",
      severity: "high",
      enforcementLevel: "mandatory",
      configKeys: ["forbiddenOsUsers"],
    });
  });
  it("passes the page's specific-instances example (ec2:osuser named)", async () => {
    assert.deepEqual(await run(osUser, instanceConnect.specificInstances), []);
  });
  it("reports the page's tag-based example, which leaves out the ec2:osuser the page lists as required", async () => {
    assert.deepEqual(await run(osUser, instanceConnect.instancesWithTags), [
      `Statement[0] allows ${SEND} without an ec2:osuser condition: the key can be pushed for any OS user, root included. ` +
        'Fix: add "Condition": {"StringEquals": {"ec2:osuser": ["<user>"]}} with the AMI\'s default user (ec2-user, ubuntu).',
    ]);
  });
  it("reports root (by default), in any letter case", async () => {
    assert.deepEqual(
      await run(
        osUser,
        one({ Effect: "Allow", Action: SEND, Resource: INSTANCE, Condition: { StringEquals: { "ec2:osuser": ["ec2-user", "Root"] } } }),
      ),
      [
        `Statement[0] allows ${SEND} as OS user "Root", which forbiddenOsUsers forbids. Fix: remove "Root" from ec2:osuser and connect as an unprivileged user.`,
      ],
    );
  });
  it("reports users the config forbids, and accepts root when the config forbids nobody", async () => {
    const doc = one({ Effect: "Allow", Action: SEND, Resource: INSTANCE, Condition: { StringEquals: { "ec2:osuser": "admin" } } });
    assert.equal((await run(osUser, doc, { config: { forbiddenOsUsers: ["root", "admin"] } })).length, 1);
    const root = one({ Effect: "Allow", Action: SEND, Resource: INSTANCE, Condition: { StringEquals: { "ec2:osuser": "root" } } });
    assert.deepEqual(await run(osUser, root, { config: { forbiddenOsUsers: [] } }), []);
  });
  it("reports wildcards and policy variables as users", async () => {
    assert.deepEqual(
      await run(osUser, one({ Effect: "Allow", Action: SEND, Resource: INSTANCE, Condition: { StringLike: { "ec2:osuser": "*" } } })),
      [
        `Statement[0] allows ${SEND} with StringLike ec2:osuser ["*"], which is not an explicit user: a wildcard or a policy variable lets the caller choose the OS user. Fix: list the OS users by name with StringEquals.`,
      ],
    );
    const v = await run(
      osUser,
      one({ Effect: "Allow", Action: SEND, Resource: INSTANCE, Condition: { StringEquals: { "ec2:osuser": "${aws:username}" } } }),
    );
    assert.equal(v.length, 1);
    assert.match(v[0], /not an explicit user/);
  });
  it("reports negated and IfExists conditions as naming no user", async () => {
    assert.deepEqual(
      await run(
        osUser,
        one({ Effect: "Allow", Action: SEND, Resource: INSTANCE, Condition: { StringNotEquals: { "ec2:osuser": "root" } } }),
      ),
      [
        `Statement[0] allows ${SEND} without an ec2:osuser condition (only StringNotEquals, which name no user): the key can be pushed for any OS user, root included. ` +
          'Fix: add "Condition": {"StringEquals": {"ec2:osuser": ["<user>"]}} with the AMI\'s default user (ec2-user, ubuntu).',
      ],
    );
    assert.equal(
      (
        await run(
          osUser,
          one({ Effect: "Allow", Action: SEND, Resource: INSTANCE, Condition: { StringEqualsIfExists: { "ec2:osuser": "ec2-user" } } }),
        )
      ).length,
      1,
    );
  });
  it("reports * and NotAction, never a Deny", async () => {
    assert.equal((await run(osUser, one({ Effect: "Allow", Action: "*", Resource: "*" }))).length, 1);
    assert.equal((await run(osUser, one({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))).length, 1);
    assert.deepEqual(await run(osUser, one({ Effect: "Deny", Action: SEND, Resource: "*" })), []);
  });
});

describe("restrict-instance-connect-tunnel", () => {
  const endpoint = "arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/eice-0123456789abcdef0";
  const good = one({
    Effect: "Allow",
    Action: "ec2-instance-connect:OpenTunnel",
    Resource: endpoint,
    Condition: {
      NumericEquals: { "ec2-instance-connect:remotePort": "22" },
      NumericLessThanEquals: { "ec2-instance-connect:maxTunnelDuration": "3600" },
    },
  });
  it("has its metadata", () => {
    assertMetadata(tunnel, {
      name: "restrict-instance-connect-tunnel",
      severity: "medium",
      enforcementLevel: "mandatory",
      configKeys: ["allowedPorts", "maxTunnelDurationSeconds"],
    });
  });
  it("passes a tunnel limited to port 22 for at most an hour, and the seed documents (no OpenTunnel)", async () => {
    assert.deepEqual(await run(tunnel, good), []);
    assert.deepEqual(await run(tunnel, instanceConnect.specificInstances), []);
    assert.deepEqual(await run(tunnel, instanceConnect.instancesWithTags), []);
  });
  it("reports a tunnel with no conditions, twice: port and duration", async () => {
    assert.deepEqual(await run(tunnel, one({ Effect: "Allow", Action: "ec2-instance-connect:OpenTunnel", Resource: endpoint })), [
      'Statement[0] allows ec2-instance-connect:OpenTunnel without a NumericEquals condition on ec2-instance-connect:remotePort: the tunnel can reach any port of any instance the endpoint sees. Fix: add "NumericEquals": {"ec2-instance-connect:remotePort": "22"} (allowed: 22).',
      'Statement[0] allows ec2-instance-connect:OpenTunnel without a NumericLessThanEquals condition on ec2-instance-connect:maxTunnelDuration: tunnels may last as long as the endpoint allows. Fix: add "NumericLessThanEquals": {"ec2-instance-connect:maxTunnelDuration": "3600"}.',
    ]);
  });
  it("reports ports and durations beyond the config", async () => {
    const doc = one({
      Effect: "Allow",
      Action: "ec2-instance-connect:*",
      Resource: endpoint,
      Condition: {
        NumericEquals: { "ec2-instance-connect:remotePort": ["22", "3389"] },
        NumericLessThanEquals: { "ec2-instance-connect:maxTunnelDuration": "3600" },
      },
    });
    assert.deepEqual(await run(tunnel, doc, { config: { allowedPorts: [22], maxTunnelDurationSeconds: 900 } }), [
      'Statement[0] allows ec2-instance-connect:OpenTunnel (through "ec2-instance-connect:*") to remote port "3389", which allowedPorts (22) does not list. Fix: limit ec2-instance-connect:remotePort to 22.',
      'Statement[0] allows ec2-instance-connect:OpenTunnel (through "ec2-instance-connect:*") with ec2-instance-connect:maxTunnelDuration up to 3600 seconds, more than maxTunnelDurationSeconds (900). Fix: lower it to 900 or less.',
    ]);
    assert.deepEqual(await run(tunnel, doc, { config: { allowedPorts: [22, 3389] } }), []);
  });
  it("reports a tunnel through any endpoint (*, instance-connect-endpoint/*), and accepts a tag-scoped endpoint", async () => {
    const bounded = {
      NumericEquals: { "ec2-instance-connect:remotePort": "22" },
      NumericLessThanEquals: { "ec2-instance-connect:maxTunnelDuration": "3600" },
    };
    const fix =
      "Fix: name the endpoints (arn:aws:ec2:<region>:<account>:instance-connect-endpoint/eice-...) or add a condition on aws:ResourceTag/<key> of the endpoint.";
    assert.deepEqual(
      await run(tunnel, one({ Effect: "Allow", Action: "ec2-instance-connect:OpenTunnel", Resource: "*", Condition: bounded })),
      [
        `Statement[0] allows ec2-instance-connect:OpenTunnel on "*": a tunnel through any Instance Connect Endpoint of the account, into every VPC that has one, endpoints created later included. ${fix}`,
      ],
    );
    const allEndpoints = "arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/*";
    assert.equal(
      (await run(tunnel, one({ Effect: "Allow", Action: "ec2-instance-connect:OpenTunnel", Resource: allEndpoints, Condition: bounded })))
        .length,
      1,
    );
    const tagged = { ...bounded, StringEquals: { "aws:ResourceTag/team": "sre" } };
    assert.deepEqual(
      await run(tunnel, one({ Effect: "Allow", Action: "ec2-instance-connect:OpenTunnel", Resource: allEndpoints, Condition: tagged })),
      [],
    );
  });
});
