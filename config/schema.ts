// The stack configuration contract (../shared/design/stack-config.md) as a zod schema.
// Every object is strict, so a typo such as `grnts` is an error rather than a silently
// ignored key; every rule says what it expects, so the messages can name the fix.
import { z } from "zod";
import * as p from "./patterns";

const unique = <T extends z.ZodTypeAny>(item: T, what: string) =>
  z.array(item).superRefine((values, ctx) => {
    const seen = new Set<unknown>();
    values.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: "custom", path: [i], message: `duplicate ${what}; each may appear once` });
      seen.add(v);
    });
  });

export const instanceId = z
  .string()
  .regex(p.INSTANCE_ID, "an EC2 instance ID: i- followed by 8 or 17 lower-case hex digits");
export const accountId = z.string().regex(p.ACCOUNT_ID, "a 12-digit AWS account ID, quoted as a string");
export const region = z.string().regex(p.REGION, "an AWS Region code such as us-east-1");

const tagKey = z
  .string()
  .min(1, "a tag key of at least 1 character")
  .max(p.TAG_KEY_MAX, `a tag key of at most ${p.TAG_KEY_MAX} characters`)
  .regex(p.TAG_CHARACTERS, "a tag key of letters, numbers, spaces and _ . : / = + - @")
  .refine((k) => !k.toLowerCase().startsWith("aws:"), "a tag key without the reserved aws: prefix");
const tagValue = z
  .string()
  .max(p.TAG_VALUE_MAX, `a tag value of at most ${p.TAG_VALUE_MAX} characters`)
  .regex(p.TAG_CHARACTERS, "a tag value of letters, numbers, spaces and _ . : / = + - @");

/** `Key: Value` or `Key: [Value, ...]`: the instance's tag must have one of the values. */
export const tagMatch = z
  .record(tagKey, z.union([tagValue, unique(tagValue, "tag value").min(1, "at least one tag value")]))
  .refine((t) => Object.keys(t).length > 0, "at least one tag key");

export const principals = z
  .strictObject({
    users: unique(z.string().regex(p.IAM_USER_OR_ROLE_NAME, "an IAM user name: 1-64 of A-Z a-z 0-9 + = , . @ _ -"), "user").default([]),
    groups: unique(z.string().regex(p.IAM_GROUP_NAME, "an IAM group name: 1-128 of A-Z a-z 0-9 + = , . @ _ -"), "group").default([]),
    roles: unique(z.string().regex(p.IAM_USER_OR_ROLE_NAME, "an IAM role name: 1-64 of A-Z a-z 0-9 + = , . @ _ -"), "role").default([]),
  })
  .refine((x) => x.users.length + x.groups.length + x.roles.length > 0, "at least one user, group or role");

/** The four ways a grant names its instances (stack-config.md, "Targets"). */
const targetFields = {
  instanceIds: unique(instanceId, "instance ID").min(1, "at least one instance ID").optional(),
  tags: tagMatch.optional(),
  principalTagKey: tagKey.optional(),
  allInstances: z.literal(true, "true (omit the key otherwise)").optional(),
};
const TARGET_KEYS = Object.keys(targetFields) as (keyof typeof targetFields)[];

/** Exactly one target key per grant; reported on the grant with the keys found. */
function exactlyOneTarget(value: Partial<Record<(typeof TARGET_KEYS)[number], unknown>>, ctx: z.RefinementCtx) {
  const present = TARGET_KEYS.filter((k) => value[k] !== undefined);
  if (present.length !== 1) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message:
        present.length === 0
          ? `no target; expected exactly one of ${TARGET_KEYS.join(", ")}`
          : `${present.length} targets (${present.join(", ")}); expected exactly one of ${TARGET_KEYS.join(", ")}`,
    });
  }
}

const grantName = z
  .string()
  .regex(p.GRANT_NAME, "a grant name of 1-40 lower-case letters, digits and inner hyphens");

const grantBase = { name: grantName, principals, ...targetFields };

function uniqueGrantNames(grants: { name: string }[], ctx: z.RefinementCtx) {
  const seen = new Map<string, number>();
  grants.forEach((g, i) => {
    const first = seen.get(g.name);
    if (first !== undefined) {
      ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate grant name; already used by grants[${first}]` });
    } else seen.set(g.name, i);
  });
}

// ---------- Serial Console ----------
export const serialConsoleGrant = z.strictObject(grantBase).superRefine(exactlyOneTarget);

export const osPassword = z
  .strictObject({
    user: z.string().regex(p.OS_USER, "a Linux user name such as root or ec2-user"),
    password: z.string().min(8, "a password of at least 8 characters (a Pulumi secret: `pulumi config set --secret`)"),
    instanceIds: unique(instanceId, "instance ID").min(1, "at least one instance ID").optional(),
    tags: tagMatch.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.instanceIds === undefined) === (v.tags === undefined)) {
      ctx.addIssue({ code: "custom", path: [], message: "exactly one of instanceIds or tags: the instances whose OS user gets the password" });
    }
  });

export const serialConsole = z.strictObject({
  accountAccess: z.enum(["enabled", "disabled", "unmanaged"]).default("unmanaged"),
  admins: principals.optional(),
  denyInstanceIds: unique(instanceId, "instance ID").default([]),
  grants: z.array(serialConsoleGrant).superRefine(uniqueGrantNames).default([]),
  osPassword: osPassword.optional(),
});

// ---------- Instance Connect ----------
export const instanceConnectGrant = z
  .strictObject({
    ...grantBase,
    osUsers: unique(
      z.string().refine((u) => u !== "*", "an explicit OS user; * would let the grant log in as anyone, root included")
        .pipe(z.string().regex(p.OS_USER, "a Linux user name such as ec2-user or ubuntu")),
      "OS user",
    ).min(1, "at least one OS user (ec2:osuser): ec2-user on Amazon Linux, ubuntu on Ubuntu"),
    console: z.boolean().default(false),
  })
  .superRefine(exactlyOneTarget);

export const instanceConnectEndpoint = z.strictObject({
  subnetId: z.string().regex(p.SUBNET_ID, "a subnet ID: subnet- followed by 8 or 17 hex digits"),
  securityGroupIds: unique(z.string().regex(p.SECURITY_GROUP_ID, "a security group ID: sg- followed by 8 or 17 hex digits"), "security group")
    .max(16, "at most 16 security groups")
    .default([]),
  vpcId: z.string().regex(p.VPC_ID, "a VPC ID: vpc- followed by 8 or 17 hex digits").optional(),
  region: region.optional(),
  preserveClientIp: z.boolean().default(false),
  maxTunnelDurationSeconds: z.number().int("a whole number of seconds").min(1, "1 to 3600 seconds").max(3600, "1 to 3600 seconds").default(3600),
  remotePorts: unique(z.number().int().min(1).max(65535), "port").min(1).default([22]),
});

export const instanceConnect = z.strictObject({
  grants: z.array(instanceConnectGrant).superRefine(uniqueGrantNames).default([]),
  endpoint: instanceConnectEndpoint.optional(),
});

// ---------- Session Manager ----------
export const SESSION_CLIENTS = ["session-manager", "ec2-console"] as const;

export const sessionManagerGrant = z
  .strictObject({
    ...grantBase,
    role: z.enum(["user", "admin"]).default("user"),
    clients: unique(z.enum(SESSION_CLIENTS), "client").min(1, "at least one client").default(["session-manager"]),
    identity: z.enum(["iam-user", "federated"]).default("iam-user"),
  })
  .superRefine(exactlyOneTarget);

export const sessionPreferences = z.strictObject({
  kmsKey: z.union([z.enum(["create", "none"]), z.string().regex(p.KMS_KEY_ARN, "create, none, or a KMS key ARN")]).default("create"),
  s3Bucket: z.string().regex(p.S3_BUCKET, "an S3 bucket name").optional(),
  s3KeyPrefix: z.string().max(256).optional(),
  s3EncryptionEnabled: z.boolean().default(true),
  cloudWatchLogGroup: z.string().regex(p.LOG_GROUP, "a CloudWatch Logs group name").optional(),
  cloudWatchEncryptionEnabled: z.boolean().default(true),
  cloudWatchStreamingEnabled: z.boolean().default(true),
  idleSessionTimeoutMinutes: z.number().int("whole minutes").min(1, "1 to 60 minutes").max(60, "1 to 60 minutes").default(20),
  maxSessionDurationMinutes: z.number().int("whole minutes").min(1, "1 to 1440 minutes").max(1440, "1 to 1440 minutes").optional(),
  runAs: z
    .strictObject({
      enabled: z.boolean().default(false),
      defaultUser: z.string().refine((u) => u === "" || p.OS_USER.test(u), "an OS user name, or empty").default(""),
    })
    .default({ enabled: false, defaultUser: "" }),
  shellProfile: z
    .strictObject({ linux: z.string().max(4096).default(""), windows: z.string().max(4096).default("") })
    .default({ linux: "", windows: "" }),
  /** Adopt the existing per-account-and-region document instead of creating it. */
  import: z.boolean().default(false),
});

export const sessionManager = z.strictObject({
  document: z
    .string()
    .regex(p.SSM_DOCUMENT_NAME, "an SSM document name: 3-128 of a-z A-Z 0-9 _ . -")
    .default("SSM-SessionManagerRunShell"),
  preferences: sessionPreferences.optional(),
  instanceProfile: z.strictObject({ create: z.boolean().default(false), name: z.string().regex(p.IAM_USER_OR_ROLE_NAME).optional() }).optional(),
  grants: z.array(sessionManagerGrant).superRefine(uniqueGrantNames).default([]),
});

// ---------- Organization ----------
export const organization = z.strictObject({
  serialConsoleScp: z
    .strictObject({
      effect: z.literal("deny", "deny (the only supported effect: serial console denied everywhere but the exceptions)").default("deny"),
      name: z.string().min(1).max(128).default("deny-serial-console"),
      targetIds: unique(z.string().regex(p.ORGANIZATIONS_TARGET, "a root (r-...), OU (ou-...-...) or 12-digit account ID"), "target").min(1, "at least one target"),
      exceptAccountIds: unique(accountId, "account ID").default([]),
    })
    .optional(),
});

/** Keys of the `ec2-access:` namespace; any other key under it is a typo. */
export const projectKeys = z.strictObject({
  environment: z.string().regex(/^[a-z0-9][a-z0-9-]{0,19}$/, "1-20 lower-case letters, digits and hyphens"),
  accountId: accountId.optional(),
  regions: unique(region, "region").min(1, "at least one region").optional(),
  maxManagedPoliciesPerPrincipal: z.number().int().min(1, "1 to 20 (10 by default; 20 with a quota increase)").max(20, "1 to 20 (10 by default; 20 with a quota increase)").default(10),
  serialConsole: serialConsole.optional(),
  instanceConnect: instanceConnect.optional(),
  sessionManager: sessionManager.optional(),
  organization: organization.optional(),
});

export type ProjectKeys = z.infer<typeof projectKeys>;
export type Principals = z.infer<typeof principals>;
export type TagMatch = z.infer<typeof tagMatch>;
export type SerialConsoleConfig = z.infer<typeof serialConsole>;
export type SerialConsoleGrant = z.infer<typeof serialConsoleGrant>;
export type OsPasswordConfig = z.infer<typeof osPassword>;
export type InstanceConnectConfig = z.infer<typeof instanceConnect>;
export type InstanceConnectGrant = z.infer<typeof instanceConnectGrant>;
export type InstanceConnectEndpointConfig = z.infer<typeof instanceConnectEndpoint>;
export type SessionManagerConfig = z.infer<typeof sessionManager>;
export type SessionManagerGrant = z.infer<typeof sessionManagerGrant>;
export type SessionPreferences = z.infer<typeof sessionPreferences>;
export type SessionClient = (typeof SESSION_CLIENTS)[number];
export type OrganizationConfig = z.infer<typeof organization>;
