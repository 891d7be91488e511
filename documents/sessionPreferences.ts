// The Session Manager preferences document (one per account and Region), the key policy of
// the KMS key that encrypts sessions, and the check that no two stacks own one document.
import type { ArnScope } from "./arn";
import type { Statement } from "./policyDocument";
import { statement } from "./policyDocument";
import { KMS_KEY_ARN } from "../model/awsNames";
import { sessionKeyRegionFault } from "../model/sessionKey";

export { DEFAULT_SESSION_DOCUMENT } from "../model/schema";

/** What the preferences document says, with the session key already resolved for its Region. */
export interface PreferencesContentSpec {
  /** Key ARN for this Region, or "" when sessions are not encrypted with KMS. */
  kmsKeyId: string;
  s3Bucket?: string;
  s3KeyPrefix?: string;
  s3EncryptionEnabled: boolean;
  cloudWatchLogGroup?: string;
  cloudWatchEncryptionEnabled: boolean;
  cloudWatchStreamingEnabled: boolean;
  idleSessionTimeoutMinutes: number;
  maxSessionDurationMinutes?: number;
  runAs: { enabled: boolean; defaultUser: string };
  shellProfile: { linux: string; windows: string };
}

/**
 * The `Standard_Stream` Session document (schema 1.0) that holds the Region's preferences.
 * Every input is written, empty when unused, as the console writes them: a key left out would
 * show as a difference against a document the console created, on import.
 */
export function sessionPreferencesContent(spec: PreferencesContentSpec): string {
  return JSON.stringify({
    schemaVersion: "1.0",
    description: "Document to hold regional settings for Session Manager",
    sessionType: "Standard_Stream",
    inputs: {
      s3BucketName: spec.s3Bucket ?? "",
      s3KeyPrefix: spec.s3KeyPrefix ?? "",
      s3EncryptionEnabled: spec.s3EncryptionEnabled,
      cloudWatchLogGroupName: spec.cloudWatchLogGroup ?? "",
      cloudWatchEncryptionEnabled: spec.cloudWatchEncryptionEnabled,
      cloudWatchStreamingEnabled: spec.cloudWatchStreamingEnabled,
      // The schema takes minutes as strings.
      idleSessionTimeout: String(spec.idleSessionTimeoutMinutes),
      maxSessionDuration: spec.maxSessionDurationMinutes === undefined ? "" : String(spec.maxSessionDurationMinutes),
      kmsKeyId: spec.kmsKeyId,
      runAsEnabled: spec.runAs.enabled,
      runAsDefaultUser: spec.runAs.enabled ? spec.runAs.defaultUser : "",
      shellProfile: { windows: spec.shellProfile.windows, linux: spec.shellProfile.linux },
    },
  });
}

export type SessionKeyChoice = { kind: "none" } | { kind: "create" } | { kind: "given"; arnByRegion: Record<string, string> };

/**
 * Which key encrypts sessions in each Region. A session key must be in the session's Region,
 * so a given key serves a stack of several Regions only if it is a multi-Region key (mrk-)
 * replicated to each of them: its replicas share the key ID and differ in the Region field.
 * Returns the problems instead of throwing, so that they can be reported with the others.
 */
export function sessionKeyChoice(kmsKey: string, regions: string[]): { choice?: SessionKeyChoice; problems: string[] } {
  if (kmsKey === "none") return { choice: { kind: "none" }, problems: [] };
  if (kmsKey === "create") return { choice: { kind: "create" }, problems: [] };
  if (!KMS_KEY_ARN.test(kmsKey))
    return {
      problems: [`ec2-access:sessionManager.preferences.kmsKey: got ${JSON.stringify(kmsKey)}; expected create, none, or a KMS key ARN`],
    };
  const [, partition, , keyRegion, account, resource] = kmsKey.split(":");
  if (sessionKeyRegionFault(kmsKey, regions)) {
    return {
      problems: [
        `ec2-access:sessionManager.preferences.kmsKey: got a key in ${keyRegion}; expected a key in each of the stack's Regions ${JSON.stringify(regions)} ` +
          "(a session key must be in the session's Region): use create, or a multi-Region key (key/mrk-...) replicated to each Region",
      ],
    };
  }
  const arnByRegion = Object.fromEntries(regions.map((r) => [r, `arn:${partition}:kms:${r}:${account}:${resource}`]));
  return { choice: { kind: "given", arnByRegion }, problems: [] };
}

/** A key policy statement: an IAM statement with the principal it applies to. */
export type KeyPolicyStatement = Statement & { Principal: { AWS: string | string[] } };
export interface KeyPolicy {
  Version: "2012-10-17";
  Statement: KeyPolicyStatement[];
}

/**
 * The session key's policy. The account root with `kms:*` lets the account's IAM policies grant
 * use of the key (kms:GenerateDataKey to the grants, kms:Decrypt to the instances); without it
 * no IAM policy could. The instance role is named too, so that instances can decrypt even where
 * an administrator trims the account statement later.
 */
export function sessionKeyPolicy(scope: ArnScope, instanceRoleArn?: string): KeyPolicy {
  const withPrincipal = (sid: string, principal: string, s: Statement): KeyPolicyStatement => {
    const { Effect, ...rest } = s;
    return { Sid: sid, Effect, Principal: { AWS: principal }, ...rest };
  };
  const statements = [
    withPrincipal(
      "AccountIamPolicies",
      `arn:${scope.partition}:iam::${scope.accountId}:root`,
      statement({ actions: ["kms:*"], resources: ["*"] }),
    ),
  ];
  if (instanceRoleArn)
    statements.push(withPrincipal("InstanceRoleDecrypt", instanceRoleArn, statement({ actions: ["kms:Decrypt"], resources: ["*"] })));
  return { Version: "2012-10-17", Statement: statements };
}

export interface PreferencesOwner {
  stack: string;
  accountId?: string;
  regions: string[];
  managesPreferences: boolean;
  document: string;
}

/**
 * A preferences document exists once per account and Region: two stacks that both manage it
 * would overwrite each other's preferences on every `pulumi up`, and the second create fails
 * with DocumentAlreadyExists. One message per document owned twice. Stacks without an account
 * ID cannot be compared and are left out (their account is only known at deploy time).
 */
export function preferencesOwnershipConflicts(stacks: PreferencesOwner[]): string[] {
  const owners = new Map<string, string[]>();
  for (const s of stacks) {
    if (!s.managesPreferences || s.accountId === undefined) continue;
    for (const region of new Set(s.regions)) {
      const key = JSON.stringify([s.accountId, region, s.document]);
      owners.set(key, [...(owners.get(key) ?? []), s.stack]);
    }
  }
  const problems: string[] = [];
  for (const [key, names] of owners) {
    if (names.length < 2) continue;
    const [accountId, region, document] = JSON.parse(key) as string[];
    problems.push(
      `stacks ${names.join(", ")} all manage the Session Manager preferences document ${document} in account ${accountId}, ${region}: ` +
        "it exists once per account and Region; keep ec2-access:sessionManager.preferences in one of them only",
    );
  }
  return problems;
}

/** A Session preferences document's Run As setting (its `inputs.runAsEnabled` and `runAsDefaultUser`). */
export interface RunAsSetting {
  enabled: boolean;
  defaultUser?: string;
}

/** The OS account SSM Agent creates and starts sessions as when Run As is off. */
export const SSM_USER = "ssm-user";

/**
 * The OS users sessions start as under these preferences documents, the one rule the plan's
 * access table and `ec2-access audit` share. Session Manager's docs ("Turn on run as support"):
 * by default sessions are launched with the credentials of the system-generated `ssm-user`
 * account; with Run As on, as the principal's `SSMSessionRunAs` tag, else the default user.
 * No document known: nothing can be said (none).
 */
export function sessionOsUsers(settings: readonly RunAsSetting[], principalTags?: Record<string, string>): string[] {
  const users = settings.flatMap((s) =>
    !s.enabled ? [SSM_USER] : principalTags?.SSMSessionRunAs ? [principalTags.SSMSessionRunAs] : s.defaultUser ? [s.defaultUser] : [],
  );
  return [...new Set(users)].sort();
}
