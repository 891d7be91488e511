// The layer rules (eslint.layers.mjs) fail on an import that goes the wrong way: a document
// builder that imports from config/, a model module that imports from documents/. Run with the
// repository's own rules, on planted text, without the type-aware setup (fast, same rules).
import assert from "node:assert/strict";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";

const ROOT = path.resolve(__dirname, "../../..");

async function lintAs(file: string, text: string): Promise<ESLint.LintResult> {
  const { layers } = (await import(pathToFileURL(path.join(ROOT, "eslint.layers.mjs")).href)) as { layers: object[] };
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser as never } }, ...(layers as never[])],
  });
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  return result;
}

const ruleMessages = (r: ESLint.LintResult) => r.messages.map((m) => `${m.ruleId}: ${m.message}`);

describe("lint: the layers' import rules", () => {
  it("fails when a document builder imports from config/, even a type, and says what to import instead", async () => {
    const result = await lintAs(
      "documents/planted.ts",
      'import type { StackConfig } from "../config/load";\nexport type X = StackConfig;\n',
    );
    assert.equal(result.errorCount, 1, ruleMessages(result).join("\n"));
    assert.match(
      ruleMessages(result)[0],
      /^no-restricted-imports: .*documents\/ take the model \(model\/\) and import nothing from config\//,
    );
  });

  it("fails when a document builder imports from components/", async () => {
    const result = await lintAs("documents/planted.ts", 'import { iamName } from "../components/context";\nexport const x = iamName;\n');
    assert.equal(result.errorCount, 1, ruleMessages(result).join("\n"));
  });

  it("fails when the model imports from documents/", async () => {
    const result = await lintAs(
      "model/planted.ts",
      'import { policySize } from "../documents/policyDocument";\nexport const x = policySize;\n',
    );
    assert.equal(result.errorCount, 1, ruleMessages(result).join("\n"));
    assert.match(ruleMessages(result)[0], /model\/ is the bottom layer/);
  });

  it("passes a document builder that imports the model and its own layer", async () => {
    const text =
      'import type { Target } from "../model/target";\nimport { statement } from "./policyDocument";\nexport const x = (t?: Target) => [t, statement];\n';
    const result = await lintAs("documents/planted.ts", text);
    assert.equal(result.errorCount, 0, ruleMessages(result).join("\n"));
  });

  it("passes the document builders and the model as they are", async () => {
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser as never } },
        ...((await import(pathToFileURL(path.join(ROOT, "eslint.layers.mjs")).href)) as { layers: never[] }).layers,
      ],
    });
    const results = await eslint.lintFiles(["documents/**/*.ts", "model/**/*.ts"]);
    assert.ok(results.length > 10);
    assert.deepEqual(
      results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}: ${m.message}`)),
      [],
    );
  });
});
