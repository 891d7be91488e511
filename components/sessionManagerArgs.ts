// The args of SessionManagerAccess: the `ec2-access:sessionManager` section of the stack config
// (docs/contracts/stack-config.md), same keys, plus `stack`. Checked against the same schema
// (model/schema.ts) with the same messages, the component's name in place of the config key.
import type { StackArgs } from "../model/stack";
import type { GrantArgs } from "./serialConsoleArgs";
import type { GrantPacker } from "./packedGrants";

export interface SessionManagerGrantArgs extends GrantArgs {
  /** `user` (default), or `admin`, which may also edit the preferences document. */
  role?: "user" | "admin";
  /**
   * The AWS page's tabs: `session-manager` (Session Manager console and CLI; the default) and/or
   * `ec2-console`; or `cli`, the AWS CLI without the consoles' describe permissions.
   */
  clients?: ("session-manager" | "ec2-console" | "cli")[];
  /** How TerminateSession/ResumeSession are scoped: `iam-user` or `federated`; default derived from the principals. */
  identity?: "iam-user" | "federated";
  /**
   * The session documents the grant may start (AWS-StartSSHSession, AWS-StartPortForwardingSession,
   * AWS-StartPortForwardingSessionToRemoteHost, AWS-PasswordReset, or a custom one of the account),
   * each under the document access check; default: the section's `document` only.
   */
  documents?: string[];
}

/** The session preferences document of each Region, and the key that encrypts sessions. */
export interface SessionPreferencesArgs {
  /** `create` (a key per Region; the default), `none`, or a KMS key ARN (multi-Region for several Regions). */
  kmsKey?: string;
  /**
   * S3 bucket for session logs: a bucket's name, or `{ create: true, expireAfterDays }` for one
   * bucket per Region that the component creates private, TLS-only, encrypted and expiring.
   */
  s3Bucket?: string | { create: true; expireAfterDays: number };
  /** Key prefix of the session logs in the bucket (no wildcard, no ${...}). */
  s3KeyPrefix?: string;
  /** Encrypt the S3 logs; default true with a bucket. */
  s3EncryptionEnabled?: boolean;
  /**
   * CloudWatch Logs group for session logs: a group's name, or `{ create: true, name,
   * retentionDays }` for a group in each Region with retention and a key only CloudWatch Logs
   * may use, for that group only.
   */
  cloudWatchLogGroup?: string | { create: true; name: string; retentionDays: number };
  /** Encrypt the CloudWatch logs; default true with a log group. */
  cloudWatchEncryptionEnabled?: boolean;
  /** Stream session logs to CloudWatch; default true with a log group. */
  cloudWatchStreamingEnabled?: boolean;
  /** Minutes before an idle session ends, 1-60. Default 20. */
  idleSessionTimeoutMinutes?: number;
  /** Longest session in minutes, 1-1440. Default: no limit. */
  maxSessionDurationMinutes?: number;
  /** Run sessions as an OS user other than ssm-user. */
  runAs?: { enabled?: boolean; defaultUser?: string };
  /** Commands run at the start of each session. */
  shellProfile?: { linux?: string; windows?: string };
  /** Adopt the existing per-account-and-Region document instead of creating it. Default false. */
  import?: boolean;
}

export interface SessionManagerAccessArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** The session document users must name. Default SSM-SessionManagerRunShell. */
  document?: string;
  /** Manage the session preferences (and the session key). */
  preferences?: SessionPreferencesArgs;
  /** With `create: true`, a role and instance profile that make instances managed nodes (`name`: default ec2-access-<environment>-session-manager-instance). */
  instanceProfile?: { create?: boolean; name?: string };
  /** Who may start sessions on which instances. */
  grants?: SessionManagerGrantArgs[];
  /**
   * Not a config key: with `ec2-access:packGrants`, the stack's GrantPacker (components/packedGrants.ts),
   * shared by the grant components; its `create` must be called after them. Grants that fit in one
   * policy then share their principals' policies, and the quota is counted on those.
   */
  packer?: GrantPacker;
}
