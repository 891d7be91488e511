// The real fixtures (see fixtures/README.md) and copies of them, in memory, with resources added
// for a test. An added resource is a clone of a real entry of the same file (same provider,
// parent, URN form), with its type, name and properties changed.
import * as fs from "node:fs";
import * as path from "node:path";

export const FIXTURES = path.resolve(__dirname, "..", "..", "..", "test", "checkStack", "fixtures");
export const EXPORT_FILE = path.join(FIXTURES, "sample-export.json");
export const PREVIEW_FILE = path.join(FIXTURES, "sample-preview-creates.json");

type Json = Record<string, any>;

export const readExport = (): Json => JSON.parse(fs.readFileSync(EXPORT_FILE, "utf8"));
export const readPreview = (): Json => JSON.parse(fs.readFileSync(PREVIEW_FILE, "utf8"));

/** The real role the Lambda handler runs as, and one of its real policy attachments. */
export const ROLE_NAME = "docsHandler-9eca035";
const ATTACHMENT_TYPE = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

export const document = (...statements: Json[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** A grant of Session Manager on every instance: what require-session-instance-scope forbids. */
export const BROAD_SESSION_GRANT = document({ Effect: "Allow", Action: "ssm:StartSession", Resource: "*" });

function renamed(template: Json, type: string, name: string): Json {
  const copy = structuredClone(template);
  const head = (copy.urn as string).split("::").slice(0, 2).join("::");
  const qualified = (copy.urn as string).split("::")[2].split("$").slice(0, -1).concat(type).join("$");
  copy.urn = `${head}::${qualified}::${name}`;
  copy.type = type;
  return copy;
}

/** An inline policy `name` on the real role, with `policy` as its document (or a secret of it). */
export function inlinePolicyEntry(template: Json, name: string, policy: unknown): Json {
  const entry = renamed(template, "aws:iam/rolePolicy:RolePolicy", name);
  entry.inputs = { __defaults: [], name, policy, role: ROLE_NAME };
  if (entry.outputs) entry.outputs = { id: `${ROLE_NAME}:${name}`, name, namePrefix: "", policy, role: ROLE_NAME };
  entry.propertyDependencies = { policy: [], role: entry.dependencies ?? [] };
  return entry;
}

/** A customer managed policy `name` with `policy` as its document. */
export function managedPolicyEntry(template: Json, name: string, policy: string): Json {
  const entry = renamed(template, "aws:iam/policy:Policy", name);
  delete entry.dependencies;
  entry.inputs = { __defaults: [], name, path: "/", policy };
  if (entry.outputs)
    entry.outputs = {
      arn: `arn:aws:iam::941377148201:policy/${name}`,
      id: `arn:aws:iam::941377148201:policy/${name}`,
      name,
      path: "/",
      policy,
      policyId: "ANPAEXAMPLE",
      tags: {},
      tagsAll: {},
    };
  return entry;
}

/** The stack export with `entries(template)` appended, the template being its first policy attachment. */
export function exportWith(entries: (template: Json) => Json[]): Json {
  const doc = readExport();
  const template = doc.deployment.resources.find((r: Json) => r.type === ATTACHMENT_TYPE);
  doc.deployment.resources.push(...entries(template));
  return doc;
}

/** The preview with create steps for `entries(template)` appended. */
export function previewWith(entries: (template: Json) => Json[]): Json {
  const doc = readPreview();
  const template = doc.steps.find((s: Json) => s.newState?.type === ATTACHMENT_TYPE).newState;
  for (const newState of entries(template))
    doc.steps.push({ op: "create", urn: newState.urn, provider: newState.provider, newState, detailedDiff: null });
  return doc;
}
