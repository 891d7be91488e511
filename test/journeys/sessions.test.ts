// Journeys through each example stack's whole plan, evaluated as AWS would once it is deployed
// (see world.ts): a user starts a console session on an instance, and that session is
// encrypted and logged; a user ends their own session and not another's; an admin edits the
// preferences and a user cannot. Every grant of every example stack where the journey applies.
import assert from "node:assert/strict";
import type { Decision } from "../support/iamSimulator";
import { simulate } from "../support/iamSimulator";
import type { SessionManagerGrant } from "../../model/schema";
import { targetOf } from "../../model/target";
import type { Principal, World } from "./world";
import {
  CONSOLE_DOCUMENT,
  EXAMPLE_STACKS,
  accountDelegatingKeyPolicy,
  caller,
  exampleWorld,
  identityPolicies,
  instanceRoleCaller,
  instanceRoleName,
  keyPolicy,
  sessionDocument,
} from "./world";

/** Each principal of a grant, as the kind of principal AWS sees. */
function principalsOf(grant: SessionManagerGrant): Principal[] {
  return [
    ...grant.principals.users.map((name) => ({ type: "user" as const, name })),
    ...grant.principals.groups.map((name) => ({ type: "group" as const, name })),
    ...grant.principals.roles.map((name) => ({ type: "role" as const, name })),
  ];
}

/** An instance of the grant's target, and the request context that makes it one. */
function targetInstance(grant: SessionManagerGrant): { id: string; context: Record<string, string> } {
  const target = targetOf(grant);
  switch (target.kind) {
    case "instanceIds":
      return { id: target.instanceIds[0], context: {} };
    case "tags":
      return {
        id: "i-0123456789abcdef0",
        context: Object.fromEntries(Object.entries(target.tags).map(([k, v]) => [`ssm:resourceTag/${k}`, v[0]])),
      };
    case "principalTag":
      return {
        id: "i-0123456789abcdef0",
        context: { [`ssm:resourceTag/${target.key}`]: "blue", [`aws:PrincipalTag/${target.key}`]: "blue" },
      };
    case "allInstances":
      return { id: "i-0123456789abcdef0", context: {} };
    case "managedInstanceIds":
      return { id: target.managedInstanceIds[0], context: {} };
  }
}

const CONSOLE_CLIENTS = ["ec2-console", "session-manager"];
const sessionGrants = (w: World) => w.config.sessionManager?.grants ?? [];

const worlds: Record<string, World> = {};
before(async function () {
  this.timeout(300_000);
  for (const stack of EXAMPLE_STACKS) worlds[stack] = await exampleWorld(stack);
});

describe("journey: a console session on an instance is encrypted and logged", () => {
  it("applies to every example stack with Session Manager grants", () => {
    assert.deepEqual(
      EXAMPLE_STACKS.filter((s) => sessionGrants(worlds[s]).some((g) => g.clients.some((c) => CONSOLE_CLIENTS.includes(c)))),
      ["dev", "staging", "prod"],
    );
  });

  for (const stack of EXAMPLE_STACKS) {
    it(`${stack}: each console grant starts a session, under the managed document, with the session key, and the instance decrypts and logs`, async function () {
      const w = worlds[stack];
      const account = w.plan.accountId;
      const checked: string[] = [];
      for (const grant of sessionGrants(w)) {
        const clients = grant.clients.filter((c) => CONSOLE_CLIENTS.includes(c));
        if (clients.length === 0) continue;
        for (const principal of principalsOf(grant)) {
          const who = caller(w, principal);
          const policies = identityPolicies(w, principal, who.groups);
          const ask = (
            action: string,
            resource: string,
            context: Record<string, string> = {},
            resourcePolicy?: Parameters<typeof simulate>[0]["resourcePolicy"],
          ): Promise<Decision> =>
            simulate({
              identityPolicies: policies,
              action,
              resource,
              principalArn: who.arn,
              context: { "aws:userid": who.userid, ...context },
              resourcePolicy,
            });
          const { id, context } = targetInstance(grant);
          for (const region of w.config.regions) {
            const at = `${stack} ${grant.name} ${principal.type}/${principal.name} ${region}`;
            // The consoles name no document: the session runs SSM-SessionManagerRunShell, and
            // the Session Manager console checks the caller's access to it.
            const check: Record<string, string> =
              clients.includes("session-manager") && grant.role === "user" ? { "ssm:SessionDocumentAccessCheck": "true" } : {};
            assert.equal(
              await ask("ssm:StartSession", `arn:aws:ec2:${region}:${account}:instance/${id}`, { ...context, ...check }),
              "Allowed",
              `${at}: StartSession`,
            );
            if (Object.keys(check).length > 0) {
              assert.equal(
                await ask("ssm:StartSession", `arn:aws:ssm:${region}:${account}:document/${CONSOLE_DOCUMENT}`, check),
                "Allowed",
                `${at}: the console's document`,
              );
            }

            const prefs = sessionDocument(w, region, CONSOLE_DOCUMENT);
            assert.ok(prefs, `${at}: the stack manages ${CONSOLE_DOCUMENT}, the document every console session runs`);
            assert.notEqual(prefs.kmsKeyId, "", `${at}: console sessions are encrypted`);
            assert.ok(prefs.s3BucketName !== "" || prefs.cloudWatchLogGroupName !== "", `${at}: console sessions are logged`);

            const key = keyPolicy(w, prefs.kmsKeyId) ?? accountDelegatingKeyPolicy(account);
            assert.equal(
              await ask("kms:GenerateDataKey", prefs.kmsKeyId, {}, key),
              "Allowed",
              `${at}: the user encrypts with the session key`,
            );

            const role = instanceRoleName(w);
            if (!role) continue;
            const instance = instanceRoleCaller(w, role, id);
            const roleAsk = (action: string, resource: string, resourcePolicy?: Parameters<typeof simulate>[0]["resourcePolicy"]) =>
              simulate({
                identityPolicies: identityPolicies(w, { type: "role", name: role }),
                action,
                resource,
                principalArn: instance,
                resourcePolicy,
              });
            assert.equal(await roleAsk("kms:Decrypt", prefs.kmsKeyId, key), "Allowed", `${at}: the instance decrypts the session`);
            if (prefs.cloudWatchLogGroupName !== "") {
              const stream = `arn:aws:logs:${region}:${account}:log-group:${prefs.cloudWatchLogGroupName}:log-stream:alice-0a1b2c3d4e5f67890`;
              assert.equal(await roleAsk("logs:PutLogEvents", stream), "Allowed", `${at}: the instance streams the session log`);
            }
            if (prefs.s3BucketName !== "") {
              const prefix = prefs.s3KeyPrefix.replace(/^\/+|\/+$/g, "");
              const object = `arn:aws:s3:::${prefs.s3BucketName}/${prefix ? `${prefix}/` : ""}alice-0a1b2c3d4e5f67890.log`;
              assert.equal(await roleAsk("s3:PutObject", object), "Allowed", `${at}: the instance writes the session log`);
            }
            checked.push(at);
          }
        }
      }
      if (sessionGrants(w).length === 0) this.skip();
      assert.ok(checked.length > 0, `${stack}: no console grant checked`);
    });
  }
});

describe("journey: a user ends their own session and not another's", () => {
  for (const stack of EXAMPLE_STACKS) {
    it(`${stack}: every Session Manager principal, IAM user or role session`, async function () {
      const w = worlds[stack];
      if (sessionGrants(w).length === 0) this.skip();
      const account = w.plan.accountId;
      for (const grant of sessionGrants(w)) {
        for (const principal of principalsOf(grant)) {
          const me = caller(w, principal, "alice");
          const other = caller(w, principal, "bob");
          const policies = identityPolicies(w, principal, me.groups);
          for (const region of w.config.regions) {
            const at = `${stack} ${grant.name} ${principal.type}/${principal.name} ${region}`;
            // A session is named after the caller (user name, or the role session name) and
            // tagged with the caller's user ID.
            const session = (who: typeof me) => ({
              arn: `arn:aws:ssm:${region}:${account}:session/${who.username ?? who.arn.split("/").pop()}-0a1b2c3d4e5f67890`,
              tag: who.userid,
            });
            const context = (s: { tag: string }) => ({
              "aws:userid": me.userid,
              ...(me.username ? { "aws:username": me.username } : {}),
              "ssm:resourceTag/aws:ssmmessages:session-id": s.tag,
            });
            for (const action of ["ssm:TerminateSession", "ssm:ResumeSession"]) {
              const ask = (s: { arn: string; tag: string }) =>
                simulate({ identityPolicies: policies, action, resource: s.arn, principalArn: me.arn, context: context(s) });
              assert.equal(await ask(session(me)), "Allowed", `${at}: ${action} on its own session`);
              assert.equal(await ask(session(other)), "ImplicitlyDenied", `${at}: ${action} on another's session`);
            }
          }
        }
      }
    });
  }
});

describe("journey: an admin edits the Session Manager preferences and a user cannot", () => {
  const admins = (w: World) => sessionGrants(w).filter((g) => g.role === "admin" && g.clients.includes("session-manager"));

  it("applies to the example stacks with a preferences admin", () => {
    assert.deepEqual(
      EXAMPLE_STACKS.filter((s) => admins(worlds[s]).length > 0),
      ["dev", "prod"],
    );
  });

  for (const stack of EXAMPLE_STACKS) {
    it(`${stack}: UpdateDocument on the preferences document in each Region`, async function () {
      const w = worlds[stack];
      if (admins(w).length === 0) this.skip();
      const document = w.config.sessionManager!.document;
      for (const grant of sessionGrants(w)) {
        for (const principal of principalsOf(grant)) {
          const who = caller(w, principal);
          for (const region of w.config.regions) {
            const decision = await simulate({
              identityPolicies: identityPolicies(w, principal, who.groups),
              action: "ssm:UpdateDocument",
              resource: `arn:aws:ssm:${region}:${w.plan.accountId}:document/${document}`,
              principalArn: who.arn,
            });
            const expected = grant.role === "admin" && grant.clients.includes("session-manager") ? "Allowed" : "ImplicitlyDenied";
            assert.equal(decision, expected, `${stack} ${grant.name} ${principal.type}/${principal.name} ${region}`);
          }
        }
      }
    });
  }
});
