// The Pulumi.yaml config declarations come from the schema, in the types Pulumi accepts.
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { projectConfigSchema, renderProjectConfig, undeclarableKeys } from "../../config/projectSchema";
import { projectKeys } from "../../model/schema";

describe("Pulumi.yaml config declarations", () => {
  it("declares the required and defaulted scalar keys with Pulumi's types, descriptions and defaults", () => {
    const schema = projectConfigSchema();
    assert.deepEqual(Object.keys(schema), ["environment", "maxManagedPoliciesPerPrincipal", "packGrants"]);
    assert.equal(schema.environment.type, "string");
    assert.equal(schema.environment.default, undefined);
    assert.deepEqual([schema.maxManagedPoliciesPerPrincipal.type, schema.maxManagedPoliciesPerPrincipal.default], ["integer", 10]);
    assert.deepEqual([schema.packGrants.type, schema.packGrants.default], ["boolean", false]);
    for (const [name, d] of Object.entries(schema)) {
      assert.ok(["string", "integer", "boolean", "array"].includes(d.type), `${name}: ${d.type}`);
      assert.ok(d.description.length > 10, `${name} has a description`);
    }
  });

  it("leaves out maps (no Pulumi type) and optional keys without default (declaring makes them required)", () => {
    assert.deepEqual(Object.keys(undeclarableKeys()), [
      "accountId",
      "regions",
      "serialConsole",
      "instanceConnect",
      "sessionManager",
      "organization",
      "alerts",
      "network",
    ]);
    assert.deepEqual(
      [...Object.keys(projectConfigSchema()), ...Object.keys(undeclarableKeys())].sort(),
      Object.keys(projectKeys().shape).sort(),
    );
  });

  it("matches the config: block of the project's Pulumi.yaml", () => {
    const project = parse(readFileSync(join(__dirname, "../../../Pulumi.yaml"), "utf8"));
    assert.deepEqual(project.config, projectConfigSchema());
  });

  it("renders a config: block that parses back to the declarations", () => {
    assert.deepEqual(parse(renderProjectConfig()), { config: projectConfigSchema() });
  });
});
