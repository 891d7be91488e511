// A reader for the subset of YAML that SSM documents are written in: block mappings and
// sequences, plain/quoted scalars, `|`/`>` block scalars, comments, and flow collections that
// are valid JSON (`{}`, `[]`, `["a"]`). The pack may depend only on @pulumi/* and iam-data, so
// it carries no YAML library; anything outside the subset makes `readYaml` return undefined
// (the caller then says "cannot read" instead of guessing). Never throws.

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string; // without indentation and trailing comment
  raw: string; // the full line (for block scalars)
}

class Unsupported extends Error {}

/** Parses `source`; undefined when it is not in the supported subset (or not YAML at all). */
export function readYaml(source: string): YamlValue | undefined {
  try {
    if (typeof source !== "string") return undefined;
    const lines = toLines(source);
    if (lines.length === 0) return null;
    const cursor = { i: 0 };
    const value = parseBlock(lines, cursor, lines[0].indent);
    if (cursor.i !== lines.length) return undefined;
    return value;
  } catch (e) {
    // Only our own refusal and stack exhaustion on absurd nesting are expected here.
    if (e instanceof Unsupported || e instanceof RangeError || e instanceof SyntaxError) return undefined;
    return undefined;
  }
}

function toLines(source: string): Line[] {
  const out: Line[] = [];
  for (const raw of source.replace(/\r\n?/g, "\n").split("\n")) {
    if (raw.includes("\t") && /^\s*\t/.test(raw)) throw new Unsupported("tab indentation");
    const body = stripComment(raw);
    const trimmed = body.trim();
    if (trimmed === "" || trimmed === "---" || trimmed === "...") {
      // Blank lines still matter inside block scalars: keep them as empty raw lines.
      out.push({ indent: -1, text: "", raw });
      continue;
    }
    out.push({ indent: body.length - body.trimStart().length, text: trimmed, raw });
  }
  // Leading/trailing blank lines carry nothing.
  while (out.length > 0 && out[out.length - 1].indent < 0) out.pop();
  while (out.length > 0 && out[0].indent < 0) out.shift();
  return out;
}

/** Removes a `#` comment that is outside quotes and preceded by white space (YAML's rule). */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      // A quote only opens a quoted scalar at the start of a value, not inside a plain word.
      const before = line.slice(0, i).trimEnd();
      if (
        before === "" ||
        before.endsWith(":") ||
        before.endsWith("-") ||
        before.endsWith("[") ||
        before.endsWith(",") ||
        before.endsWith("{")
      )
        quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    }
  }
  return line;
}

function skipBlank(lines: Line[], cursor: { i: number }): void {
  while (cursor.i < lines.length && lines[cursor.i].indent < 0) cursor.i++;
}

function parseBlock(lines: Line[], cursor: { i: number }, indent: number): YamlValue {
  skipBlank(lines, cursor);
  const first = lines[cursor.i];
  if (first === undefined) return null;
  if (first.text === "-" || first.text.startsWith("- ")) return parseSequence(lines, cursor, indent);
  if (findKeySeparator(first.text) >= 0) return parseMapping(lines, cursor, indent);
  // A lone scalar document.
  cursor.i++;
  return parseScalar(first.text);
}

function parseMapping(lines: Line[], cursor: { i: number }, indent: number): YamlValue {
  const result: { [key: string]: YamlValue } = {};
  for (;;) {
    skipBlank(lines, cursor);
    const line = lines[cursor.i];
    if (line === undefined || line.indent < indent) break;
    if (line.indent > indent) throw new Unsupported("unexpected indentation");
    const sep = findKeySeparator(line.text);
    if (sep < 0) throw new Unsupported("not a mapping entry");
    const key = unquoteKey(line.text.slice(0, sep).trim());
    const rest = line.text.slice(sep + 1).trim();
    cursor.i++;
    if (Object.prototype.hasOwnProperty.call(result, key)) throw new Unsupported("duplicate key");
    result[key] = parseValueAfterIndicator(lines, cursor, indent, rest, true);
  }
  return result;
}

function parseSequence(lines: Line[], cursor: { i: number }, indent: number): YamlValue {
  const result: YamlValue[] = [];
  for (;;) {
    skipBlank(lines, cursor);
    const line = lines[cursor.i];
    if (line === undefined || line.indent < indent) break;
    if (line.indent > indent) throw new Unsupported("unexpected indentation");
    if (!(line.text === "-" || line.text.startsWith("- "))) break;
    const rest = line.text.slice(1).trim();
    if (rest !== "" && findKeySeparator(rest) >= 0 && !/^["'[{]/.test(rest)) {
      // `- key: value` opens a mapping whose entries sit at the column after "- ".
      const inner = line.indent + line.text.length - line.text.slice(1).trimStart().length;
      lines[cursor.i] = { indent: inner, text: rest, raw: line.raw };
      result.push(parseMapping(lines, cursor, inner));
      continue;
    }
    cursor.i++;
    result.push(parseValueAfterIndicator(lines, cursor, indent, rest, false));
  }
  return result;
}

/** The value after `key:` or `- `: inline scalar, block scalar, or a nested block. */
function parseValueAfterIndicator(lines: Line[], cursor: { i: number }, indent: number, rest: string, afterKey: boolean): YamlValue {
  if (rest === "") {
    skipBlank(lines, cursor);
    const next = lines[cursor.i];
    if (next === undefined || next.indent <= indent) {
      // A sequence may sit at the same indentation as its key.
      if (afterKey && next !== undefined && next.indent === indent && (next.text === "-" || next.text.startsWith("- "))) {
        return parseSequence(lines, cursor, indent);
      }
      return null;
    }
    return parseBlock(lines, cursor, next.indent);
  }
  if (/^[|>][+-]?$/.test(rest)) return parseBlockScalar(lines, cursor, indent, rest);
  if (rest.startsWith("&") || rest.startsWith("*") || rest.startsWith("!")) throw new Unsupported("anchors, aliases and tags");
  return parseScalar(rest);
}

function parseBlockScalar(lines: Line[], cursor: { i: number }, indent: number, header: string): YamlValue {
  const collected: string[] = [];
  let blockIndent = -1;
  while (cursor.i < lines.length) {
    const line = lines[cursor.i];
    if (line.indent >= 0 && line.indent <= indent) break;
    const leading = line.raw.length - line.raw.trimStart().length;
    if (line.raw.trim() === "") {
      collected.push("");
    } else {
      if (blockIndent < 0) blockIndent = leading;
      if (leading < blockIndent) break;
      collected.push(line.raw.slice(blockIndent));
    }
    cursor.i++;
  }
  while (collected.length > 0 && collected[collected.length - 1] === "") collected.pop();
  const text = header.startsWith("|") ? collected.join("\n") : collected.join(" ");
  return header.endsWith("-") ? text : `${text}\n`;
}

/** Index of the `:` that ends a mapping key (followed by space or end), outside quotes. */
function findKeySeparator(text: string): number {
  let i = 0;
  if (text.startsWith('"') || text.startsWith("'")) {
    const q = text[0];
    i = 1;
    while (i < text.length && text[i] !== q) i += text[i] === "\\" && q === '"' ? 2 : 1;
    i++;
  }
  if (text.startsWith("{") || text.startsWith("[")) return -1;
  for (; i < text.length; i++) {
    if (text[i] === ":" && (i + 1 === text.length || text[i + 1] === " ")) return i;
  }
  return -1;
}

function unquoteKey(key: string): string {
  const v = parseScalar(key);
  return typeof v === "string" ? v : String(v);
}

function parseScalar(text: string): YamlValue {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new Unsupported("multi-line double-quoted scalar");
    // YAML double-quoted escapes are a superset of JSON's; the common ones agree.
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Unsupported("multi-line single-quoted scalar");
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith("{") || text.startsWith("[")) {
    // Flow collections: only their JSON-compatible form.
    return JSON.parse(text) as YamlValue;
  }
  // YAML 1.2 core schema.
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^(?:null|Null|NULL|~)$/.test(text)) return null;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  return text;
}
