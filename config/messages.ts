// Turns zod issues into the one-line messages the contract promises
// (`<key path>: got <value>; expected <what>`), so that a user can fix a stack file without
// reading zod's vocabulary. Values are shown as the user wrote them, secrets never.
import type { z } from "zod";
import { ANOTHER_SECTIONS_KEY } from "../model/schema";
import { closest } from "./closest";

export const PROJECT = "ec2-access";

export type Path = readonly (string | number)[];

/** `ec2-access:instanceConnect.grants[1].osUsers`; keys that are not identifiers are quoted. */
export function keyPath(path: Path): string {
  let out = PROJECT;
  path.forEach((part, i) => {
    if (typeof part === "number") out += `[${part}]`;
    else if (i === 0) out += `:${part}`;
    else if (/^[A-Za-z_][\w-]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  });
  return out;
}

export const SECRET_SHOWN = "(secret, not shown)";

/** Where a secret may sit: its value is never echoed, whatever shape it has. */
export function isSecretPath(path: Path): boolean {
  return path.some((part, i) => part === "password" && path[i - 1] === "osPassword");
}

/**
 * A value as the user would recognise it, at most 120 characters. Any `password` field inside
 * an object is masked, so that a message about a whole section cannot leak the secret.
 */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value, (key, v) => (key === "password" ? SECRET_SHOWN : v));
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function valueAt(raw: unknown, path: Path): unknown {
  let v: unknown = raw;
  for (const part of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[part];
  }
  return v;
}

function showAt(raw: unknown, path: Path): string {
  return isSecretPath(path) ? SECRET_SHOWN : show(valueAt(raw, path));
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a map of keys to values",
  record: "a map of keys to values",
};

const plural = (n: number | bigint, word: string) => `${n} ${word}${n === 1 || n === 1n ? "" : "s"}`;

/**
 * What is expected, for issues whose schema carries no message of its own. Passed to every
 * parse as its error map; a message written in the schema takes precedence over it.
 */
export const expectation: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`;
    case "too_small": {
      const n = issue.minimum;
      if (issue.origin === "array" || issue.origin === "set") return `at least ${plural(n, "item")}`;
      if (issue.origin === "string") return `at least ${plural(n, "character")}`;
      return issue.inclusive ? `at least ${n}` : `more than ${n}`;
    }
    case "too_big": {
      const n = issue.maximum;
      if (issue.origin === "array" || issue.origin === "set") return `at most ${plural(n, "item")}`;
      if (issue.origin === "string") return `at most ${plural(n, "character")}`;
      return issue.inclusive ? `at most ${n}` : `less than ${n}`;
    }
    case "invalid_value":
      return issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map(String).join(", ")}`;
    case "invalid_format":
      return issue.pattern ? `a value matching ${issue.pattern}` : `a valid ${issue.format}`;
    case "not_multiple_of":
      return `a multiple of ${issue.divisor}`;
    case "invalid_union": {
      // Each alternative says what it wanted; together they are the expectation.
      const wanted = (issue.errors as z.core.$ZodIssue[][]).map((branch) => branch[0]?.message).filter((m): m is string => !!m);
      return wanted.length > 0 ? [...new Set(wanted)].join(" or ") : "a valid value";
    }
    case "invalid_key":
      return issue.issues[0]?.message ?? "a valid key";
    default:
      return "a valid value";
  }
};

/**
 * Parses with the project's error map and with inputs kept, as describeIssue expects. Without
 * zod's eval-based fast path (`jitless`, zod's documented ParseContext option): a stack's
 * configuration is parsed once per process, and generating and compiling a parser per object
 * schema for that one parse costs more than it saves (about 10 ms of a small plan's load).
 */
export function parseWith<T extends z.ZodType>(schema: T, raw: unknown) {
  return schema.safeParse(raw, { error: expectation, reportInput: true, jitless: true });
}

/**
 * One message per issue (an unknown-keys issue gives one per key). `base` is the path of the
 * parsed value inside the `ec2-access:` namespace; `root` is the schema of that value, used to
 * list the keys allowed where an unknown key was found.
 */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown, root: z.ZodType, base: Path = []): string[] {
  const path = [...base, ...(issue.path as (string | number)[])];
  const local = issue.path as (string | number)[];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => unknownKey([...path, k], k, allowedKeys(root, local)));
    case "invalid_key":
      // The path ends with the offending key itself: show the key, not its value.
      // The record's own message describes the whole map; the key's rule is the one broken.
      return [`${keyPath(path)}: got key ${show(path[path.length - 1])}; expected ${issue.issues[0]?.message ?? issue.message}`];
    case "custom": {
      const got = (issue.params as { got?: string } | undefined)?.got;
      return [`${keyPath(path)}: got ${got ?? showAt(raw, local)}; expected ${issue.message}`];
    }
    default:
      return [`${keyPath(path)}: got ${showAt(raw, local)}; expected ${issue.message}`];
  }
}

export function unknownKey(path: Path, key: string, allowed: string[]): string {
  const guess = closest(key, allowed);
  const list = allowed.length > 0 ? `one of ${allowed.join(", ")}` : "no keys here";
  return `${keyPath(path)}: unknown key; expected ${list}${guess ? `; did you mean \`${guess}\`?` : ""}`;
}

// ---------- walking the schema ----------

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under wrappers (optional, default, pipe, lazy, ...) that decide the value's shape. */
export function unwrap(schema: z.ZodType): z.ZodType {
  for (;;) {
    const def = defOf(schema);
    if (def.innerType) schema = def.innerType;
    else if (def.type === "pipe" && def.in) schema = def.in;
    else if (def.type === "lazy" && def.getter) schema = def.getter();
    else return schema;
  }
}

/** The schemas that may describe the value at `path` (several under a union). */
export function schemasAt(schema: z.ZodType, path: Path): z.ZodType[] {
  let current = [unwrap(schema)];
  for (const part of path) {
    const next: z.ZodType[] = [];
    const visit = (s: z.ZodType) => {
      const def = defOf(s);
      if (def.type === "union") return def.options?.forEach((o) => visit(unwrap(o)));
      if (typeof part === "number" && def.type === "array" && def.element) next.push(unwrap(def.element));
      if (typeof part === "string" && def.type === "object" && def.shape?.[part]) next.push(unwrap(def.shape[part]));
      if (def.type === "record" && def.valueType) next.push(unwrap(def.valueType));
    };
    current.forEach(visit);
    current = next;
  }
  return current;
}

/** The keys an object at `path` may have, in the order the schema declares them. */
export function allowedKeys(schema: z.ZodType, path: Path): string[] {
  const keys: string[] = [];
  const collect = (s: z.ZodType) => {
    const def = defOf(s);
    if (def.type === "union") def.options?.forEach((o) => collect(unwrap(o)));
    // A key another section takes (managedInstanceIds) is in the shape only to be refused with its reason.
    else if (def.type === "object" && def.shape)
      keys.push(
        ...Object.entries(def.shape)
          .filter(([, v]) => (v as z.ZodType).description !== ANOTHER_SECTIONS_KEY)
          .map(([k]) => k),
      );
  };
  schemasAt(schema, path).forEach(collect);
  return [...new Set(keys)];
}
