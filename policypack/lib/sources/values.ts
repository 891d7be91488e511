// Reading resource inputs that may be junk or unknown, and turning an attachment by ARN into the
// document it attaches. Shared by every provider's reader in this folder.
import { awsManagedPolicy, awsManagedPolicyHint, awsManagedPolicyPath, managedPolicyData } from "../../data/awsManagedPolicies";
import { parseDocument } from "../document";
import { throwIfUnknownSentinel } from "../unknown";
import type { DocumentSource } from "./types";

export function str(v: unknown): string | undefined {
  throwIfUnknownSentinel(v);
  return typeof v === "string" ? v : undefined;
}

export function strings(v: unknown): string[] {
  throwIfUnknownSentinel(v);
  if (typeof v === "string") return [v];
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const s = str(v[i]);
    if (s !== undefined) out.push(s);
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  throwIfUnknownSentinel(v);
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * The document an attachment by ARN brings in: an AWS managed policy's current document, a
 * problem for an AWS ARN the data does not know (it cannot be checked), nothing for a customer
 * managed policy (its own resource is checked where it is created).
 */
export function managedSource(arn: string, attachedTo: string | undefined): DocumentSource | undefined {
  const path = awsManagedPolicyPath(arn);
  if (path === undefined) return undefined;
  const managed = awsManagedPolicy(arn);
  if (!managed) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    const hint = awsManagedPolicyHint(arn);
    const data = managedPolicyData();
    return {
      kind: "identity",
      policyName: name,
      prefix: `AWS managed policy ${JSON.stringify(arn)}`,
      attachedTo,
      document: {
        statements: [],
        problems: [
          `unknown AWS managed policy: ${JSON.stringify(arn)} is not among the ${data.count} AWS managed policies this pack knows ` +
            `(${data.source}, updated to ${data.newestUpdate}), so its content cannot be checked` +
            (hint.length
              ? `; did you mean ${hint.map((h) => JSON.stringify(h)).join(" or ")}?`
              : "; if AWS published it since, update the pack's data"),
        ],
      },
    };
  }
  return {
    kind: "identity",
    policyName: managed.name,
    prefix: `AWS managed policy ${managed.name}`,
    attachedTo,
    managed,
    document: parseDocument(managed.document),
  };
}

/** `managedSource` for each ARN of a list, skipping customer managed policies. */
export function managedSources(arns: unknown, attachedTo: string | undefined): DocumentSource[] {
  const out: DocumentSource[] = [];
  for (const arn of strings(arns)) {
    const s = managedSource(arn, attachedTo);
    if (s) out.push(s);
  }
  return out;
}
