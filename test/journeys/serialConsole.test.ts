// Journeys of the serial console through the example stacks' whole plans (see world.ts): the
// instance reads its OS password, and the organisation's SCP leaves the console to the excepted
// accounts only, whatever their identity policies allow.
import assert from "node:assert/strict";
import { simulate } from "../support/iamSimulator";
import { SEND_SERIAL_CONSOLE_KEY } from "../../documents/serialConsole";
import type { World } from "./world";
import {
  EXAMPLE_STACKS,
  caller,
  exampleWorld,
  identityPolicies,
  instanceRoleCaller,
  instanceRoleName,
  keyPolicy,
  serviceControlPolicies,
} from "./world";

const worlds: Record<string, World> = {};
before(async function () {
  this.timeout(300_000);
  for (const stack of EXAMPLE_STACKS) worlds[stack] = await exampleWorld(stack);
});

describe("journey: the instance reads the serial console OS password", () => {
  const withPassword = () => EXAMPLE_STACKS.filter((s) => worlds[s].config.serialConsole?.osPassword);

  it("applies to the example stacks with an OS password user", () => {
    assert.deepEqual(withPassword(), ["dev"]);
  });

  for (const stack of EXAMPLE_STACKS) {
    it(`${stack}: the created instance role reads that parameter and decrypts it with that key through SSM only`, async function () {
      const w = worlds[stack];
      if (!w.config.serialConsole?.osPassword) this.skip();
      const role = instanceRoleName(w);
      assert.ok(role, `${stack}: the stack creates the instance role, so the plan must let it read the password`);
      const policies = identityPolicies(w, { type: "role", name: role });
      const instance = instanceRoleCaller(w, role);
      const parameters = w.plan.resources.filter((r) => r.type === "aws:ssm/parameter:Parameter");
      assert.equal(parameters.length, w.config.regions.length);
      for (const parameter of parameters) {
        const region = String(parameter.inputs.region);
        const keyArn = String(parameter.inputs.keyId);
        const key = keyPolicy(w, keyArn);
        assert.ok(key, `${region}: the password key is the stack's own, with its policy in the plan`);
        const ask = (action: string, resource: string, context: Record<string, string> = {}, resourcePolicy = key) =>
          simulate({ identityPolicies: policies, action, resource, principalArn: instance, context, resourcePolicy });
        assert.equal(await ask("ssm:GetParameter", String(parameter.outputs.arn), {}, undefined), "Allowed", `${region}: GetParameter`);
        assert.equal(
          await ask("kms:Decrypt", keyArn, { "kms:ViaService": `ssm.${region}.amazonaws.com` }),
          "Allowed",
          `${region}: Decrypt through SSM`,
        );
        assert.equal(await ask("kms:Decrypt", keyArn), "ImplicitlyDenied", `${region}: Decrypt outside SSM`);
        const otherKey = `arn:aws:kms:${region}:${w.plan.accountId}:key/00000000-1111-2222-3333-444444444444`;
        assert.equal(
          await ask("kms:Decrypt", otherKey, { "kms:ViaService": `ssm.${region}.amazonaws.com` }),
          "ImplicitlyDenied",
          `${region}: another key`,
        );
      }
    });
  }

  it("dev: the stack's read policy names that parameter only (AmazonSSMManagedInstanceCore allows GetParameter on any)", async () => {
    const w = worlds.dev;
    const read = w.plan.principals
      .find((p) => p.name === instanceRoleName(w))!
      .policies.find((p) => p.name === "ec2-access-dev-serial-console-os-password-read");
    assert.ok(read?.document, "the read policy is attached to the instance role");
    const ask = (resource: string) =>
      simulate({
        identityPolicies: [read.document as never],
        action: "ssm:GetParameter",
        resource,
        principalArn: instanceRoleCaller(w, instanceRoleName(w)!),
      });
    assert.equal(
      await ask(`arn:aws:ssm:us-east-1:${w.plan.accountId}:parameter/ec2-access/dev/serial-console/os-password/root`),
      "Allowed",
    );
    assert.equal(await ask(`arn:aws:ssm:us-east-1:${w.plan.accountId}:parameter/ec2-access/dev/other`), "ImplicitlyDenied");
  });
});

describe("journey: the organisation's SCP leaves the serial console to the excepted accounts", () => {
  const ALLOW_ALL = { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: "*", Resource: "*" }] };

  it("a dev on-call engineer connects to a dev instance; nobody in prod can, even allowed everything", async () => {
    const scps = serviceControlPolicies(worlds.org);
    assert.equal(scps.length, 1);
    const dev = worlds.dev;
    const grant = dev.config.serialConsole!.grants.find((g) => g.name === "oncall")!;
    const engineer = caller(dev, { type: "group", name: grant.principals.groups[0] });
    const instance = `arn:aws:ec2:us-east-1:${dev.plan.accountId}:instance/${grant.instanceIds![0]}`;
    const send = (identityPolicies: never[], principalArn: string, resource: string) =>
      simulate({ identityPolicies, action: SEND_SERIAL_CONSOLE_KEY, resource, principalArn, serviceControlPolicies: scps });
    assert.equal(
      await send(
        identityPolicies(dev, { type: "group", name: grant.principals.groups[0] }, engineer.groups) as never[],
        engineer.arn,
        instance,
      ),
      "Allowed",
    );

    const prod = worlds.prod;
    const prodAdmin = `arn:aws:sts::${prod.plan.accountId}:assumed-role/platform-admin/alice@example.com`;
    const prodInstance = `arn:aws:ec2:us-east-1:${prod.plan.accountId}:instance/i-0fedcba9876543210`;
    assert.equal(await send([ALLOW_ALL] as never[], prodAdmin, prodInstance), "ExplicitlyDenied");
  });
});
