// A CloudFormation template as plain data: JSON, or YAML with CloudFormation's short-form tags
// (`!Ref`, `!Sub`, `!GetAtt`...) read by the `yaml` package as the long forms they stand for; and
// the intrinsic functions in IAM values turned into text the rules can read.
import type { Tags } from "yaml";

// CloudFormation refuses a TemplateBody over 51,200 bytes: a larger one can never deploy.
const MAX_TEMPLATE_BYTES = 51_200;
const MAX_DEPTH = 32;
// Bracket nesting beyond which the text is refused before parsing: the YAML parser recurses per
// level (200,000 `[` took 1.8 s and overflowed the stack); real templates nest a dozen levels.
const MAX_BRACKETS = 100;

function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return max;
}

const FUNCTIONS = [
  "Ref",
  "Condition",
  "Sub",
  "GetAtt",
  "Join",
  "Select",
  "Split",
  "If",
  "Equals",
  "Not",
  "And",
  "Or",
  "FindInMap",
  "Base64",
  "Cidr",
  "ImportValue",
  "GetAZs",
  "Transform",
  "Length",
  "ToJsonString",
];

const SHORT_FORMS: Tags = FUNCTIONS.flatMap((f) => {
  const key = f === "Ref" || f === "Condition" ? f : `Fn::${f}`;
  return [
    // `!GetAtt Res.Attr` is the scalar form of `{"Fn::GetAtt": ["Res", "Attr"]}`.
    { tag: `!${f}`, resolve: (s: string) => ({ [key]: f === "GetAtt" ? s.split(".") : s }) },
    { tag: `!${f}`, collection: "seq" as const, resolve: (seq: { toJSON(): unknown }) => ({ [key]: seq.toJSON() }) },
    { tag: `!${f}`, collection: "map" as const, resolve: (map: { toJSON(): unknown }) => ({ [key]: map.toJSON() }) },
  ];
});

type ParsedTemplate = { template?: Record<string, unknown>; problem?: string };

// Every rule reads the same stack's template: parse each text once. A few entries suffice (the
// engine runs all rules on one resource before the next); callers must not modify the result.
const recent = new Map<string, ParsedTemplate>();
const RECENT = 8;

/** The template as data, or why it could not be read. Never throws. */
export function parseTemplate(text: string): ParsedTemplate {
  const hit = recent.get(text);
  if (hit) return hit;
  const parsed = parseTemplateText(text);
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value as string);
  recent.set(text, parsed);
  return parsed;
}

function parseTemplateText(text: string): ParsedTemplate {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_TEMPLATE_BYTES)
    return { problem: `the template is ${bytes} bytes long, more than the ${MAX_TEMPLATE_BYTES} CloudFormation accepts in templateBody` };
  if (bracketDepth(text) > MAX_BRACKETS) return { problem: `the template nests brackets more than ${MAX_BRACKETS} levels deep` };
  let data: unknown;
  try {
    if (/^\s*\{/.test(text)) data = JSON.parse(text);
    else {
      // Loaded on first use: most callers (the diff, check-policy) never read a YAML template.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const YAML = require("yaml") as typeof import("yaml");
      const doc = YAML.parseDocument(text, { customTags: SHORT_FORMS, uniqueKeys: true, prettyErrors: false });
      if (doc.errors.length) {
        const at = doc.errors[0].pos[0];
        const before = text.slice(0, at).split("\n");
        return {
          problem: `the template is not valid YAML: ${doc.errors[0].message} (line ${before.length}, column ${before[before.length - 1].length + 1})`,
        };
      }
      data = doc.toJS({ maxAliasCount: 100 });
    }
  } catch (e) {
    return { problem: `the template could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return { problem: "the template is not an object" };
  return { template: data as Record<string, unknown> };
}

// Values of pseudo parameters as far as IAM's matching is concerned: the partition is "aws" in
// every commercial region; region and account could be any, hence "*" (broader, never narrower).
const PSEUDO = new Map([
  ["AWS::Partition", "aws"],
  ["AWS::URLSuffix", "amazonaws.com"],
]);

/**
 * A property value with intrinsic functions replaced where they give text: `Ref`/`Fn::GetAtt`
 * of a template resource becomes `${Name}` / `${Name.Attr}` (one named thing), a parameter its
 * default if it has one, pseudo parameters their value or `*`, `Fn::Sub`/`Fn::Join`/`Fn::Select`
 * what they build. Functions that choose (`Fn::If`) or import stay as they are: the document
 * rules then report a value they cannot read rather than guess.
 */
export function resolveIntrinsics(value: unknown, template: Record<string, unknown>, depth = 0): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, template, depth + 1)).filter((v) => v !== NO_VALUE);
  const keys = Object.keys(value);
  const o = value as Record<string, unknown>;
  if (keys.length === 1) {
    const arg = o[keys[0]];
    switch (keys[0]) {
      case "Ref":
        if (typeof arg === "string") return ref(arg, template);
        break;
      case "Fn::GetAtt": {
        const parts = typeof arg === "string" ? arg.split(".") : Array.isArray(arg) ? arg : [];
        if (parts.length >= 2 && parts.every((p) => typeof p === "string")) return `\${${parts.join(".")}}`;
        break;
      }
      case "Fn::Sub": {
        const [text, vars] = typeof arg === "string" ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [undefined, {}];
        if (typeof text !== "string" || vars === null || typeof vars !== "object") break;
        return text.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
          const v =
            name in (vars as object)
              ? resolveIntrinsics((vars as Record<string, unknown>)[name], template, depth + 1)
              : ref(name, template);
          return typeof v === "string" ? v : whole;
        });
      }
      case "Fn::Join": {
        if (!Array.isArray(arg) || typeof arg[0] !== "string") break;
        const parts = resolveIntrinsics(arg[1], template, depth + 1);
        if (Array.isArray(parts) && parts.every((p) => typeof p === "string")) return parts.join(arg[0]);
        break;
      }
      case "Fn::Select": {
        if (!Array.isArray(arg)) break;
        const list = resolveIntrinsics(arg[1], template, depth + 1);
        const i = Number(arg[0]);
        if (Array.isArray(list) && Number.isInteger(i) && i >= 0 && i < list.length) return list[i];
        break;
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = resolveIntrinsics(o[k], template, depth + 1);
    if (v !== NO_VALUE) out[k] = v;
  }
  return out;
}

/** `AWS::NoValue`: the property or list item is removed. */
const NO_VALUE = Symbol("AWS::NoValue");

function ref(name: string, template: Record<string, unknown>): unknown {
  if (name === "AWS::NoValue") return NO_VALUE;
  const pseudo = PSEUDO.get(name);
  if (pseudo !== undefined) return pseudo;
  if (name.startsWith("AWS::")) return "*";
  const params = template.Parameters;
  if (params && typeof params === "object" && Object.hasOwn(params, name)) {
    const def = (params as Record<string, { Default?: unknown }>)[name]?.Default;
    if (typeof def === "string") return def;
  }
  return `\${${name}}`;
}
