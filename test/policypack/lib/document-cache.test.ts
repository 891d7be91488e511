// parseDocument reads each document text once per run: several rules read the same document of
// the same resource, each through its own copy of the props. Proved here: the same text gives
// the same result object, frozen so that no rule can change what the next one reads; the
// engine's unknown sentinel is never remembered; and the memory is bounded (2,000 texts or
// 4,000,000 characters, oldest out first), so a stack of many documents costs re-reads only.
import assert from "node:assert/strict";
import { parseDocument } from "../../../policypack/lib";
import { UNKNOWN_STRING } from "../../../policypack/lib/unknown";

const doc = (sid: string) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Action: "ssm:StartSession", Resource: "*" }] });

describe("policypack/lib: documents read once", () => {
  it("gives the same frozen result for the same text, equal to a fresh read of it", () => {
    const text = doc("Once");
    const first = parseDocument(text);
    assert.equal(parseDocument(text), first);
    assert.deepEqual(first, parseDocument(JSON.parse(text)));
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.statements[0]) && Object.isFrozen(first.statements[0].actions));
    assert.throws(() => (first.statements[0].actions as string[]).push("ec2:*"), TypeError);
    assert.deepEqual(parseDocument(text).statements[0].actions, ["ssm:StartSession"]);
  });

  it("keeps a document with duplicate keys' finding for every reader", () => {
    const text = '{"Statement":[{"Effect":"Deny","Effect":"Allow","Action":"ssm:StartSession","Resource":"*"}]}';
    assert.deepEqual(parseDocument(text).duplicateKeys, ['"Effect" in Statement[0]']);
    assert.deepEqual(parseDocument(text).duplicateKeys, ['"Effect" in Statement[0]']);
  });

  it("never remembers the engine's unknown sentinel: every read of it raises the unknown", () => {
    for (let i = 0; i < 2; i++) assert.throws(() => parseDocument(UNKNOWN_STRING), /can.t be known during preview/);
  });

  it("forgets the oldest texts beyond 2,000 documents, and reads them again when asked", () => {
    const first = parseDocument(doc("Oldest"));
    for (let i = 0; i < 2_000; i++) parseDocument(doc(`Filler${i}`));
    const again = parseDocument(doc("Oldest"));
    assert.notEqual(again, first);
    assert.deepEqual(again, first);
  });

  it("forgets by characters held too: one text of a million characters does not stay with the rest", () => {
    const small = parseDocument(doc("Small"));
    const big = doc("B".repeat(990_000));
    for (let i = 0; i < 5; i++) parseDocument(big.replace('"Sid":"B', `"Sid":"${i}`));
    assert.notEqual(parseDocument(doc("Small")), small);
  });
});
