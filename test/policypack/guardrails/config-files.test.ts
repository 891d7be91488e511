// policypack/config/<stack>.json: every entry names a pack policy, uses only keys its schema
// declares, with values of the declared type and range; and the environments differ where the
// design says they must (serial console in dev and staging only, tighter sessions in prod).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import type { Policies } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";
import { restrictSessionIdleTimeout } from "../../../policypack/rules/sessionManager/restrict-session-idle-timeout";
import { runRule } from "../support";

const CONFIG_DIR = path.resolve(__dirname, "../../../../policypack/config");
const STACKS = ["dev", "staging", "prod", "org"];
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

type Schema = { type?: string; minimum?: number; maximum?: number; items?: Schema; enum?: unknown[] };

function read(stack: string): Record<string, Record<string, unknown>> {
  return JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, `${stack}.json`), "utf8")) as Record<string, Record<string, unknown>>;
}

function check(value: unknown, schema: Schema, where: string): void {
  switch (schema.type) {
    case "boolean":
      assert.equal(typeof value, "boolean", where);
      break;
    case "string":
      assert.equal(typeof value, "string", where);
      break;
    case "integer":
    case "number":
      assert.equal(typeof value, "number", where);
      if (schema.type === "integer") assert.ok(Number.isInteger(value), where);
      if (schema.minimum !== undefined) assert.ok((value as number) >= schema.minimum, `${where} >= ${schema.minimum}`);
      if (schema.maximum !== undefined) assert.ok((value as number) <= schema.maximum, `${where} <= ${schema.maximum}`);
      break;
    case "array":
      assert.ok(Array.isArray(value), where);
      (value as unknown[]).forEach((v, i) => schema.items && check(v, schema.items, `${where}[${i}]`));
      break;
  }
  if (schema.enum) assert.ok(schema.enum.includes(value), where);
}

describe("policypack/config/<stack>.json", () => {
  for (const stack of STACKS) {
    it(`${stack}.json configures every pack policy with keys and values its schema allows`, () => {
      const config = read(stack);
      const byName = new Map((policies as Policies).map((p) => [p.name, p]));
      assert.deepEqual(Object.keys(config).sort(), [...byName.keys()].sort(), "one entry per policy of the pack");
      for (const [name, entry] of Object.entries(config)) {
        const p = byName.get(name)!;
        assert.ok(LEVELS.includes(entry.enforcementLevel as string), `${stack}: ${name}.enforcementLevel`);
        for (const [key, value] of Object.entries(entry)) {
          if (key === "enforcementLevel") continue;
          const schema = p.configSchema?.properties?.[key] as Schema | undefined;
          assert.ok(schema, `${stack}: ${name}.${key} is declared in the policy's configSchema`);
          check(value, schema, `${stack}: ${name}.${key}`);
        }
      }
    });
  }

  it("lets dev and staging enable the serial console, and neither prod nor org", async () => {
    const rule = (policies as Policies).find((p) => p.name === "restrict-serial-console-account-setting");
    assert.ok(rule && "validateResource" in rule);
    for (const stack of STACKS) {
      const config = read(stack)["restrict-serial-console-account-setting"];
      const out = await runRule(rule, aws.ec2.SerialConsoleAccess, { enabled: true }, { stack, config });
      assert.equal(out.length, stack === "dev" || stack === "staging" ? 0 : 1, stack);
    }
  });

  it("holds prod's session preferences to 10 idle minutes and 60-minute sessions", async () => {
    const config = read("prod")["restrict-session-idle-timeout"];
    const doc = (idle: string, max: string) => ({
      documentType: "Session",
      content: JSON.stringify({
        schemaVersion: "1.0",
        sessionType: "Standard_Stream",
        inputs: { idleSessionTimeout: idle, maxSessionDuration: max },
      }),
    });
    assert.deepEqual(await runRule(restrictSessionIdleTimeout, aws.ssm.Document, doc("10", "60"), { stack: "prod", config }), []);
    assert.equal((await runRule(restrictSessionIdleTimeout, aws.ssm.Document, doc("20", "120"), { stack: "prod", config })).length, 2);
  });
});
