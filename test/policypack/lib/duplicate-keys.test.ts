// Duplicate JSON keys: the classic provider hands documents over as JSON text, where a key can
// be written twice; JSON.parse keeps the last one silently. The pack reports it, and the scan
// never crashes or hangs, whatever the text.
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { duplicateKeys } from "../../../policypack/lib/duplicateKeys";
import { parseDocument } from "../../../policypack/lib/document";
import { requireReadablePolicyDocument } from "../../../policypack/rules/hygiene";
import { runRule } from "../support";

describe("duplicate JSON keys", () => {
  // A Deny that reads as a Deny to a reviewer, and is an Allow to JSON.parse.
  const twoEffects = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ssm:StartSession","Resource":"*","Effect":"Allow"}]}';

  it("reports a key written twice in a statement, with where it is; the document reads the last value", async () => {
    assert.equal(parseDocument(twoEffects).statements[0].effect, "Allow");
    assert.deepEqual(parseDocument(twoEffects).duplicateKeys, ['"Effect" in Statement[0]']);
    assert.deepEqual(await runRule(requireReadablePolicyDocument, aws.iam.Policy, { policy: twoEffects }), [
      'the document writes key "Effect" in Statement[0] more than once in the same object: only the last value counts, the earlier ones are silently dropped, so the document does not say what it seems to. Fix: keep one of them (merge lists into one array).',
    ]);
  });

  it("finds duplicates at the top level and in conditions; an escaped spelling is the same key, another letter case is not", () => {
    const doc =
      '{"Statement":[],"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"a","aws:SourceVpc":"b"}}}]}';
    assert.deepEqual(duplicateKeys(doc), [
      { key: "Statement", where: "the top level" },
      { key: "aws:SourceVpc", where: "Statement[0].Condition.StringEquals" },
    ]);
    // Escaped spellings of the same key are the same key; different letter case is not.
    assert.deepEqual(duplicateKeys('{"Effect":"Allow","Eff\\u0065ct":"Deny","effect":"x"}'), [{ key: "Effect", where: "the top level" }]);
    // Keys in different objects, or strings that look like keys inside values, are not duplicates.
    assert.deepEqual(duplicateKeys('[{"a":1},{"a":2},{"b":"\\"a\\":","c":["a","a"]}]'), []);
  });

  it("says nothing about documents without duplicates or given as objects", async () => {
    const ok = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}';
    assert.equal(parseDocument(ok).duplicateKeys, undefined);
    assert.deepEqual(await runRule(requireReadablePolicyDocument, aws.iam.Policy, { policy: ok }), []);
    assert.equal(parseDocument(JSON.parse(ok)).duplicateKeys, undefined);
  });

  it("never crashes or hangs on deep, long or hostile text", () => {
    // 200,000 levels of nesting: JSON.parse may refuse it, the scan itself never recurses.
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    assert.deepEqual(duplicateKeys(deep), []);
    assert.doesNotThrow(() => parseDocument(deep));
    // 50,000 repetitions of one key: reported once, at most `max` distinct findings.
    const many = "{" + Array.from({ length: 50_000 }, (_, i) => `"k":${i}`).join(",") + "}";
    assert.deepEqual(duplicateKeys(many), [{ key: "k", where: "the top level" }]);
    const distinct = "{" + Array.from({ length: 100 }, (_, i) => `"k${i}":1,"k${i}":2`).join(",") + "}";
    assert.equal(duplicateKeys(distinct).length, 20);
    // Unterminated strings and stray brackets end the scan without an exception.
    assert.doesNotThrow(() => duplicateKeys('{"a":"\\'));
    assert.doesNotThrow(() => duplicateKeys("}}]]{"));
  });
});
