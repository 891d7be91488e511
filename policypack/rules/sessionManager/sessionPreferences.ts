// Reads the session preferences out of an `aws.ssm.Document`'s inputs. Session Manager keeps its
// preferences (logging, KMS encryption, timeouts, Run As, shell profiles) in a Session document
// of sessionType Standard_Stream, `SSM-SessionManagerRunShell` by default; its `inputs` object
// is what the preference rules judge. Never throws on any value it is given; touching an unknown
// value (preview) still throws the engine's UnknownValueError, on purpose: the engine turns it
// into an advisory "can't run policy during preview".
import { throwIfUnknownSentinel } from "../../lib/unknown";
import { readYaml } from "./yamlSubset";

/** The session document schema allows only these for sessionType. */
export const STANDARD_STREAM = "Standard_Stream";

export type PreferencesReading =
  /** Not a Session document, or a Session document for another session type (Port, ...). */
  | { kind: "not-applicable"; reason: string }
  /** A Session document that should hold preferences but cannot be read: say so, do not guess. */
  | { kind: "unreadable"; reason: string }
  | { kind: "preferences"; inputs: Readonly<Record<string, unknown>> };

/** Props of `aws.ssm.Document` as the policy receives them (inputs, possibly junk). */
export function readSessionPreferences(props: unknown): PreferencesReading {
  if (!isRecord(props)) return { kind: "not-applicable", reason: "the resource has no properties" };
  const documentType = props["documentType"];
  // Callers without the engine's proxy pass the raw preview placeholders: same error as the proxy.
  throwIfUnknownSentinel(documentType, ["documentType"]);
  // The API's enum is case-sensitive and defaults to Command: only "Session" holds preferences.
  if (documentType !== "Session") return { kind: "not-applicable", reason: "not a Session document" };

  const format = props["documentFormat"] ?? "JSON";
  const content = props["content"];
  throwIfUnknownSentinel(format, ["documentFormat"]);
  throwIfUnknownSentinel(content, ["content"]);
  if (typeof content !== "string" || content.trim() === "") {
    return { kind: "unreadable", reason: "its content is missing or not a string" };
  }
  let parsed: unknown;
  if (format === "JSON") {
    try {
      parsed = JSON.parse(content);
    } catch {
      return { kind: "unreadable", reason: "its content is not valid JSON (documentFormat is JSON)" };
    }
  } else if (format === "YAML") {
    parsed = readYaml(content);
    if (parsed === undefined) {
      return {
        kind: "unreadable",
        reason: "its YAML content could not be read (anchors, tags and multi-line flow collections are not supported; JSON always is)",
      };
    }
  } else {
    return { kind: "unreadable", reason: `its documentFormat ${describe(format)} cannot hold session preferences (use JSON or YAML)` };
  }
  if (!isRecord(parsed)) return { kind: "unreadable", reason: "its content is not an object" };

  const sessionType = parsed["sessionType"];
  // Only Standard_Stream documents carry preferences; Port and command documents take the
  // account's preferences from the Standard_Stream document. A missing sessionType is treated
  // as Standard_Stream so that a malformed preferences document is still judged.
  if (sessionType !== undefined && sessionType !== STANDARD_STREAM) {
    return { kind: "not-applicable", reason: `sessionType ${describe(sessionType)} holds no session preferences` };
  }
  const inputs = parsed["inputs"];
  if (inputs === undefined || inputs === null) return { kind: "preferences", inputs: {} };
  if (!isRecord(inputs)) return { kind: "unreadable", reason: "its inputs element is not an object" };
  return { kind: "preferences", inputs };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A set string input: non-empty after trimming. */
export function nonEmptyString(v: unknown): v is string {
  return typeof v === "string" && v.trim() !== "";
}

/** The schema types these as Boolean; documents rendered by templates often say "true". */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === "string" && v.trim().toLowerCase() === "true");
}

/**
 * Minutes as the schema writes them (a string of digits) or as a number. undefined when absent,
 * NaN when present but not a whole number of minutes.
 */
export function minutes(v: unknown): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number") return Number.isInteger(v) ? v : NaN;
  if (typeof v === "string" && /^\s*\d{1,9}\s*$/.test(v)) return Number(v.trim());
  return NaN;
}

/** A short, safe rendering of any value for messages (bounded length). */
export function describe(v: unknown): string {
  let text: string;
  try {
    text = typeof v === "string" ? JSON.stringify(v) : v === undefined ? "undefined" : (JSON.stringify(v) ?? String(v));
  } catch {
    text = Object.prototype.toString.call(v);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
