import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { enforceInlinePolicySizePerPrincipal as inlineRule } from "../../../policypack/rules/guardrails/enforce-inline-policy-size-per-principal";
import { enforceManagedPolicySize as managedRule } from "../../../policypack/rules/guardrails/enforce-managed-policy-size";
import { enforceScpSize as scpRule } from "../../../policypack/rules/guardrails/enforce-scp-size";
import { countIamCharacters } from "../../../policypack/rules/guardrails/policySize";
import type { SeedDocument } from "../support";
import {
  UnknownValueError,
  assertMetadata,
  instanceConnect,
  runRule,
  runStackRule,
  serialConsoleEn,
  serialConsoleJa,
  sessionManagerQuickstart,
  unknown,
} from "../support";

const allSeeds: [string, SeedDocument][] = [
  ...Object.entries(serialConsoleEn).map(([k, d]) => [`000.${k}`, d] as [string, SeedDocument]),
  ...Object.entries(serialConsoleJa).map(([k, d]) => [`001.${k}`, d] as [string, SeedDocument]),
  ...Object.entries(instanceConnect).map(([k, d]) => [`002.${k}`, d] as [string, SeedDocument]),
  ...Object.entries(sessionManagerQuickstart).map(([k, d]) => [`004.${k}`, d] as [string, SeedDocument]),
];

/** A document of exactly `size` IAM characters (white space not counted), pretty-printed. */
function documentOfSize(size: number): string {
  const base = { Version: "2012-10-17", Statement: [{ Sid: "", Effect: "Allow", Action: "ssm:DescribeSessions", Resource: "*" }] };
  const pad = size - JSON.stringify(base).length;
  assert.ok(pad >= 0);
  base.Statement[0].Sid = "A".repeat(pad);
  const text = JSON.stringify(base, null, 4);
  assert.equal(countIamCharacters(text), size);
  return text;
}

describe("policy size counting", () => {
  it("counts every character inside strings and none of the white space outside", () => {
    assert.equal(countIamCharacters('{ "a" : "b c" }'), '{"a":"b c"}'.length);
    assert.equal(countIamCharacters('{"a":"say \\"hi\\" "}'), '{"a":"say \\"hi\\" "}'.length);
    assert.equal(countIamCharacters('{\n\t"k": [ 1 ,\r\n 2 ]\n}'), '{"k":[1,2]}'.length);
    assert.equal(countIamCharacters('{"e":"\u{1F600}"}'), 9, "a surrogate pair is one character");
    assert.equal(countIamCharacters('"unterminated  '), 15);
  });
});

describe("enforce-managed-policy-size", () => {
  const run = (policy: unknown, config?: Record<string, unknown>) => runRule(managedRule, aws.iam.Policy, { policy }, { config });

  it("has its metadata", () => {
    assertMetadata(managedRule, {
      name: "enforce-managed-policy-size",
      severity: "medium",
      enforcementLevel: "mandatory",
      configKeys: ["maxCharacters"],
    });
  });

  for (const [name, doc] of allSeeds) {
    it(`passes seed ${name}`, async () => {
      assert.deepEqual(await run(JSON.stringify(doc, null, 4)), []);
      assert.deepEqual(await run(doc), [], "as an object");
    });
  }

  it("passes exactly 6,144 characters however much white space, and flags 6,145", async () => {
    assert.deepEqual(await run(documentOfSize(6144)), []);
    assert.deepEqual(await run(documentOfSize(6145)), [
      'Managed policy document is 6,145 characters (white space not counted), over the limit of 6,144: CreatePolicy fails with LimitExceeded. Largest: statement 0 (Sid "' +
        "A".repeat(64) +
        '"): 6,106. Split it into several managed policies or merge statements that share Effect, Resource and Condition.',
    ]);
  });

  it("flags against a lower configured limit and says IAM's", async () => {
    const [message] = await run(documentOfSize(3000), { maxCharacters: 2000 });
    assert.match(
      message,
      /^Managed policy document is 3,000 characters \(white space not counted\), over the limit of 2,000 \(IAM's limit is 6,144\): /,
    );
  });

  it("leaves unreadable values to the document rules and raises UnknownValueError for unknowns", async () => {
    assert.deepEqual(await run(42), []);
    assert.deepEqual(await run(undefined), []);
    await assert.rejects(run(unknown.string), (e: unknown) => e instanceof UnknownValueError);
  });
});

describe("enforce-scp-size", () => {
  const run = (props: Record<string, unknown>) => runRule(scpRule, aws.organizations.Policy, props);
  const scp = (size: number, indent?: number) => {
    const base = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "ec2:EnableSerialConsoleAccess", Resource: "*", Sid: "" }],
    };
    base.Statement[0].Sid = "B".repeat(size - JSON.stringify(base).length);
    return JSON.stringify(base, null, indent);
  };

  it("has its metadata", () => {
    assertMetadata(scpRule, { name: "enforce-scp-size", severity: "medium", enforcementLevel: "mandatory", configKeys: ["maxCharacters"] });
  });

  it("passes the serial console seed documents as SCPs and 5,120 characters exactly", async () => {
    for (const [, doc] of allSeeds.slice(0, 8)) assert.deepEqual(await run({ content: JSON.stringify(doc, null, 2) }), []);
    assert.deepEqual(await run({ content: scp(5120) }), []);
  });

  it("counts white space, and says when compact JSON would fit", async () => {
    const pretty = scp(5100, 4);
    const [message] = await run({ content: pretty, type: "SERVICE_CONTROL_POLICY" });
    assert.equal(
      message,
      `Service control policy is ${pretty.length.toLocaleString("en-US")} characters (white space included), over the limit of 5,120: CreatePolicy fails with "maximum policy size". Without white space it would be 5,100: send it as compact JSON. Largest: statement 0 (Sid "${"B".repeat(64)}"): 5,061. Merge statements or split it into several SCPs.`,
    );
    assert.equal((await run({ content: scp(5121) })).length, 1);
  });

  it("leaves other Organizations policy types alone", async () => {
    assert.deepEqual(await run({ content: scp(9000), type: "TAG_POLICY" }), []);
  });
});

describe("enforce-inline-policy-size-per-principal", () => {
  const doc = (size: number) => JSON.stringify(JSON.parse(documentOfSize(size)));

  it("has its metadata", () => {
    assertMetadata(inlineRule, {
      name: "enforce-inline-policy-size-per-principal",
      severity: "medium",
      enforcementLevel: "mandatory",
      configKeys: ["maxUserCharacters", "maxGroupCharacters", "maxRoleCharacters"],
    });
  });

  it("passes every seed document as inline policies of one role, one user and one group", async () => {
    const resources = allSeeds.flatMap(([name, d], i) => [
      { cls: aws.iam.RolePolicy, props: { role: "sre", name: `r${i}`, policy: JSON.stringify(d) }, name: `role-${name}` },
    ]);
    assert.deepEqual(await runStackRule(inlineRule, resources), []);
    for (const [name, d] of allSeeds) {
      assert.deepEqual(
        await runStackRule(inlineRule, [{ cls: aws.iam.UserPolicy, props: { user: "alice", name: "p", policy: JSON.stringify(d) } }]),
        [],
        name,
      );
    }
  });

  it("sums a role's RolePolicy resources and inlinePolicies, counting a policy named twice once", async () => {
    const resources = [
      { cls: aws.iam.Role, props: { name: "sre", inlinePolicies: [{ name: "a", policy: doc(4000) }, {}] }, name: "sre" },
      { cls: aws.iam.RolePolicy, props: { role: "sre", name: "a", policy: doc(4000) }, name: "a" },
      { cls: aws.iam.RolePolicy, props: { role: "arn:aws:iam::111122223333:role/ops/sre", name: "b", policy: doc(6241) }, name: "b" },
      { cls: aws.iam.RolePolicy, props: { role: "other", name: "c", policy: doc(9000) }, name: "c" },
    ];
    assert.deepEqual(await runStackRule(inlineRule, resources), [
      {
        urn: "urn:pulumi:dev::ec2-access::aws:iam/role:Role::sre",
        message:
          "Role sre: its 2 inline policies total 10,241 characters (white space not counted; b: 6,241, a: 4,000), over the limit of 10,240 for a role's inline policies together: PutRolePolicy fails with LimitExceeded. Move statements into customer managed policies attached to the role.",
      },
    ]);
  });

  it("applies the user and group limits", async () => {
    const out = await runStackRule(inlineRule, [
      { cls: aws.iam.UserPolicy, props: { user: "alice", name: "p1", policy: doc(1500) }, name: "p1" },
      { cls: aws.iam.UserPolicy, props: { user: "alice", name: "p2", policy: doc(600) }, name: "p2" },
      { cls: aws.iam.GroupPolicy, props: { group: "ops", name: "g", policy: doc(5121) }, name: "g" },
    ]);
    assert.deepEqual(
      out.map((v) => v.message),
      [
        "Group ops: its 1 inline policy totals 5,121 characters (white space not counted; g: 5,121), over the limit of 5,120 for a group's inline policies together: PutGroupPolicy fails with LimitExceeded. Move statements into customer managed policies attached to the group.",
        "User alice: its 2 inline policies total 2,100 characters (white space not counted; p1: 1,500, p2: 600), over the limit of 2,048 for a user's inline policies together: PutUserPolicy fails with LimitExceeded. Move statements into customer managed policies attached to the user.",
      ],
    );
    assert.equal(
      out[1].urn,
      "urn:pulumi:dev::ec2-access::aws:iam/userPolicy:UserPolicy::p1",
      "reported on the largest policy when the principal is not in the stack",
    );
  });

  it("judges what is known during preview, then raises UnknownValueError", async () => {
    const resources = [
      { cls: aws.iam.UserPolicy, props: { user: "alice", name: "p1", policy: doc(2100) }, name: "p1" },
      { cls: aws.iam.UserPolicy, props: { user: "bob", name: "p2", policy: unknown.string }, name: "p2" },
    ];
    await assert.rejects(runStackRule(inlineRule, resources), (e: unknown) => e instanceof UnknownValueError);
  });
});
