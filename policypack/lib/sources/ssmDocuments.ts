// SSM documents of either provider, in the shape of `aws.ssm.Document`'s inputs, for the session
// preference rules. `aws-native:ssm:Document` (@pulumi/aws-native 1.79.0: `name`, `documentType`,
// `documentFormat` (JSON by default), `content`) takes the content as an object or as text.
import { throwIfUnknownSentinel } from "../unknown";
import { isRecord } from "./values";

export const CLASSIC_SSM_DOCUMENT = "aws:ssm/document:Document";
export const NATIVE_SSM_DOCUMENT = "aws-native:ssm:Document";

/** Depth beyond which a content object is not turned into text (the rules then call it unreadable). */
const MAX_DEPTH = 32;

function plain(v: unknown, depth: number): unknown {
  throwIfUnknownSentinel(v);
  if (v === null || typeof v !== "object" || depth > MAX_DEPTH) return depth > MAX_DEPTH ? undefined : v;
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = plain((v as Record<string, unknown>)[k], depth + 1);
  return out;
}

/**
 * The inputs of an SSM document as `aws.ssm.Document` has them (content as text), or undefined
 * when the resource is no SSM document. Only `Session` documents have their content read, so an
 * unknown in another document's content does not stop the check during preview.
 */
export function ssmDocumentProps(args: { type: string; props: unknown }): Record<string, unknown> | undefined {
  if (args.type === CLASSIC_SSM_DOCUMENT) return isRecord(args.props) ? args.props : {};
  if (args.type !== NATIVE_SSM_DOCUMENT) return undefined;
  const p = isRecord(args.props) ? args.props : {};
  const documentType = p.documentType;
  if (documentType !== "Session") return { documentType };
  const content = p.content;
  throwIfUnknownSentinel(content);
  if (content !== null && typeof content === "object") {
    return { name: p.name, documentType, documentFormat: "JSON", content: JSON.stringify(plain(content, 0)) ?? "" };
  }
  return { name: p.name, documentType, documentFormat: p.documentFormat ?? "JSON", content };
}
