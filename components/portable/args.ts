// The args of the components as Pulumi's component analyzer can read them
// (@pulumi/pulumi/provider/experimental/analyzer.js): only string, number, boolean, named
// interfaces, arrays, string-keyed maps, `pulumi.Input` and `any`. It refuses unions (literal
// ones without a named alias included), literal types such as `true`, generics and anonymous
// object types. So: a literal union is a `string`, `allInstances` a `boolean`, a tag's values
// always a list, each object type named. The TypeScript args (components/*Args.ts) keep their
// precise types; the component behind each facade checks these args against the stack-config
// schema with the config's messages, so a wrong value is refused there, not here.
import type * as pulumi from "@pulumi/pulumi";
import type { PrincipalsArgs } from "../serialConsoleArgs";
import type { InstanceConnectEndpointArgs } from "../instanceConnectArgs";
import type { StackArgs } from "../../model/stack";

export type { PrincipalsArgs, InstanceConnectEndpointArgs, StackArgs };

/** Which instances a grant reaches: exactly one of these keys. */
export interface GrantTargetArgs {
  /** These instances only (full instance ARNs in each Region of the stack). */
  instanceIds?: string[];
  /** Instances whose resource tag has one of the values (keys ANDed, values ORed). */
  tags?: Record<string, string[]>;
  /** Attribute-based: the instance's tag of this key must equal the principal's tag of the same key. */
  principalTagKey?: string;
  /** Every instance of the stack's account and Regions (only `true`). */
  allInstances?: boolean;
  /** Session Manager only: these managed nodes (`arn:<partition>:ssm:<region>:<account>:managed-instance/mi-...`). */
  managedInstanceIds?: string[];
}

/** A serial console grant: who (principals) may reach which instances. */
export interface SerialConsoleGrantArgs extends GrantTargetArgs {
  /** Unique in the section; in resource and IAM policy names. 1-40 of a-z 0-9 and inner hyphens. */
  name: string;
  /** Who the grant is for. */
  principals: PrincipalsArgs;
}

/** Linux only: a password-based OS user for troubleshooting through the serial console. */
export interface OsPasswordArgs {
  /** The OS user whose password is set, e.g. root or ec2-user. */
  user: string;
  /** The password, at least 8 characters, no line break. Pass a secret. */
  password: pulumi.Input<string>;
  /** The instances to set it on (or `tags`). */
  instanceIds?: string[];
  /** The instances to set it on, by tag (or `instanceIds`). */
  tags?: Record<string, string[]>;
}

/** The managed instances' role, by name. */
export interface InstanceRoleArgs {
  /** The IAM role's name. */
  name: pulumi.Input<string>;
}

export interface SerialConsoleAccessArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** The per-Region account setting: `enabled`, `disabled`, or `unmanaged` (left alone; the default). */
  accountAccess?: string;
  /** Who may view, enable and disable the account setting (the admin policy, named `admins`). */
  admins?: PrincipalsArgs;
  /** An explicit deny for every grant of the section. */
  denyInstanceIds?: string[];
  /** Who may connect to which instances' serial console. A grant may not be named `admins`. */
  grants?: SerialConsoleGrantArgs[];
  /** Linux only: set an OS user's password for serial console logins. */
  osPassword?: OsPasswordArgs;
  /** Not a config key: the managed instances' role (e.g. SessionManagerAccess's instanceRoleName), which gets the OS password read policy. */
  instanceRole?: InstanceRoleArgs;
}

/** An Instance Connect grant. */
export interface InstanceConnectGrantArgs extends SerialConsoleGrantArgs {
  /** The OS users the grant may push a key for (ec2:osuser), e.g. ec2-user or ubuntu. Never empty, never `*`. */
  osUsers: string[];
  /** Also allow ec2:DescribeInstances, which the EC2 console's connect page needs. Default false. */
  console?: boolean;
}

export interface InstanceConnectAccessArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** Who may push an SSH key as which OS users to which instances. */
  grants?: InstanceConnectGrantArgs[];
  /** An optional EC2 Instance Connect Endpoint; grants then may open tunnels through it. */
  endpoint?: InstanceConnectEndpointArgs;
  /** Several endpoints (one per VPC and Region); not together with `endpoint`. */
  endpoints?: InstanceConnectEndpointArgs[];
}

/** A Session Manager grant. */
export interface SessionManagerGrantArgs extends SerialConsoleGrantArgs {
  /** `user` (default), or `admin`, which may also edit the preferences document. */
  role?: string;
  /** `session-manager` (the default) and/or `ec2-console`; or `cli`, the AWS CLI without the consoles' describe permissions. */
  clients?: string[];
  /** How TerminateSession/ResumeSession are scoped: `iam-user` or `federated`; default derived from the principals. */
  identity?: string;
  /** The session documents the grant may start; default: the section's `document` only. */
  documents?: string[];
}

/** Run sessions as an OS user other than ssm-user. */
export interface RunAsArgs {
  enabled?: boolean;
  defaultUser?: string;
}

/** Commands run at the start of each session. */
export interface ShellProfileArgs {
  linux?: string;
  windows?: string;
}

/** The session preferences document of each Region, and the key that encrypts sessions. */
export interface SessionPreferencesArgs {
  /** `create` (a key per Region; the default), `none`, or a KMS key ARN (multi-Region for several Regions). */
  kmsKey?: string;
  /** S3 bucket for session logs: a bucket's name, or `{ create: true, expireAfterDays }`. Either shape, so `any` (the analyzer has no unions). */
  s3Bucket?: any;
  /** Key prefix of the session logs in the bucket (no wildcard, no ${...}). */
  s3KeyPrefix?: string;
  /** Encrypt the S3 logs; default true with a bucket. */
  s3EncryptionEnabled?: boolean;
  /** CloudWatch Logs group for session logs: a group's name, or `{ create: true, name, retentionDays }`. Either shape, so `any`. */
  cloudWatchLogGroup?: any;
  /** Encrypt the CloudWatch logs; default true with a log group. */
  cloudWatchEncryptionEnabled?: boolean;
  /** Stream session logs to CloudWatch; default true with a log group. */
  cloudWatchStreamingEnabled?: boolean;
  /** Minutes before an idle session ends, 1-60. Default 20. */
  idleSessionTimeoutMinutes?: number;
  /** Longest session in minutes, 1-1440. Default: no limit. */
  maxSessionDurationMinutes?: number;
  /** Run sessions as an OS user other than ssm-user. */
  runAs?: RunAsArgs;
  /** Commands run at the start of each session. */
  shellProfile?: ShellProfileArgs;
  /** Adopt the existing per-account-and-Region document instead of creating it. Default false. */
  import?: boolean;
}

/** With `create: true`, a role and instance profile that make instances managed nodes. */
export interface InstanceProfileArgs {
  create?: boolean;
  /** Default ec2-access-<environment>-session-manager-instance. */
  name?: string;
}

export interface SessionManagerAccessArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** The session document users must name. Default SSM-SessionManagerRunShell. */
  document?: string;
  /** Manage the session preferences (and the session key). */
  preferences?: SessionPreferencesArgs;
  /** A role and instance profile that make instances managed nodes. */
  instanceProfile?: InstanceProfileArgs;
  /** Who may start sessions on which instances. */
  grants?: SessionManagerGrantArgs[];
}

/** A service control policy that denies the serial console everywhere but the excepted accounts. */
export interface SerialConsoleScpArgs {
  /** `deny`, the only effect. */
  effect?: string;
  /** The SCP's name, 1-128 characters. Default deny-serial-console. */
  name?: string;
  /** Roots (r-...), OUs (ou-...-...) or account IDs the SCP is attached to. At least one. */
  targetIds: string[];
  /** Accounts that keep the serial console. */
  exceptAccountIds?: string[];
}

/** EC2 declarative policy (DECLARATIVE_POLICY_EC2) with the serial_console_access attribute. */
export interface SerialConsoleDeclarativePolicyArgs {
  /** `enabled` or `disabled`: the status the policy assigns in every account it applies to. */
  status: string;
  /** The policy's name, 1-128 characters. Default serial-console-access. */
  name?: string;
  /** Roots (r-...), OUs (ou-...-...) or account IDs the policy is attached to. At least one. */
  targetIds: string[];
}

export interface OrganizationGuardrailsArgs {
  /** The stack the component runs in. */
  stack: StackArgs;
  /** The serial console SCP. */
  serialConsoleScp?: SerialConsoleScpArgs;
  /** An EC2 declarative policy that sets the serial console's account access where attached. */
  serialConsoleDeclarativePolicy?: SerialConsoleDeclarativePolicyArgs;
}
