// Every resource the program registers, checked against the limits AWS's API puts on the
// parameters its inputs become (apiLimits.ts, generated from botocore's service models by
// scripts/api-limits.py). The mock runtime accepts anything; without this a plan is green for a
// value that CreatePolicy or CreateAssociation refuses halfway through `pulumi up`.
import type { ApiLimit } from "./apiLimits";
import { BY_TYPE, jsPattern, reservedPrefix } from "./lookup";
import { UNKNOWN } from "../capture";
import { ConfigError } from "../../config/load";

export interface LimitProblem {
  urn: string;
  /** Input path with the element named, e.g. `targets[0].values` or `tags["Team"]`. */
  input: string;
  /** The value as printed: truncated, or `(secret)`. */
  shown: string;
  limit: string;
}

export interface CheckedResource {
  urn: string;
  type: string;
  inputs: Record<string, unknown>;
  /** Top-level inputs holding secrets: their values are never printed. */
  secretKeys?: readonly string[];
}

/** Model patterns are Java regexes over the whole value; these compile as JS with the `u` flag. */
const PATTERNS = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let re = PATTERNS.get(source);
  if (!re) PATTERNS.set(source, (re = jsPattern(source)));
  return re;
}

/** The values an input path selects, each with its printable path. */
function select(inputs: Record<string, unknown>, path: string): { at: string; value: unknown }[] {
  let current: { at: string; value: unknown }[] = [{ at: "", value: inputs }];
  for (const part of path.split(".")) {
    const m = /^(\w+)(\[\]|\{keys\}|\{values\}|\{\})?$/.exec(part)!;
    const [, key, suffix] = m;
    const next: { at: string; value: unknown }[] = [];
    for (const c of current) {
      if (c.value === null || typeof c.value !== "object") continue;
      const v = (c.value as Record<string, unknown>)[key];
      const at = c.at ? `${c.at}.${key}` : key;
      if (v === undefined || v === null) continue;
      if (!suffix) next.push({ at, value: v });
      else if (suffix === "[]") (Array.isArray(v) ? v : []).forEach((e, i) => next.push({ at: `${at}[${i}]`, value: e }));
      else if (typeof v === "object" && !Array.isArray(v)) {
        const entries = Object.entries(v as Record<string, unknown>);
        if (suffix === "{}") next.push({ at, value: entries });
        else for (const [k, e] of entries) next.push({ at: `${at}[${JSON.stringify(k)}]`, value: suffix === "{keys}" ? k : e });
      }
    }
    current = next;
  }
  return current;
}

function show(value: unknown, secret: boolean): string {
  if (secret) return "(secret)";
  const text = typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? `${value.length} items` : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** What is wrong with one value, or undefined. */
function violation(l: ApiLimit, value: unknown): string | undefined {
  const where = `(${l.api}, botocore)`;
  if (l.kind === "string") {
    if (typeof value !== "string" || value === UNKNOWN) return undefined;
    const n = [...value].length;
    if (l.min !== undefined && n < l.min) return `at least ${l.min} characters; got ${n} ${where}`;
    if (l.max !== undefined && n > l.max) return `at most ${l.max} characters; got ${n} ${where}`;
    if (l.enum && !l.enum.includes(value)) return `one of ${l.enum.join(", ")} ${where}`;
    if (l.pattern && !pattern(l.pattern).test(value)) return `to match ${l.pattern} ${where}`;
    const reserved = reservedPrefix(l, value);
    if (reserved) return `no name beginning with ${reserved} in any case: AWS reserves ${l.reservedPrefixes!.join(", ")} ${where}`;
    return undefined;
  }
  if (l.kind === "list") {
    if (!Array.isArray(value)) return undefined;
    if (l.min !== undefined && value.length < l.min) return `at least ${l.min} items; got ${value.length} ${where}`;
    if (l.max !== undefined && value.length > l.max) return `at most ${l.max} items; got ${value.length} ${where}`;
    return undefined;
  }
  if (l.kind === "integer" || l.kind === "long") {
    if (typeof value !== "number") return undefined;
    if (l.min !== undefined && value < l.min) return `at least ${l.min}; got ${value} ${where}`;
    if (l.max !== undefined && value > l.max) return `at most ${l.max}; got ${value} ${where}`;
  }
  return undefined;
}

export function checkApiLimits(resources: readonly CheckedResource[]): LimitProblem[] {
  const out: LimitProblem[] = [];
  for (const r of resources) {
    for (const l of BY_TYPE.get(r.type) ?? []) {
      const secret = r.secretKeys?.includes(l.input.split(/[.[{]/)[0]) ?? false;
      for (const { at, value } of select(r.inputs, l.input)) {
        const limit = violation(l, value);
        if (limit) out.push({ urn: r.urn, input: at, shown: show(value, secret), limit });
      }
    }
  }
  return out;
}

/** One line per problem: the resource, the input, the value and the limit. */
export function describeLimitProblem(p: LimitProblem): string {
  return `${p.urn}: input ${p.input} = ${p.shown}: AWS's API takes ${p.limit}`;
}

/** Exit status 2 as any bad input: the configuration made a value AWS refuses. */
export class ApiLimitError extends ConfigError {
  constructor(readonly limitProblems: LimitProblem[]) {
    super(limitProblems.map(describeLimitProblem));
    const n = limitProblems.length;
    this.message = `AWS's API would refuse ${n} value${n === 1 ? "" : "s"} of this plan (nothing was deployed):\n  ${this.problems.join("\n  ")}`;
    this.name = "ApiLimitError";
  }
}
