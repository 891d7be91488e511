// Duplicate keys in JSON text. `JSON.parse` (and most parsers) keep only the last of two equal
// keys in one object, silently: `{"Effect": "Deny", ..., "Effect": "Allow"}` reads as an Allow,
// and a reviewer who reads the first one sees a Deny. The classic provider hands policy documents
// over as JSON text, so the text is scanned once more, by a single pass that never recurses
// (any depth, no stack overflow) and does work linear in the text's length.

/** `Statement[0].Condition.StringEquals` style path of a position in the document. */
type Frame = { kind: "object"; keys: Set<string>; expectKey: boolean; key?: string } | { kind: "array"; index: number };

function pathOf(stack: Frame[]): string {
  let out = "";
  for (let i = 0; i < stack.length - 1; i++) {
    const f = stack[i];
    if (f.kind === "object") out += out === "" ? (f.key ?? "") : `.${f.key ?? ""}`;
    else out += `[${f.index}]`;
  }
  return out === "" ? "the top level" : out;
}

export interface DuplicateKey {
  key: string;
  /** Where the object is: `Statement[0]`, `Statement[1].Condition`, `the top level`. */
  where: string;
}

/**
 * Keys that appear more than once in the same object of `text`, in order of their second
 * appearance (each key and place once). `text` must be valid JSON (parse it first); on anything
 * else the result is simply incomplete.
 */
export function duplicateKeys(text: string, max = 20): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const reported = new Set<string>();
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length && found.length < max) {
    const c = text[i];
    if (c === '"') {
      // A string token: find its end, skipping escapes.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.kind === "object" && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          key = text.slice(i + 1, j);
        }
        if (top.keys.has(key)) {
          const where = pathOf(stack);
          const id = `${where}\u0000${key}`;
          if (!reported.has(id)) {
            reported.add(id);
            found.push({ key, where });
          }
        }
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === "{") stack.push({ kind: "object", keys: new Set(), expectKey: true });
    else if (c === "[") stack.push({ kind: "array", index: 0 });
    else if (c === "}" || c === "]") stack.pop();
    else if (c === ",") {
      const top = stack[stack.length - 1];
      if (top?.kind === "object") top.expectKey = true;
      else if (top?.kind === "array") top.index++;
    }
    i++;
  }
  return found;
}
