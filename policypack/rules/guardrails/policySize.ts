// How big a policy document is, the way AWS counts it. IAM counts managed and inline policy
// size without white space outside strings (`LimitExceeded ... PolicySize: 6144`); everything
// inside a string counts, escapes included, since that is the text IAM receives. Organizations
// counts the SCP text as sent, white space included (only the console minifies first).
// Never throws, except the engine's UnknownValueError when a document is unknown at preview.
import { rethrowIfUnknown, throwIfUnknownSentinel } from "../../lib/unknown";

/** A document as a resource holds it: a JSON string, or an object the provider will serialise. */
export function policyText(doc: unknown): string | undefined {
  // Callers without the engine's proxy pass the raw preview placeholder: same error as the proxy.
  throwIfUnknownSentinel(doc);
  if (typeof doc === "string") return doc;
  if (typeof doc !== "object" || doc === null) return undefined;
  try {
    // The provider sends objects as compact JSON.
    const text = JSON.stringify(doc);
    return typeof text === "string" ? text : undefined;
  } catch (e) {
    // Unknown values inside the object: let the engine report "can't run during preview".
    rethrowIfUnknown(e);
    return undefined; // cycles, BigInt: not a document anyone can send
  }
}

/** IAM's size: characters, not counting white space outside JSON strings. */
export function iamPolicySize(doc: unknown): number | undefined {
  const text = policyText(doc);
  return text === undefined ? undefined : countIamCharacters(text);
}

export function countIamCharacters(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is one character: count its high half only.
    if (code >= 0xdc00 && code <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1))) continue;
    if (inString) {
      count++;
      if (code === 0x5c /* \ */) {
        // The escaped character is part of the string, even when it is a quote.
        if (i + 1 < text.length) {
          count++;
          i++;
        }
      } else if (code === 0x22 /* " */) {
        inString = false;
      }
    } else if (code === 0x22) {
      inString = true;
      count++;
    } else if (!isWhiteSpace(code)) {
      count++;
    }
  }
  return count;
}

/** Organizations' size: every character of the text as sent. */
export function scpSize(doc: unknown): number | undefined {
  const text = policyText(doc);
  if (text === undefined) return undefined;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1))) continue;
    count++;
  }
  return count;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isWhiteSpace(code: number): boolean {
  // JSON's white space plus what String.prototype.trim treats as such (policies pasted from
  // documents sometimes carry non-breaking spaces outside strings; IAM rejects them anyway).
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    code === 0xa0 ||
    code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x3000
  );
}

/** The statements of a document with their own sizes, largest first, to say what to split. */
export function largestStatements(doc: unknown, count: number): { label: string; size: number }[] {
  let parsed: unknown = doc;
  if (typeof doc === "string") {
    try {
      parsed = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  if (typeof parsed !== "object" || parsed === null) return [];
  let statements: unknown;
  try {
    statements = (parsed as Record<string, unknown>)["Statement"];
  } catch (e) {
    rethrowIfUnknown(e);
    return [];
  }
  const list = Array.isArray(statements) ? statements : statements !== undefined ? [statements] : [];
  const sized = list.map((s, i) => {
    const sid =
      typeof s === "object" && s !== null && typeof (s as Record<string, unknown>)["Sid"] === "string"
        ? ((s as Record<string, unknown>)["Sid"] as string)
        : undefined;
    return { label: sid ? `statement ${i} (Sid "${sid.slice(0, 64)}")` : `statement ${i}`, size: iamPolicySize(s) ?? 0 };
  });
  return sized.sort((a, b) => b.size - a.size).slice(0, count);
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
