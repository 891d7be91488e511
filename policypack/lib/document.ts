// The pack's document model: any IAM policy document, as the engine hands it to a policy,
// normalised into statements that rules can read without caring how the author wrote them.
//
// Accepted: JSON text or an object; `Statement` as one object or an array; every element as a
// single string or an array; `Action`/`NotAction`, `Resource`/`NotResource`; `Condition` as
// `{ Operator: { Key: value | [values] } }`. Never throws, with one exception: an unknown value
// (a preview-time placeholder) raises the engine's `UnknownValueError`, so that the engine
// reports "can't run policy during preview" instead of a verdict on a guess.
import { duplicateKeys } from "./duplicateKeys";
import { rethrowIfUnknown, throwIfUnknownSentinel } from "./unknown";

export type Effect = "Allow" | "Deny";

export interface NormalCondition {
  /** As written, e.g. `StringEquals`, `ForAnyValue:StringLike`, `NumericLessThanEquals`. */
  operator: string;
  /** As written, e.g. `aws:ResourceTag/SerialConsole`. */
  key: string;
  values: string[];
}

export interface NormalStatement {
  /** Position in the document's statement list (0 when `Statement` is a single object). */
  index: number;
  sid?: string;
  effect: Effect;
  /** Lists as written (letter case kept); a field that is absent stays undefined. */
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  conditions: NormalCondition[];
  /** How messages name the statement: `Statement[2] (Sid "AllowX")`. */
  label: string;
}

export interface ParsedDocument {
  statements: NormalStatement[];
  /** Why (part of) the document could not be read; statements that could be read are kept. */
  problems: string[];
  /**
   * Keys written twice in one object of the JSON text (`Statement[0]: "Effect"`): the value read,
   * here and by most parsers, is the last one, and the first one is silently dropped.
   */
  duplicateKeys?: string[];
}

// Larger than any document IAM or Organizations accepts (6,144 / 10,240 / 5,120 characters), with
// room for white space; beyond this we stop rather than spend the engine's time.
const MAX_TEXT = 1_000_000;
const MAX_DEPTH = 32;

/** Deep copy into plain JSON data. Reading through the engine's proxy here surfaces unknowns. */
function toPlain(value: unknown, depth: number): unknown {
  throwIfUnknownSentinel(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) throw new Error(`nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(toPlain(value[i], depth + 1));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = toPlain((value as Record<string, unknown>)[k], depth + 1);
  return out;
}

function stringList(v: unknown, field: string, problems: string[], where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === "string") out.push(item);
    else if (typeof item === "number" || typeof item === "boolean") out.push(String(item));
    else problems.push(`${where}: ${field} contains a ${item === null ? "null" : typeof item}, not a string`);
  }
  return out;
}

function labelOf(index: number, sid: string | undefined): string {
  return sid !== undefined ? `Statement[${index}] (Sid ${JSON.stringify(sid)})` : `Statement[${index}]`;
}

/** Finds a key in any letter case: IAM's element names are case-sensitive, authors are not. */
function field(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function parseStatement(raw: unknown, index: number, problems: string[]): NormalStatement | undefined {
  const where = `Statement[${index}]`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    problems.push(`${where} is not an object`);
    return undefined;
  }
  const o = raw as Record<string, unknown>;
  const sidRaw = field(o, "Sid");
  const sid = typeof sidRaw === "string" ? sidRaw : undefined;
  const label = labelOf(index, sid);
  const effectRaw = field(o, "Effect");
  let effect: Effect;
  if (effectRaw === "Allow" || effectRaw === "Deny") effect = effectRaw;
  else if (typeof effectRaw === "string" && /^deny$/i.test(effectRaw)) {
    problems.push(`${label}: Effect ${JSON.stringify(effectRaw)} is not "Deny" (IAM is case-sensitive)`);
    effect = "Deny";
  } else {
    // Anything that is not clearly a Deny is read as an Allow, so that the checks still run
    // on it: reading a broken Allow as harmless would be the unsafe mistake.
    problems.push(`${label}: Effect ${JSON.stringify(effectRaw ?? null)} is neither "Allow" nor "Deny"`);
    effect = "Allow";
  }
  const actions = stringList(field(o, "Action"), "Action", problems, label);
  const notActions = stringList(field(o, "NotAction"), "NotAction", problems, label);
  const resources = stringList(field(o, "Resource"), "Resource", problems, label);
  const notResources = stringList(field(o, "NotResource"), "NotResource", problems, label);
  if (actions === undefined && notActions === undefined) problems.push(`${label} has neither Action nor NotAction`);
  if (actions !== undefined && notActions !== undefined) problems.push(`${label} has both Action and NotAction`);
  const conditions: NormalCondition[] = [];
  const cond = field(o, "Condition");
  if (cond !== undefined && cond !== null) {
    if (typeof cond !== "object" || Array.isArray(cond)) problems.push(`${label}: Condition is not an object`);
    else {
      for (const [operator, block] of Object.entries(cond as Record<string, unknown>)) {
        if (block === null || typeof block !== "object" || Array.isArray(block)) {
          problems.push(`${label}: Condition ${operator} is not an object of keys`);
          continue;
        }
        for (const [key, v] of Object.entries(block as Record<string, unknown>)) {
          conditions.push({ operator, key, values: stringList(v, `Condition ${operator} ${key}`, problems, label) ?? [] });
        }
      }
    }
  }
  return { index, sid, effect, actions, notActions, resources, notResources, conditions, label };
}

/**
 * Documents already read, by their text: several rules read the same document of the same
 * resource (each through its own copy of the props), and the text is all the reading depends on.
 * Bounded by entries and by characters held, oldest out first, so that a stack of many large
 * documents costs a re-read, never unbounded memory. The results are frozen: rules share them.
 */
const MAX_CACHED_DOCUMENTS = 2_000;
const MAX_CACHED_CHARS = 4_000_000;
const parsedTexts = new Map<string, ParsedDocument>();
let cachedChars = 0;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function remember(text: string, parsed: ParsedDocument): ParsedDocument {
  if (text.length > MAX_CACHED_CHARS) return parsed;
  while (parsedTexts.size >= MAX_CACHED_DOCUMENTS || cachedChars + text.length > MAX_CACHED_CHARS) {
    const oldest = parsedTexts.keys().next().value as string;
    parsedTexts.delete(oldest);
    cachedChars -= oldest.length;
  }
  parsedTexts.set(text, deepFreeze(parsed));
  cachedChars += text.length;
  return parsed;
}

/**
 * Reads a policy document. Never throws except `UnknownValueError` (see the header).
 * `input`: JSON text, or the document as an object (Pulumi accepts both for `policy`).
 * A text read before gives the same (frozen) result without being read again.
 */
export function parseDocument(input: unknown): ParsedDocument {
  if (typeof input === "string") {
    // Only a string that is not the engine's unknown sentinel (toPlain checks) is cached.
    const cached = parsedTexts.get(input);
    if (cached) return cached;
    const parsed = readDocument(input);
    return input.length <= MAX_TEXT ? remember(input, parsed) : parsed;
  }
  return readDocument(input);
}

function readDocument(input: unknown): ParsedDocument {
  const problems: string[] = [];
  try {
    let doc: unknown = toPlain(input, 0);
    let duplicates: string[] | undefined;
    if (typeof doc === "string") {
      if (doc.length > MAX_TEXT)
        return { statements: [], problems: [`the document is ${doc.length} characters long, more than the ${MAX_TEXT} this pack reads`] };
      const text = doc;
      try {
        doc = JSON.parse(text);
      } catch (e) {
        return { statements: [], problems: [`the document is not valid JSON: ${(e as Error).message}`] };
      }
      const dup = duplicateKeys(text);
      if (dup.length > 0) duplicates = dup.map((d) => `${JSON.stringify(d.key)} in ${d.where}`);
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      return {
        statements: [],
        problems: [`the document is ${doc === null ? "null" : Array.isArray(doc) ? "an array" : typeof doc}, not a JSON object`],
      };
    }
    const st = field(doc as Record<string, unknown>, "Statement");
    if (st === undefined || st === null) return { statements: [], problems: ["the document has no Statement"] };
    const raws = Array.isArray(st) ? st : [st];
    const statements: NormalStatement[] = [];
    raws.forEach((raw, i) => {
      const s = parseStatement(raw, i, problems);
      if (s) statements.push(s);
    });
    return duplicates ? { statements, problems, duplicateKeys: duplicates } : { statements, problems };
  } catch (e) {
    rethrowIfUnknown(e);
    return { statements: [], problems: [...problems, `the document could not be read: ${e instanceof Error ? e.message : String(e)}`] };
  }
}
