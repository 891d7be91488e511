// IAM policy documents as plain data, built by pure functions.
// Like aws-cdk-lib's PolicyStatement, a statement is normalised on output: single-element
// lists collapse to a string, empty fields drop, keys come in a fixed order. The same intent
// therefore always renders the same JSON, which keeps previews and diffs quiet.

export type Effect = "Allow" | "Deny";
export type ConditionValues = string | string[];
/** `{ Operator: { ConditionKey: value | [values] } }` */
export type Conditions = Record<string, Record<string, ConditionValues>>;

export interface Statement {
  Sid?: string;
  Effect: Effect;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Conditions;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

export interface StatementSpec {
  sid?: string;
  effect?: Effect;
  actions: string[];
  resources: string[];
  conditions?: Conditions;
}

const ACTION = /^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;

/** Builds one statement; refuses what IAM would refuse (no actions, no resources, bad action syntax). */
export function statement(spec: StatementSpec): Statement {
  if (spec.actions.length === 0) throw new Error(`statement ${spec.sid ?? ""}: no actions`);
  if (spec.resources.length === 0) throw new Error(`statement ${spec.sid ?? ""}: no resources`);
  for (const a of spec.actions) if (!ACTION.test(a)) throw new Error(`statement ${spec.sid ?? ""}: malformed action ${JSON.stringify(a)}`);
  const s: Statement = { Effect: spec.effect ?? "Allow" };
  if (spec.sid) s.Sid = spec.sid;
  s.Action = collapse(dedupe(spec.actions));
  s.Resource = collapse(dedupe(spec.resources));
  if (spec.conditions && Object.keys(spec.conditions).length > 0) s.Condition = normaliseConditions(spec.conditions);
  return orderKeys(s);
}

export function policyDocument(statements: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Compact JSON, exactly as sent to IAM: no white space, so the size limits are counted right. */
export function renderCompact(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}

/** IAM counts policy size without white space outside strings; compact JSON is that size. */
export function policySize(doc: PolicyDocument): number {
  return renderCompact(doc).length;
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

function collapse(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

function normaliseConditions(c: Conditions): Conditions {
  const out: Conditions = {};
  for (const [op, keys] of Object.entries(c)) {
    const entries = Object.entries(keys);
    if (entries.length === 0) continue;
    out[op] = Object.fromEntries(entries.map(([k, v]) => [k, Array.isArray(v) ? collapse(dedupe(v)) : v]));
  }
  return out;
}

const KEY_ORDER = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"] as const;

function orderKeys(s: Statement): Statement {
  const result: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (s[key] !== undefined) result[key] = s[key];
  return result as unknown as Statement;
}
