// The Pulumi.yaml config declarations come from the schema, in the types Pulumi accepts.
import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { projectConfigSchema, renderProjectConfig, undeclarableKeys } from "../../config/projectSchema";
import { projectKeys } from "../../config/schema";

describe("Pulumi.yaml config declarations", () => {
  it("declares the scalar and list keys with Pulumi's types, descriptions and defaults", () => {
    const schema = projectConfigSchema();
    assert.deepEqual(Object.keys(schema), ["environment", "accountId", "regions", "maxManagedPoliciesPerPrincipal"]);
    assert.equal(schema.environment.type, "string");
    assert.deepEqual([schema.regions.type, schema.regions.items], ["array", { type: "string" }]);
    assert.deepEqual([schema.maxManagedPoliciesPerPrincipal.type, schema.maxManagedPoliciesPerPrincipal.default], ["integer", 10]);
    for (const [name, d] of Object.entries(schema)) {
      assert.ok(["string", "integer", "boolean", "array"].includes(d.type), `${name}: ${d.type}`);
      assert.ok(d.description.length > 10, `${name} has a description`);
    }
  });

  it("lists the map-valued sections, which Pulumi cannot declare, separately; together they are every key", () => {
    assert.deepEqual(Object.keys(undeclarableKeys()), ["serialConsole", "instanceConnect", "sessionManager", "organization"]);
    assert.deepEqual([...Object.keys(projectConfigSchema()), ...Object.keys(undeclarableKeys())].sort(), Object.keys(projectKeys.shape).sort());
  });

  it("renders a config: block that parses back to the declarations", () => {
    assert.deepEqual(parse(renderProjectConfig()), { config: projectConfigSchema() });
  });
});
