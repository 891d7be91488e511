// The README's inputs tables are the schema's: regenerate them with `npm run readme:inputs`
// when config/schema.ts changes.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { INPUTS_END, INPUTS_START, inputsTables } from "../../config/inputsTable";

const README = path.resolve(__dirname, "..", "..", "..", "README.md");

describe("README inputs tables", () => {
  it("hold exactly what config/schema.ts accepts", () => {
    const text = fs.readFileSync(README, "utf8");
    const start = text.indexOf(INPUTS_START);
    const end = text.indexOf(INPUTS_END);
    assert.ok(start >= 0 && end > start, "README has the generated block");
    assert.equal(
      text.slice(start, end + INPUTS_END.length),
      inputsTables(),
      "README is stale: run `npm run readme:inputs` and paste its output",
    );
  });

  it("name every section with its types, defaults and required keys", () => {
    const t = inputsTables();
    for (const section of ["serialConsole", "instanceConnect", "sessionManager", "organization", "alerts"])
      assert.ok(t.includes(`\`ec2-access:${section}\` (optional):`), section);
    assert.ok(t.includes("| `ec2-access:environment` | string |  | yes |"));
    assert.ok(t.includes('| `accountAccess` | "enabled" \\| "disabled" \\| "unmanaged" | `"unmanaged"` | no |'));
    assert.ok(t.includes("| `grants[].osUsers` | string[] |  | yes |"));
  });
});
