import assert from "node:assert/strict";
import { readYaml } from "../../../policypack/rules/sessionManager/yamlSubset";

describe("yamlSubset (the preferences rules' YAML reader)", () => {
  it("reads block mappings, sequences, quoted and typed scalars, comments and block scalars", () => {
    const text = [
      "# preferences",
      "schemaVersion: '1.0'",
      'description: "a \\"quoted\\" text"',
      "sessionType: Standard_Stream",
      "inputs:",
      "  s3EncryptionEnabled: true",
      "  idleSessionTimeout: 20   # minutes",
      "  url: http://example.com/#frag",
      "  list:",
      "    - a",
      "    - key: v",
      "      other: w",
      "  empty: {}",
      '  flow: ["x", "y"]',
      "  script: >-",
      "    one",
      "    two",
      "  nothing:",
    ].join("\n");
    assert.deepEqual(readYaml(text), {
      schemaVersion: "1.0",
      description: 'a "quoted" text',
      sessionType: "Standard_Stream",
      inputs: {
        s3EncryptionEnabled: true,
        idleSessionTimeout: 20,
        url: "http://example.com/#frag",
        list: ["a", { key: "v", other: "w" }],
        empty: {},
        flow: ["x", "y"],
        script: "one two",
        nothing: null,
      },
    });
  });

  it("returns undefined for what it does not support instead of guessing", () => {
    for (const text of ["a: &x 1\nb: *x", "a: !!str 1", "a: 1\na: 2", "a:\n  b: 1\n c: 2", "a: {b: 1}", "a: 'open\n  quote'"]) {
      assert.equal(readYaml(text), undefined, text);
    }
  });

  it("never throws", () => {
    for (const text of [
      "",
      ":",
      "- - -",
      "\t\ta: 1",
      "a: [",
      "'",
      '"\\u12"',
      "a:\n\n\n  - b\n -c",
      "x".repeat(100000),
      "a:\n" + "  ".repeat(5000) + "b: 1",
    ]) {
      assert.doesNotThrow(() => readYaml(text));
    }
    assert.equal(readYaml(42 as unknown as string), undefined);
  });
});
