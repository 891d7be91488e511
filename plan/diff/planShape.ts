// What `diff` reads of a plan file (`plan --format json`, docs/contracts/offline-plan.md), as a
// JSON Schema. The file may come from another commit of this project (the pull request's base),
// so only what the diff reads is required, extra keys are allowed, and an optional table may be
// missing. Each node's `description` is what a message says was expected
// (`<file>: <path>: got <value>; expected <description>`).
//
// The schema is compiled ahead of time into planShapeValidator.ts (ajv's standalone code, by
// `npm run generate:plan-validator`; a test fails when the two differ), so the diff loads no
// validator library at run time (README, "Speed and scale").

/** A JSON Schema node, as far as this schema uses it. */
export interface Shape {
  type?: "string" | "array" | "object";
  const?: true;
  description: string;
  items?: Shape;
  properties?: Record<string, Shape>;
  required?: string[];
  additionalProperties?: Shape;
}

const text: Shape = { type: "string", description: "a string" };
const texts: Shape = { type: "array", items: text, description: "a list of strings" };
const list = (items: Shape, description: string): Shape => ({ type: "array", items, description });
const map = (values: Shape, description: string): Shape => ({ type: "object", additionalProperties: values, description });

/** An object with these keys (those not in `optional` required) and any others. */
function object(description: string, properties: Record<string, Shape>, optional: string[] = []): Shape {
  const required = Object.keys(properties).filter((k) => !optional.includes(k));
  return { type: "object", properties, ...(required.length ? { required } : {}), description };
}

const principal = object("a map with type and name", { type: text, name: text });

const target = object(
  "a map: instanceIds, tags, principalTagKey or allInstances",
  {
    instanceIds: texts,
    tags: map(texts, "a map of tag keys to lists of values"),
    principalTagKey: text,
    allInstances: { const: true, description: "true" },
  },
  ["instanceIds", "tags", "principalTagKey", "allInstances"],
);

const accessRow = object(
  "an access row (pattern, grant, principal, osUsers, target, deniedInstanceIds)",
  {
    pattern: text,
    grant: text,
    principal,
    osUsers: texts,
    target,
    deniedInstanceIds: texts,
    expires: text,
    expired: { const: true, description: "true" },
  },
  ["expires", "expired"],
);

/** plan/combinedAccess.ts: documents a grant's instances get only through the principal's other grants. */
const combinedRow = object(
  "a combined access row (pattern, principal, grant, target, documents, through)",
  { pattern: text, principal, grant: text, target, documents: texts, commandDocuments: texts, through: texts },
  ["commandDocuments"],
);

const violation = object("a violation (policy, enforcementLevel, urn, message)", {
  policy: text,
  enforcementLevel: text,
  urn: text,
  message: text,
});

const power = object("a power (kind, subject, details of string lists)", {
  kind: text,
  subject: object("a map", {}),
  details: map(texts, "a map of string lists"),
});

export const PLAN_SHAPE: Shape = object(
  "a plan: a JSON object with stack, resources, access and violations",
  {
    stack: text,
    resources: list(object('a resource with "urn" and "type"', { urn: text, type: text }), "a list of resources"),
    regions: texts,
    principals: { type: "array", description: "a list" },
    access: list(accessRow, "a list of access rows"),
    violations: list(violation, "a list of violations"),
    powers: list(power, "a list of powers"),
    // Absent both when there is none and in a plan written before it existed (docs/diff.md).
    combinedAccess: list(combinedRow, "a list of combined access rows"),
  },
  ["regions", "principals", "access", "violations", "powers", "combinedAccess"],
);
