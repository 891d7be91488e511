// Content of AWS managed policies that grant (or govern) access to instances, so that attaching
// one is checked like any other document. Each entry records where its content was read and
// which version that was: AWS edits these policies, so the version tells a reader when to look
// again. Only content that could be read from AWS's published reference is here; a statement
// that could not be verified is left out and said so in `note`.

export interface AwsManagedPolicy {
  /** Name, as in the ARN's last segment. */
  name: string;
  /** Path between `policy/` and the name, `/` or e.g. `/service-role/`. */
  path: string;
  /** Default version when the content was read, e.g. `v1`. */
  version: string;
  /** The AWS Managed Policy Reference page the content was read from. */
  source: string;
  /** When the content was read (ISO date). */
  retrieved: string;
  note?: string;
  /**
   * The default version's document. Absent when the content could not be verified here: the
   * attachment is then reported as unreadable (require-readable-policy-document) rather than
   * passed unchecked, since these policies are known to grant access actions broadly.
   */
  document?: { Version: "2012-10-17"; Statement: Record<string, unknown>[] };
}

const REFERENCE = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/";

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  {
    name: "AdministratorAccess",
    path: "/",
    version: "v1",
    source: `${REFERENCE}AdministratorAccess.html`,
    retrieved: "2026-11-22",
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
  },
  {
    name: "AmazonSSMReadOnlyAccess",
    path: "/",
    version: "v1",
    source: `${REFERENCE}AmazonSSMReadOnlyAccess.html`,
    retrieved: "2026-11-22",
    note: "Grants no access action; shipped so that attaching it is known to be harmless.",
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ssm:Describe*", "ssm:Get*", "ssm:List*"], Resource: "*" }] },
  },
  // Known to grant access actions (their own descriptions: full access to Systems Manager,
  // Amazon EC2, every service but IAM, SendSSHPublicKey), but their current content could not be
  // read verbatim offline. Ship it here, with source and version, to have them checked.
  ...["AmazonSSMFullAccess", "AmazonEC2FullAccess", "PowerUserAccess", "EC2InstanceConnect"].map(
    (name): AwsManagedPolicy => ({
      name,
      path: "/",
      version: "unknown",
      source: `${REFERENCE}${name}.html`,
      retrieved: "not retrieved",
      note: "Content not verified; attachments are reported instead of checked.",
    }),
  ),
];

const byPathAndName = new Map(AWS_MANAGED_POLICIES.map((p) => [`${p.path}${p.name}`.toLowerCase(), p]));

/**
 * The AWS managed policy an ARN names (`arn:<any partition>:iam::aws:policy/<path><name>`),
 * or undefined for customer managed policies and AWS managed policies not shipped here.
 */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  const m = /^arn:[a-z-]+:iam::aws:policy(\/.*)$/i.exec(arn.trim());
  if (!m) return undefined;
  return byPathAndName.get(m[1].toLowerCase());
}
