// policypack/README.md documents every rule of the pack, as the pack itself describes it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import type { Policies } from "@pulumi/policy";
import { policies } from "../../policypack/policies";
import { BEGIN, END, README, rulesTable, withRulesTable } from "../../policypack/tools/rulesTable";

describe("policypack/README.md", () => {
  const readme = fs.readFileSync(README, "utf8");

  it("has the rules table generated from the pack (run `npm run readme` when this fails)", () => {
    assert.equal(withRulesTable(readme, rulesTable(policies)), readme);
  });

  it("lists every rule of the pack once, with its default level and config keys", () => {
    const section = readme.slice(readme.indexOf(BEGIN), readme.indexOf(END));
    for (const p of policies as Policies) {
      const rows = section.split("\n").filter((l) => l.startsWith(`| \`${p.name}\` |`));
      assert.equal(rows.length, 1, p.name);
      assert.ok(rows[0].includes(`| ${p.enforcementLevel} |`), p.name);
      for (const key of Object.keys(p.configSchema?.properties ?? {})) assert.ok(rows[0].includes(`\`${key}\``), `${p.name}: ${key}`);
    }
  });

  it("keeps table cells intact: pipes escaped, tags and line breaks neutralised, defaults shown", () => {
    const table = rulesTable([
      {
        name: "require-x",
        description: "a | b on ssm:resourceTag/<key>\nnext line",
        enforcementLevel: "advisory",
        configSchema: { properties: { ports: { type: "array", default: [22] }, max: { type: "integer" } } },
        validateResource: () => undefined,
      },
    ]);
    assert.equal(
      table.split("\n").pop(),
      "| `require-x` | advisory | — | a \\| b on ssm:resourceTag/&lt;key&gt; next line | `ports` (`[22]`), `max` |",
    );
  });
});
