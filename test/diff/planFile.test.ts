// The plan file reader of `diff` (plan/diff/planFile.ts): a malformed plan file is bad input with
// every problem named. Its shape (plan/diff/planShape.ts) is compiled ahead of time into
// plan/diff/planShapeValidator.ts, so that `diff` loads no validator library (README, "Speed and
// scale"). Until then the file was read with zod; the messages must not change, so zod, as the
// reader was written then, is the oracle here for every mutation of a real plan.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import fc from "fast-check";
import { z } from "zod";
import { parsePlan, PlanFileError } from "../../plan/diff/planFile";
import type { Shape } from "../../plan/diff/planShape";
import { PLAN_SHAPE } from "../../plan/diff/planShape";
import { GENERATED, planShapeValidatorSource } from "../../plan/diff/tools/planShapeValidator";
import { devPlanJson } from "../plan/support";

/** What parsePlan reports for `raw` (undefined: it is a plan). */
function problems(raw: unknown): string[] | undefined {
  try {
    parsePlan(JSON.stringify(raw), "p.json");
    return undefined;
  } catch (e) {
    if (e instanceof PlanFileError) return e.problems;
    throw e;
  }
}

// ---- The oracle: the zod shape and the message wording of plan/diff/planFile.ts at cef1f94. ----
// (With `combinedAccess`, read since: its rows in the same wording, so the messages' order and
// form across the whole shape stay checked by zod.)
const text = z.string("a string");
const texts = z.array(text, "a list of strings");
const principal = z.looseObject({ type: text, name: text }, "a map with type and name");
const target = z.looseObject(
  {
    instanceIds: texts.optional(),
    tags: z.record(z.string(), texts, "a map of tag keys to lists of values").optional(),
    principalTagKey: text.optional(),
    allInstances: z.literal(true, "true").optional(),
  },
  "a map: instanceIds, tags, principalTagKey or allInstances",
);
const zodShape = z.looseObject(
  {
    stack: text,
    resources: z.array(z.looseObject({ urn: text, type: text }, 'a resource with "urn" and "type"'), "a list of resources"),
    regions: texts.optional(),
    principals: z.array(z.unknown(), "a list").optional(),
    access: z
      .array(
        z.looseObject(
          {
            pattern: text,
            grant: text,
            principal,
            osUsers: texts,
            target,
            deniedInstanceIds: texts,
            expires: text.optional(),
            expired: z.literal(true, "true").optional(),
          },
          "an access row (pattern, grant, principal, osUsers, target, deniedInstanceIds)",
        ),
        "a list of access rows",
      )
      .optional(),
    violations: z
      .array(
        z.looseObject(
          { policy: text, enforcementLevel: text, urn: text, message: text },
          "a violation (policy, enforcementLevel, urn, message)",
        ),
        "a list of violations",
      )
      .optional(),
    powers: z
      .array(
        z.looseObject(
          { kind: text, subject: z.looseObject({}, "a map"), details: z.record(z.string(), texts, "a map of string lists") },
          "a power (kind, subject, details of string lists)",
        ),
        "a list of powers",
      )
      .optional(),
    combinedAccess: z
      .array(
        z.looseObject(
          { pattern: text, principal, grant: text, target, documents: texts, commandDocuments: texts.optional(), through: texts },
          "a combined access row (pattern, principal, grant, target, documents, through)",
        ),
        "a list of combined access rows",
      )
      .optional(),
  },
  "a plan: a JSON object with stack, resources, access and violations",
);

function zodProblems(raw: unknown): string[] | undefined {
  const parsed = zodShape.safeParse(raw);
  if (parsed.success) return undefined;
  const show = (v: unknown) => {
    const t = JSON.stringify(v);
    return t === undefined ? "nothing" : t.length > 80 ? `${t.slice(0, 77)}...` : t;
  };
  const valueAt = (path: PropertyKey[]) =>
    path.reduce<unknown>((v, p) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined), raw);
  const pathText = (path: PropertyKey[]) =>
    path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
  return parsed.error.issues
    .slice(0, 20)
    .map((i) => `p.json: ${i.path.length ? `${pathText(i.path)}: ` : ""}got ${show(valueAt(i.path))}; expected ${i.message}`);
}
// ------------------------------------------------------------------------------------------------

type Path = (string | number)[];

/** Places of `raw` the shape speaks of (declared keys, present or not, a few items and map entries of each list and map). */
function shapedPaths(raw: unknown, shape: Shape, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (shape.properties && raw !== null && typeof raw === "object" && !Array.isArray(raw))
    for (const [key, inner] of Object.entries(shape.properties))
      out.push(...shapedPaths((raw as Record<string, unknown>)[key], inner, [...at, key]));
  if (shape.items && Array.isArray(raw))
    raw.slice(0, 3).forEach((item, i) => out.push(...shapedPaths(item, shape.items as Shape, [...at, i])));
  if (shape.additionalProperties && raw !== null && typeof raw === "object" && !Array.isArray(raw))
    for (const key of Object.keys(raw).slice(0, 2))
      out.push(...shapedPaths((raw as Record<string, unknown>)[key], shape.additionalProperties, [...at, key]));
  return out;
}

/** `raw` with the value at `path` replaced (or the key deleted, for undefined); a place under a non-container is left alone. */
function edited(raw: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value ?? null; // a file holds some JSON value
  const copy = structuredClone(raw) as Record<string | number, unknown>;
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== "object") return copy;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  if (parent === null || typeof parent !== "object") return copy;
  const last = path[path.length - 1];
  if (value === undefined && !Array.isArray(parent)) delete (parent as Record<string | number, unknown>)[last];
  else (parent as Record<string | number, unknown>)[last] = value;
  return copy;
}

describe("diff: the plan file reader", () => {
  let plan: Record<string, unknown>;
  before(async () => {
    plan = JSON.parse(await devPlanJson()) as Record<string, unknown>;
  });

  it("the committed validator is ajv's compile of the shape (else: npm run generate:plan-validator)", () => {
    assert.equal(fs.readFileSync(GENERATED, "utf8"), planShapeValidatorSource());
  });

  it("a real plan is a plan; its problems are named key by key in the shape's order, missing keys in their place", () => {
    assert.equal(problems(plan), undefined);
    const access = plan.access as Record<string, unknown>[];
    const broken = {
      ...plan,
      stack: undefined,
      regions: "us-east-1",
      access: [
        {
          ...access[0],
          pattern: undefined,
          osUsers: [1, "ec2-user", null],
          target: { tags: { Team: "sre", Env: ["dev"] }, allInstances: false },
        },
      ],
      powers: [{ kind: "x", details: { a: ["b"] } }],
    };
    assert.deepEqual(problems(broken), [
      "p.json: stack: got nothing; expected a string",
      'p.json: regions: got "us-east-1"; expected a list of strings',
      "p.json: access[0].pattern: got nothing; expected a string",
      "p.json: access[0].osUsers[0]: got 1; expected a string",
      "p.json: access[0].osUsers[2]: got null; expected a string",
      'p.json: access[0].target.tags.Team: got "sre"; expected a list of strings',
      "p.json: access[0].target.allInstances: got false; expected true",
      "p.json: powers[0].subject: got nothing; expected a map",
    ]);
    assert.deepEqual(problems(["dev"]), [
      'p.json: got ["dev"]; expected a plan: a JSON object with stack, resources, access and violations',
    ]);
  });

  it("at most 20 problems are listed", () => {
    const many = problems({ ...plan, resources: Array.from({ length: 30 }, () => ({ urn: "u" })) });
    assert.equal(many?.length, 20);
    assert.equal(many?.[19], "p.json: resources[19].type: got nothing; expected a string");
  });

  it("every mutation of a real plan gets exactly the messages zod gave", () => {
    const paths = shapedPaths(plan, PLAN_SHAPE);
    const value = fc.oneof(
      fc.constantFrom(undefined, null, true, false, 0, 1, "", "x", [], {}, ["x"], [1], { a: ["x"] }, { a: 1 }, [{}], [{ urn: 1 }]),
      fc.jsonValue({ maxDepth: 3 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), value), { minLength: 1, maxLength: 6 }), (edits) => {
        const raw = edits.reduce<unknown>((r, [path, v]) => edited(r, path, v), plan);
        assert.deepEqual(problems(raw), zodProblems(JSON.parse(JSON.stringify(raw))));
      }),
      { numRuns: 600 },
    );
  });
});
