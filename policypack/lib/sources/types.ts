// What a source of an identity document is. Kept apart from ../sources.ts so that the readers
// of each provider (this folder) and the dispatcher share it without importing each other.
import type { AwsManagedPolicy } from "../../data/awsManagedPolicies";
import type { ParsedDocument } from "../document";

export type SourceKind =
  /** Grants permissions to whoever it is attached to. */
  | "identity"
  /** A service control policy: its Allow grants nothing, it only bounds what identities may get. */
  | "scp";

export interface DocumentSource {
  kind: SourceKind;
  /** The policy's name where it has one (`props.name`, else the resource name; AWS's name for managed policies). */
  policyName: string;
  /** Prefix for messages when the resource holds more than one document or holds it indirectly. */
  prefix?: string;
  /** Whom the document reaches, when the resource says so (`role "sre"`). */
  attachedTo?: string;
  /** Set for attachments of AWS managed policies: the content comes from ../data. */
  managed?: AwsManagedPolicy;
  document: ParsedDocument;
}
