// AWS naming rules that the configuration is checked against before any resource exists.
// Each comes from the AWS API reference of the service that would otherwise refuse the value
// at deploy time, after part of a stack has already been changed.

/** EC2 instance IDs: the old 8-hex form and the current 17-hex form. */
export const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * Managed node IDs of hybrid and edge machines: mi- and 17 lower-case hex digits (botocore's SSM
 * model, shape ManagedInstanceId: `^mi-[0-9a-f]{17}$`, beside an EKS form this tool does not target).
 */
export const MANAGED_INSTANCE_ID = /^mi-[0-9a-f]{17}$/;

/** A 12-digit AWS account ID. */
export const ACCOUNT_ID = /^\d{12}$/;

/** Region codes such as us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5. */
export const REGION =
  /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso[a-z]?)?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;

/** IAM user and role names: 1-64 of [A-Za-z0-9+=,.@_-] (IAM API reference, UserName/RoleName). */
export const IAM_USER_OR_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** IAM group names: 1-128 of the same characters (IAM API reference, GroupName). */
export const IAM_GROUP_NAME = /^[\w+=,.@-]{1,128}$/;

/** Tag keys and values: letters, numbers, spaces and _ . : / = + - @ (AWS tagging rules). */
export const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;

/** Linux user names as useradd accepts them (and as ec2:osuser compares them). */
export const OS_USER = /^[a-z_][a-z0-9_-]{0,31}$/;

/**
 * Grant names end up in Pulumi resource names and IAM policy names (128 characters at most,
 * with a prefix and suffix of ours): short, lower-case, DNS-like, so that names stay readable.
 */
export const GRANT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** A KMS key ARN (key/<id> or multi-Region key/mrk-<id>). */
export const KMS_KEY_ARN =
  /^arn:aws(?:-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Organizations targets for an SCP: root r-xxxx, OU ou-xxxx-xxxxxxxx, or an account ID. */
export const ORGANIZATIONS_TARGET = /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

/** SSM document names: 3-128 of [a-zA-Z0-9_.-]; names starting with AWS or Amazon are reserved. */
export const SSM_DOCUMENT_NAME = /^[a-zA-Z0-9_.-]{3,128}$/;

/** S3 bucket names (general purpose buckets). */
export const S3_BUCKET = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** CloudWatch Logs group names: 1-512 of [.\-_/#A-Za-z0-9]. */
export const LOG_GROUP = /^[.\-_/#A-Za-z0-9]{1,512}$/;

export const SUBNET_ID = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const VPC_ID = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * An SNS standard topic ARN (arn:<partition>:sns:<region>:<account>:<name>): topic names are
 * 1-256 of letters, digits, hyphens and underscores (SNS CreateTopic). FIFO topics (.fifo) are
 * left out: EventBridge targets a FIFO topic only with a message group ID, which alerts do not set.
 */
export const SNS_TOPIC_ARN = /^arn:aws(?:-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** An e-mail address as SNS's email protocol takes it: one @, no spaces, a dotted domain. */
export const EMAIL = /^[^\s@]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;

/**
 * The session documents AWS owns (`arn:<partition>:ssm:<region>::document/<name>`, no account)
 * that AWS's pages name for `aws ssm start-session --document-name`, each with its page:
 * - AWS-StartSSHSession: session-manager-getting-started-enable-ssh-connections (SSH through a
 *   session) and getting-started-sessiondocumentaccesscheck ("the user's policy must grant them
 *   access to the AWS-StartSSHSession session document");
 * - AWS-StartPortForwardingSession, AWS-StartPortForwardingSessionToRemoteHost:
 *   session-manager-working-with-sessions-start ("Start a session (port forwarding)", "... to a
 *   remote host") and getting-started-specify-session-document;
 * - AWS-PasswordReset: managed-instances-password-reset (ssm:StartSession with this document).
 * Pages of the AWS Systems Manager User Guide (awsdocs/aws-systems-manager-user-guide, doc_source/,
 * commit dd495cca5833730e93837f1b3b66e8290a9bde2f, and docs.aws.amazon.com). A document AWS adds
 * later belongs here with its page; a name not in the list is refused rather than guessed.
 */
export const AWS_SESSION_DOCUMENTS = [
  "AWS-StartSSHSession",
  "AWS-StartPortForwardingSession",
  "AWS-StartPortForwardingSessionToRemoteHost",
  "AWS-PasswordReset",
] as const;

/** Names AWS reserves for its own documents: a custom document may not begin with them (CreateDocument). */
export const RESERVED_DOCUMENT_PREFIX = /^(?:aws|amazon|amzn)/i;

/**
 * A grant's end (`expires`): ISO 8601 in UTC, as IAM's date condition operators compare
 * `aws:CurrentTime` with it. Only the `Z` form: an offset or a date without a time would leave
 * the reader to guess which instant IAM stops the access at.
 */
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/**
 * The session document Session Manager uses when `start-session` names none: "the system uses
 * SSM-SessionManagerRunShell" (AWS's page "Enforce a session document permission check for the
 * AWS CLI", test/fixtures/aws-pages/006).
 */
export const DEFAULT_SESSION_DOCUMENT = "SSM-SessionManagerRunShell";
