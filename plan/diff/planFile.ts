// Reads a plan written by `ec2-access plan --format json` (docs/contracts/offline-plan.md).
// The file may come from another commit of this project (the pull request's base), so only
// what the diff reads is checked, and a missing optional table reads as empty. What the diff
// reads must have its shape: a malformed plan file is bad input (exit 2), every problem named.
import { z } from "zod";
import type { Plan } from "../run";
import { powersOf } from "../powers";

export class PlanFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "PlanFileError";
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const text = z.string("a string");
const texts = z.array(text, "a list of strings");
const accessRow = z.looseObject(
  {
    pattern: text,
    grant: text,
    principal: z.looseObject({ type: text, name: text }, "a map with type and name"),
    osUsers: texts,
    target: z.looseObject(
      {
        instanceIds: texts.optional(),
        tags: z.record(z.string(), texts, "a map of tag keys to lists of values").optional(),
        principalTagKey: text.optional(),
        allInstances: z.literal(true, "true").optional(),
      },
      "a map: instanceIds, tags, principalTagKey or allInstances",
    ),
    deniedInstanceIds: texts,
    expires: text.optional(),
    expired: z.literal(true, "true").optional(),
  },
  "an access row (pattern, grant, principal, osUsers, target, deniedInstanceIds)",
);
const violation = z.looseObject(
  { policy: text, enforcementLevel: text, urn: text, message: text },
  "a violation (policy, enforcementLevel, urn, message)",
);
const power = z.looseObject(
  { kind: text, subject: z.looseObject({}, "a map"), details: z.record(z.string(), texts, "a map of string lists") },
  "a power (kind, subject, details of string lists)",
);
const resource = z.looseObject({ urn: text, type: text }, 'a resource with "urn" and "type"');
const planShape = z.looseObject(
  {
    stack: text,
    resources: z.array(resource, "a list of resources"),
    regions: texts.optional(),
    principals: z.array(z.unknown(), "a list").optional(),
    access: z.array(accessRow, "a list of access rows").optional(),
    violations: z.array(violation, "a list of violations").optional(),
    powers: z.array(power, "a list of powers").optional(),
  },
  "a plan: a JSON object with stack, resources, access and violations",
);

function show(v: unknown): string {
  const t = JSON.stringify(v);
  if (t === undefined) return "nothing";
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

function pathText(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let v = raw;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** `where` names the file in messages. Throws PlanFileError when the text is not a plan. */
export function parsePlan(source: string, where: string): Plan {
  if (source.trim() === "") throw new PlanFileError([`${where}: got an empty file; expected a plan (\`ec2-access plan --format json\`)`]);
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (e) {
    throw new PlanFileError([
      `${where}: got text that is not JSON (${(e as Error).message}); expected a plan (\`ec2-access plan --format json\`)`,
    ]);
  }
  const parsed = planShape.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new PlanFileError(
      parsed.error.issues.slice(0, 20).map((issue) => {
        const at = issue.path.length ? `${pathText(issue.path)}: ` : "";
        return `${where}: ${at}got ${show(valueAt(raw, issue.path))}; expected ${issue.message}`;
      }),
    );
  }
  const plan = parsed.data;
  const resources = plan.resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: typeof r.name === "string" ? r.name : (r.urn.split("::").pop() ?? r.urn),
    parent: typeof r.parent === "string" ? r.parent : null,
    inputs: isObject(r.inputs) ? r.inputs : {},
    outputs: isObject(r.outputs) ? r.outputs : {},
    ...(typeof r.importId === "string" && r.importId ? { importId: r.importId } : {}),
  }));
  const result: Plan = {
    stack: plan.stack,
    accountId: typeof plan.accountId === "string" ? plan.accountId : "",
    regions: plan.regions ?? [],
    resources,
    principals: (plan.principals as Plan["principals"] | undefined) ?? [],
    access: (plan.access as Plan["access"] | undefined) ?? [],
    powers: [],
    violations: (plan.violations as Plan["violations"] | undefined) ?? [],
  };
  // A plan written before `powers` existed: derive them from its resources and principals.
  if (plan.powers === undefined) result.powers = powersOf(result);
  else
    result.powers = plan.powers.map((p) => ({ ...p, from: Array.isArray(p.from) ? p.from.map(String) : [] })) as unknown as Plan["powers"];
  return result;
}

/** An empty plan of `stack`: the side of a stack that does not exist. */
export function emptyPlan(stack: string): Plan {
  return { stack, accountId: "", regions: [], resources: [], principals: [], access: [], powers: [], violations: [] };
}
