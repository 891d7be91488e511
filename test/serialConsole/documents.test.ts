import assert from "node:assert/strict";
import type { PolicyDocument } from "../../documents/policyDocument";
import { renderCompact } from "../../documents/policyDocument";
import type { ArnScope } from "../../documents/arn";
import { SEND_SERIAL_CONSOLE_KEY, serialConsoleAdminDocument, serialConsoleGrantDocument } from "../../documents/serialConsole";
import type { Target } from "../../model/target";
import * as seeds from "./seeds";

const scope: ArnScope = { partition: "aws", accountId: seeds.ACCOUNT };
const grant = (target: Target, denyInstanceIds: string[] = [], regions = [seeds.REGION]) =>
  serialConsoleGrantDocument({ scope, regions, target, denyInstanceIds });

/** Every (effect, action, resource, condition) a document grants or denies, statement layout aside. */
function pairs(doc: PolicyDocument): string[] {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return doc.Statement.flatMap((s) =>
    list(s.Action).flatMap((a) => list(s.Resource).map((r) => `${s.Effect} ${a} ${r} ${JSON.stringify(s.Condition ?? {})}`)),
  ).sort();
}

const isSend = (pair: string) => pair.split(" ")[1] === SEND_SERIAL_CONSOLE_KEY;
const ALL_INSTANCES = `arn:aws:ec2:${seeds.REGION}:${seeds.ACCOUNT}:instance/*`;

describe("serial console documents against the seed pages", () => {
  it("EN admin policy: exactly the page's document", () => {
    assert.deepEqual(serialConsoleAdminDocument(), seeds.seed(seeds.EN_ADMIN));
  });

  it("JA admin policy: the same document as EN", () => {
    assert.deepEqual(serialConsoleAdminDocument(), seeds.seed(seeds.JA_ADMIN));
  });

  it("JA explicit allow: exactly the page's document for an instance-ID grant", () => {
    assert.deepEqual(grant({ kind: "instanceIds", instanceIds: [seeds.INSTANCE] }), seeds.seed(seeds.JA_EXPLICIT_ALLOW));
  });

  it("JA tag-based: exactly the page's document for a principal-tag grant", () => {
    assert.deepEqual(grant({ kind: "principalTag", key: "SerialConsole" }), seeds.seed(seeds.JA_TAG_BASED));
  });

  // The EN form puts the describe actions on the instance ARN, where they never apply (no
  // resource-level permissions): we do not produce it. Everything it grants on the connect
  // action we grant identically; the describe actions move to "*".
  it("EN explicit allow: same connect permission; describe actions moved to * as the JA page does", () => {
    const en = pairs(seeds.seed(seeds.EN_EXPLICIT_ALLOW));
    const expected = en.map((p) => (isSend(p) ? p : p.replace(/ arn:\S+ /, " * "))).sort();
    assert.deepEqual(pairs(grant({ kind: "instanceIds", instanceIds: [seeds.INSTANCE] })), expected);
  });

  // "Allow all, deny one": the Deny statement is the page's, byte for byte; the allow is
  // narrowed from "*" to the stack's account and Region, and split as on the JA page.
  for (const [lang, text] of [
    ["EN", seeds.EN_EXPLICIT_DENY],
    ["JA", seeds.JA_EXPLICIT_DENY],
  ] as const) {
    it(`${lang} explicit deny: the page's Deny statement exactly; the connect allow narrowed to this account's instances`, () => {
      const page = seeds.seed(text);
      const ours = grant({ kind: "allInstances" }, [seeds.INSTANCE]);
      assert.deepEqual(
        ours.Statement.find((s) => s.Effect === "Deny"),
        page.Statement.find((s) => s.Effect === "Deny"),
      );
      const expected = pairs(page)
        .map((p) => (isSend(p) && p.startsWith("Allow") ? p.replace(" * ", ` ${ALL_INSTANCES} `) : p))
        .sort();
      assert.deepEqual(pairs(ours), expected);
    });
  }

  // The EN tag-based form conditions the describe actions on aws:ResourceTag, which they do not
  // support: under that condition they are never allowed. We keep the condition on the connect
  // action only, on this account's instances instead of "*".
  it("EN tag-based: same condition on the connect action; describe actions unconditioned", () => {
    const expected = pairs(seeds.seed(seeds.EN_TAG_BASED))
      .map((p) => (isSend(p) ? p.replace(" * ", ` ${ALL_INSTANCES} `) : p.replace(/ \{.*\}$/, " {}")))
      .sort();
    assert.deepEqual(pairs(grant({ kind: "principalTag", key: "SerialConsole" })), expected);
  });
});

describe("serial console grant documents", () => {
  it("names every instance in every Region of the stack, and denies the denied ones in each", () => {
    const doc = grant(
      { kind: "instanceIds", instanceIds: ["i-1234567890abcdef0", seeds.INSTANCE] },
      ["i-0abcdef1234567890"],
      ["us-east-1", "eu-west-1"],
    );
    assert.deepEqual(doc.Statement.slice(1), [
      {
        Sid: "AllowinstanceBasedSerialConsoleAccess",
        Effect: "Allow",
        Action: SEND_SERIAL_CONSOLE_KEY,
        Resource: [
          "arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0",
          "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
          "arn:aws:ec2:eu-west-1:111122223333:instance/i-1234567890abcdef0",
          "arn:aws:ec2:eu-west-1:111122223333:instance/i-0598c7d356eba48d7",
        ],
      },
      {
        Sid: "DenySerialConsoleAccess",
        Effect: "Deny",
        Action: SEND_SERIAL_CONSOLE_KEY,
        Resource: [
          "arn:aws:ec2:us-east-1:111122223333:instance/i-0abcdef1234567890",
          "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abcdef1234567890",
        ],
      },
    ]);
  });

  it("fixed tags: one StringEquals block, keys ANDed and values ORed", () => {
    const doc = grant({ kind: "tags", tags: { Team: ["web", "api"], Env: ["prod"] } });
    assert.deepEqual(doc.Statement[1], {
      Sid: "AllowTagBasedSerialConsoleAccess",
      Effect: "Allow",
      Action: SEND_SERIAL_CONSOLE_KEY,
      Resource: ALL_INSTANCES,
      Condition: { StringEquals: { "aws:ResourceTag/Team": ["web", "api"], "aws:ResourceTag/Env": "prod" } },
    });
  });

  it("uses the partition of the stack (GovCloud)", () => {
    const doc = serialConsoleGrantDocument({
      scope: { partition: "aws-us-gov", accountId: seeds.ACCOUNT },
      regions: ["us-gov-west-1"],
      target: { kind: "allInstances" },
      denyInstanceIds: [],
    });
    assert.equal(doc.Statement[1].Resource, "arn:aws-us-gov:ec2:us-gov-west-1:111122223333:instance/*");
  });

  it("renders compactly to the same JSON for the same grant (quiet diffs)", () => {
    const t: Target = { kind: "tags", tags: { Team: ["web"] } };
    assert.equal(renderCompact(grant(t, [seeds.INSTANCE])), renderCompact(grant(t, [seeds.INSTANCE])));
  });
});
