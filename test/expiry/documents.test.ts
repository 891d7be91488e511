// A grant's `expires` as IAM reads it: every Allow statement of the grant's document ends at the
// date (aws:CurrentTime DateLessThan), merged into the statement's own conditions; Deny
// statements keep denying. Then the simulator on both sides of the boundary.
import assert from "node:assert/strict";
import { I1, I2, load, problems } from "../config/helpers";
import type { GrantStack } from "../../documents/grantDocuments";
import {
  grantDocumentForInstanceConnect,
  grantDocumentForSerialConsole,
  grantDocumentForSessionManager,
} from "../../documents/grantDocuments";
import { grantPolicyLayouts } from "../../documents/grantPolicyCounts";
import { SEND_SERIAL_CONSOLE_KEY } from "../../documents/serialConsole";
import { simulate } from "../support/iamSimulator";
import { instanceId } from "../../bench/stacks";

const END = "2027-01-31T18:00:00Z";
const STACK: GrantStack = { regions: ["us-east-1"], region: "us-east-1", partition: "aws" };
const SCOPE = { partition: "aws", accountId: "111122223333" };
const principals = { groups: ["oncall"] };

describe("expiring grants: configuration", () => {
  const refused = (expires: unknown) =>
    problems({ serialConsole: { grants: [{ name: "oncall", principals, instanceIds: [I1], expires }] } });
  const EXPECTED = "expected an ISO 8601 date and time in UTC, e.g. 2027-01-31T18:00:00Z";

  for (const value of ["2027-01-31", "2027-01-31T18:00:00+01:00", "2027-01-31 18:00:00Z", "31/01/2027", "2027-01-31T18:00Z"]) {
    it(`refuses ${JSON.stringify(value)}, naming the key and the value`, () => {
      assert.deepEqual(refused(value), [`ec2-access:serialConsole.grants[0].expires: got ${JSON.stringify(value)}; ${EXPECTED}`]);
    });
  }

  it("refuses a date that does not exist", () => {
    assert.deepEqual(refused("2027-02-30T00:00:00Z"), [
      `ec2-access:serialConsole.grants[0].expires: got "2027-02-30T00:00:00Z"; ${EXPECTED} (a date that exists)`,
    ]);
  });

  it("refuses a YAML date that is not a string", () => {
    assert.deepEqual(refused(20270131), [`ec2-access:serialConsole.grants[0].expires: got 20270131; ${EXPECTED}`]);
  });

  it("accepts it on a grant of every section", () => {
    const c = load({
      serialConsole: { grants: [{ name: "a", principals, instanceIds: [I1], expires: END }] },
      instanceConnect: { grants: [{ name: "b", principals, osUsers: ["ec2-user"], instanceIds: [I1], expires: END }] },
      sessionManager: { grants: [{ name: "c", principals, instanceIds: [I1], expires: "2027-01-31T18:00:00.500Z" }] },
    });
    assert.deepEqual(
      [c.serialConsole!.grants[0].expires, c.instanceConnect!.grants[0].expires, c.sessionManager!.grants[0].expires],
      [END, END, "2027-01-31T18:00:00.500Z"],
    );
  });
});

describe("expiring grants: documents", () => {
  it("serial console: the Allow statements end, the Deny of denyInstanceIds does not", () => {
    const c = load({ serialConsole: { denyInstanceIds: [I2], grants: [{ name: "oncall", principals, instanceIds: [I1], expires: END }] } });
    const { document } = grantDocumentForSerialConsole(c.serialConsole!, c.serialConsole!.grants[0], STACK);
    const doc = document(SCOPE, undefined);
    for (const s of doc.Statement) {
      if (s.Effect === "Allow") assert.deepEqual(s.Condition?.DateLessThan, { "aws:CurrentTime": END }, JSON.stringify(s));
      else assert.equal(s.Condition, undefined, JSON.stringify(s));
    }
    assert.ok(
      doc.Statement.some((s) => s.Effect === "Deny"),
      "the grant has a Deny statement to leave alone",
    );
  });

  it("instance connect: merged into the statement's own ec2:osuser condition, Condition still last", () => {
    const c = load({ instanceConnect: { grants: [{ name: "web", principals, osUsers: ["ec2-user"], instanceIds: [I1], expires: END }] } });
    const doc = grantDocumentForInstanceConnect(c.instanceConnect!, c.instanceConnect!.grants[0], STACK).document(SCOPE, undefined);
    assert.deepEqual(doc.Statement[0], {
      Effect: "Allow",
      Action: "ec2-instance-connect:SendSSHPublicKey",
      Resource: `arn:aws:ec2:us-east-1:111122223333:instance/${I1}`,
      Condition: { StringEquals: { "ec2:osuser": "ec2-user" }, DateLessThan: { "aws:CurrentTime": END } },
    });
  });

  it("session manager: every Allow statement ends, including the ones on sessions and documents", () => {
    const c = load({ sessionManager: { grants: [{ name: "app", principals, tags: { Team: "app" }, expires: END }] } });
    const doc = grantDocumentForSessionManager(c.sessionManager!, c.sessionManager!.grants[0], { kind: "none" }, STACK).document(SCOPE, []);
    const allows = doc.Statement.filter((s) => s.Effect === "Allow");
    assert.ok(allows.length >= 3);
    for (const s of allows) assert.equal(s.Condition?.DateLessThan?.["aws:CurrentTime"], END, JSON.stringify(s));
  });

  it("without expires, the document is the one the builder makes", () => {
    const c = load({ serialConsole: { grants: [{ name: "oncall", principals, instanceIds: [I1] }] } });
    const doc = grantDocumentForSerialConsole(c.serialConsole!, c.serialConsole!.grants[0], STACK).document(SCOPE, undefined);
    assert.ok(!JSON.stringify(doc).includes("CurrentTime"));
  });

  it("the bound counts in the policy's size: a grant that just fits in one policy needs two with it", () => {
    // The largest grant that still fits one policy without the bound, by bisection.
    const ids = (n: number) => Array.from({ length: n }, (_, i) => instanceId(i));
    const parts = (expires?: string) => (n: number) =>
      grantPolicyLayouts(
        load({ serialConsole: { grants: [{ name: "big", principals, instanceIds: ids(n), ...(expires && { expires }) }] } }),
      ).policiesPerGrant("serialConsole", "big");
    let [n, over] = [1, 200];
    assert.equal(parts()(over) > 1, true);
    while (over - n > 1) {
      const mid = (n + over) >> 1;
      if (parts()(mid) === 1) n = mid;
      else over = mid;
    }
    assert.equal(parts()(n), 1);
    assert.equal(parts(END)(n), 2, `${n} instances`);
  });
});

describe("expiring grants: simulated on both sides of the end", () => {
  const c = load({ serialConsole: { grants: [{ name: "oncall", principals, instanceIds: [I1], expires: END }] } });
  const policy = grantDocumentForSerialConsole(c.serialConsole!, c.serialConsole!.grants[0], STACK).document(SCOPE, undefined);
  const at = (time: string) =>
    simulate({
      identityPolicies: [policy],
      action: SEND_SERIAL_CONSOLE_KEY,
      resource: `arn:aws:ec2:us-east-1:111122223333:instance/${I1}`,
      context: { "aws:CurrentTime": time },
    });

  it("allows one second before the end", async () => {
    assert.equal(await at("2027-01-31T17:59:59Z"), "Allowed");
  });

  it("denies at the end and after it", async () => {
    assert.equal(await at(END), "ImplicitlyDenied");
    assert.equal(await at("2027-02-01T00:00:00Z"), "ImplicitlyDenied");
  });

  it("still denies other instances before the end", async () => {
    const other = await simulate({
      identityPolicies: [policy],
      action: SEND_SERIAL_CONSOLE_KEY,
      resource: `arn:aws:ec2:us-east-1:111122223333:instance/${I2}`,
      context: { "aws:CurrentTime": "2027-01-01T00:00:00Z" },
    });
    assert.equal(other, "ImplicitlyDenied");
  });
});

describe("expiring grants: a Session Manager grant simulated on both sides of the end", () => {
  const c = load({ sessionManager: { grants: [{ name: "app", principals, instanceIds: [I1], expires: END }] } });
  const policy = grantDocumentForSessionManager(c.sessionManager!, c.sessionManager!.grants[0], { kind: "none" }, STACK).document(
    SCOPE,
    [],
  );
  const start = (time: string) =>
    simulate({
      identityPolicies: [policy],
      action: "ssm:StartSession",
      resource: `arn:aws:ec2:us-east-1:111122223333:instance/${I1}`,
      context: { "aws:CurrentTime": time },
    });

  it("starts a session before the end, not at it", async () => {
    assert.equal(await start("2027-01-31T17:59:59Z"), "Allowed");
    assert.equal(await start(END), "ImplicitlyDenied");
  });
});
