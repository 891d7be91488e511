// The model: the stack configuration contract (docs/contracts/stack-config.md) as a zod schema.
// Its sections are also the components' args (components/*Args.ts); the config loader
// (config/load.ts) and the components validate with it, the documents read its types.
// Every object is strict, so a typo such as `grnts` is an error rather than a silently
// ignored key; every rule says what it expects, so the messages can name the fix.
// Rules that relate one value to another run even when a sibling is invalid (`whenObject`),
// so that one run reports every problem.
import { z } from "zod";
import * as p from "./awsNames";
import type { TargetKey } from "./target";
import { EC2_TARGET_KEYS, TARGET_KEYS } from "./target";

/** The description that marks a key of another section, kept in a shape only to be refused with a reason. */
export const ANOTHER_SECTIONS_KEY = "a key of another section";
import { logGroupChoice, s3BucketChoice } from "./logStores";
import { once } from "./once";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** Runs a refinement as soon as the value is an object, whatever its fields' own problems. */
const whenObject = { when: (payload: { value: unknown }) => isObject(payload.value) };
const whenArray = { when: (payload: { value: unknown }) => Array.isArray(payload.value) };

/** The sections whose schemas this process has built: a stack's load builds the sections it has, no other. */
const built = new Set<string>();
export const builtSections = (): string[] => [...built];
const section = <T>(name: string, build: () => T) =>
  once(() => {
    built.add(name);
    return build();
  });

/** A string that must match `re`; `what` is the expectation, also when the value is missing or not a string. */
const text = (re: RegExp, what: string) => z.string(what).regex(re, what);

/** A list in which each item may appear once; the duplicate names its first position. */
const unique = <T extends z.ZodType>(item: T, what: string, listWhat = `a list of ${what}s`) =>
  z.array(item, listWhat).superRefine((values, ctx) => {
    const seen = new Map<unknown, number>();
    values.forEach((v, i) => {
      const first = seen.get(v);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: [i], message: `each ${what} once (already at [${first}])` });
      else seen.set(v, i);
    });
  }, whenArray);

export const instanceId = text(p.INSTANCE_ID, "an EC2 instance ID: i- followed by 8 or 17 lower-case hex digits");
export const accountId = text(p.ACCOUNT_ID, "a 12-digit AWS account ID, quoted as a string");
export const region = text(p.REGION, "an AWS Region code such as us-east-1");

const notReserved = (s: string) => !s.toLowerCase().startsWith("aws:");
const tagKey = z
  .string("a tag key (a string)")
  .min(1, "a tag key of at least 1 character")
  .max(p.TAG_KEY_MAX, `a tag key of at most ${p.TAG_KEY_MAX} characters`)
  .regex(p.TAG_CHARACTERS, "a tag key of letters, numbers, spaces and _ . : / = + - @")
  .refine(notReserved, "a tag key without the reserved aws: prefix");
const tagValue = z
  .string("a tag value (a string)")
  .max(p.TAG_VALUE_MAX, `a tag value of at most ${p.TAG_VALUE_MAX} characters`)
  .regex(p.TAG_CHARACTERS, "a tag value of letters, numbers, spaces and _ . : / = + - @")
  .refine(notReserved, "a tag value without the reserved aws: prefix");

/** `Key: Value` or `Key: [Value, ...]`: the instance's tag must have one of the values. */
export const tagMatch = z
  .record(
    tagKey,
    z.union([tagValue, unique(tagValue, "tag value").min(1, "at least one tag value")], "a tag value or a list of tag values"),
    "a map of tag keys to a value or a list of values, e.g. { Team: web }",
  )
  .refine((t) => Object.keys(t).length > 0, "at least one tag key, e.g. { Team: web }");

const IAM_CHARS = "A-Z a-z 0-9 + = , . @ _ -";
const iamName = (re: RegExp, kind: string, max: number) =>
  text(re, `an IAM ${kind} name (the name, not an ARN or path): 1-${max} of ${IAM_CHARS}`);

export const principals = z
  .strictObject(
    {
      users: unique(iamName(p.IAM_USER_OR_ROLE_NAME, "user", 64), "user").default([]),
      groups: unique(iamName(p.IAM_GROUP_NAME, "group", 128), "group").default([]),
      roles: unique(iamName(p.IAM_USER_OR_ROLE_NAME, "role", 64), "role").default([]),
    },
    "a map of users, groups and roles, e.g. { groups: [oncall] }",
  )
  .superRefine((x, ctx) => {
    const count = (l: unknown) => (Array.isArray(l) ? l.length : 0);
    if (count(x.users) + count(x.groups) + count(x.roles) === 0) {
      ctx.addIssue({ code: "custom", message: "at least one user, group or role: the existing IAM identities the grant is for" });
    }
  }, whenObject);

/** The ways a grant names its instances (stack-config.md, "Targets"; model/target.ts). */
const targetFields = {
  instanceIds: unique(instanceId, "instance ID").min(1, "at least one instance ID").optional(),
  tags: tagMatch.optional(),
  principalTagKey: tagKey.optional(),
  allInstances: z.literal(true, "true (omit the key otherwise)").optional(),
  managedInstanceIds: unique(
    text(p.MANAGED_INSTANCE_ID, "a managed node ID: mi- followed by 17 lower-case hex digits"),
    "managed node ID",
    "a list of managed node IDs, e.g. [mi-0123456789abcdef0]",
  )
    .min(1, "at least one managed node ID")
    .optional(),
} satisfies Record<TargetKey, z.ZodType>;

/** Exactly one of the section's target keys per grant; reported on the grant with the keys found. */
const exactlyOneOf = (keys: readonly TargetKey[]) =>
  function exactlyOneTarget(value: Record<string, unknown>, ctx: z.RefinementCtx) {
    const present = keys.filter((k) => value[k] !== undefined);
    if (present.length === 1) return;
    ctx.addIssue({
      code: "custom",
      params: { got: present.length === 0 ? "no target" : `${present.length} targets (${present.join(", ")})` },
      message: `exactly one target: one of ${keys.join(", ")}`,
    });
  };

/** The serial console and Instance Connect reach EC2 instances: a managed node is refused with the reason. */
function ec2Target(value: Record<string, unknown>, ctx: z.RefinementCtx) {
  const managed = value.managedInstanceIds !== undefined;
  // A grant that names only managed nodes gets the one message that says why.
  if (!managed || EC2_TARGET_KEYS.some((k) => value[k] !== undefined)) exactlyOneOf(EC2_TARGET_KEYS)(value, ctx);
  if (!managed) return;
  ctx.addIssue({
    code: "custom",
    path: ["managedInstanceIds"],
    message:
      "a target of Session Manager grants only: managed nodes (mi-) are machines registered with Systems Manager, not EC2 instances, and have no EC2 serial console or EC2 Instance Connect; use instanceIds, tags, principalTagKey or allInstances",
  });
}

const grantName = text(p.GRANT_NAME, "a grant name of 1-40 lower-case letters, digits and inner hyphens");

const EXPIRES = "an ISO 8601 date and time in UTC, e.g. 2027-01-31T18:00:00Z";
/** A real instant: the pattern alone would let 2027-02-30T00:00:00Z through. */
const isRealInstant = (s: string) => {
  if (!p.ISO_UTC.test(s)) return true; // the pattern's own message says it
  const ms = Date.parse(s);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === s.slice(0, 19);
};
/** When IAM stops allowing the grant's access (`aws:CurrentTime` `DateLessThan`, documents/expiry.ts). */
export const expires = text(p.ISO_UTC, EXPIRES).refine(isRealInstant, `${EXPIRES} (a date that exists)`);

const grantBase = { name: grantName, principals, ...targetFields, expires: expires.optional() };
/**
 * The grant keys of the serial console and Instance Connect: managedInstanceIds is in the shape
 * only so that ec2Target can refuse it with the reason (and unknown-key messages leave it out).
 */
const ec2GrantBase = { ...grantBase, managedInstanceIds: targetFields.managedInstanceIds.describe(ANOTHER_SECTIONS_KEY) };

const grantList = <T extends z.ZodType>(grant: T) =>
  z.array(grant, "a list of grants").superRefine((grants, ctx) => {
    const seen = new Map<unknown, number>();
    grants.forEach((g, i) => {
      const name = isObject(g) ? g.name : undefined;
      if (typeof name !== "string") return;
      const first = seen.get(name);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [i, "name"],
          message: `a name unique in the section (grants[${first}] is already named ${JSON.stringify(name)})`,
        });
      } else seen.set(name, i);
    });
  }, whenArray);

// ---------- Serial Console ----------
export const serialConsoleGrant = once(() =>
  z.strictObject(ec2GrantBase, "a grant: { name, principals, and one target }").superRefine(ec2Target, whenObject),
);

export const osPassword = once(() =>
  z
    .strictObject(
      {
        user: text(p.OS_USER, "a Linux user name such as root or ec2-user"),
        password: z
          .string("a Pulumi secret (`pulumi config set --secret --path 'ec2-access:serialConsole.osPassword.password'`)")
          .min(8, "a password of at least 8 characters (a Pulumi secret: `pulumi config set --secret`)")
          // chpasswd reads one `user:password` per line: a line break would set another user's password.
          .regex(/^[^\r\n]*$/, "a password without a line break (chpasswd reads one user:password per line)"),
        instanceIds: unique(instanceId, "instance ID").min(1, "at least one instance ID").optional(),
        tags: tagMatch.optional(),
      },
      "a map: { user, password, and instanceIds or tags }",
    )
    .superRefine((v, ctx) => {
      const present = (["instanceIds", "tags"] as const).filter((k) => v[k] !== undefined);
      if (present.length !== 1) {
        ctx.addIssue({
          code: "custom",
          params: { got: present.length === 0 ? "neither instanceIds nor tags" : "both instanceIds and tags" },
          message: "exactly one of instanceIds or tags: the instances whose OS user gets the password",
        });
      }
    }, whenObject),
);

export const serialConsole = section("serialConsole", () =>
  z.strictObject(
    {
      accountAccess: z.enum(["enabled", "disabled", "unmanaged"]).default("unmanaged"),
      admins: principals.optional(),
      denyInstanceIds: unique(instanceId, "instance ID").default([]),
      grants: grantList(serialConsoleGrant()).default([]),
      osPassword: osPassword().optional(),
    },
    "a map with accountAccess, admins, denyInstanceIds, grants, osPassword",
  ),
);

// ---------- Instance Connect ----------
export const instanceConnectGrant = once(() =>
  z
    .strictObject(
      {
        ...ec2GrantBase,
        osUsers: unique(
          z
            .string("an OS user name (a string)")
            .refine((u) => u !== "*", "an explicit OS user; * would let the grant log in as anyone, root included")
            .pipe(text(p.OS_USER, "a Linux user name such as ec2-user or ubuntu")),
          "OS user",
          "a list of OS users (ec2:osuser), e.g. [ec2-user]",
        ).min(1, "at least one OS user (ec2:osuser): ec2-user on Amazon Linux, ubuntu on Ubuntu"),
        console: z.boolean("true or false").default(false),
      },
      "a grant: { name, principals, osUsers, and one target }",
    )
    .superRefine(ec2Target, whenObject),
);

const hexId = (prefix: string, what: string, re: RegExp) => text(re, `${what} ID: ${prefix}- followed by 8 or 17 hex digits`);
const seconds = "1 to 3600 seconds (the most EC2 Instance Connect Endpoint allows)";
export const instanceConnectEndpoint = once(() =>
  z.strictObject(
    {
      subnetId: hexId("subnet", "a subnet", p.SUBNET_ID),
      securityGroupIds: unique(hexId("sg", "a security group", p.SECURITY_GROUP_ID), "security group")
        .max(16, "at most 16 security groups")
        .default([]),
      vpcId: hexId("vpc", "a VPC", p.VPC_ID).optional(),
      region: region.optional(),
      preserveClientIp: z.boolean("true or false").default(false),
      maxTunnelDurationSeconds: z
        .number("a number of seconds")
        .int("a whole number of seconds")
        .min(1, seconds)
        .max(3600, seconds)
        .default(3600),
      remotePorts: unique(
        z.number("a TCP port number").int("a TCP port: 1 to 65535").min(1, "a TCP port: 1 to 65535").max(65535, "a TCP port: 1 to 65535"),
        "port",
      )
        .min(1, "at least one port, e.g. [22]")
        .default([22]),
      // Instances' security groups that get an inbound rule from the endpoint's groups, on each remote port.
      instanceSecurityGroupIds: unique(hexId("sg", "a security group", p.SECURITY_GROUP_ID), "security group").default([]),
    },
    "a map with subnetId and optionally securityGroupIds, vpcId, region, ...",
  ),
);

export const instanceConnect = section("instanceConnect", () =>
  z.strictObject(
    {
      grants: grantList(instanceConnectGrant()).default([]),
      endpoint: instanceConnectEndpoint().optional(),
      // Several endpoints (one per VPC and Region, AWS's quota); not together with `endpoint`.
      endpoints: z.array(instanceConnectEndpoint(), "a list of endpoints").min(1, "at least one endpoint, or omit the key").optional(),
    },
    "a map with grants and optionally endpoint or endpoints",
  ),
);

// ---------- Session Manager ----------
/** The shell document the EC2 and Session Manager consoles always start sessions with. */
export const DEFAULT_SESSION_DOCUMENT = "SSM-SessionManagerRunShell";

/**
 * `session-manager`: the Session Manager console and the AWS CLI (the quickstart page's first tab);
 * `ec2-console`: the Amazon EC2 console (second tab); `cli`: the AWS CLI only, without the
 * console's read-only describe permissions.
 */
export const SESSION_CLIENTS = ["session-manager", "ec2-console", "cli"] as const;

const AWS_DOCUMENTS = p.AWS_SESSION_DOCUMENTS.join(", ");
/** A session document a grant may start: one AWS owns (from AWS's pages) or a custom one of the account. */
const sessionDocumentName = once(() =>
  z
    .string("a session document name (a string)")
    .regex(p.SSM_DOCUMENT_NAME, "a session document name: 3-128 of a-z A-Z 0-9 _ . -")
    .refine(
      (name) => !p.RESERVED_DOCUMENT_PREFIX.test(name) || (p.AWS_SESSION_DOCUMENTS as readonly string[]).includes(name),
      `an AWS session document (${AWS_DOCUMENTS}) or a custom session document of this account; other names beginning with AWS, Amazon or amzn are reserved by AWS`,
    ),
);

export const sessionManagerGrant = once(() =>
  z
    .strictObject(
      {
        ...grantBase,
        role: z.enum(["user", "admin"]).default("user"),
        clients: unique(z.enum(SESSION_CLIENTS), "client", `a list of clients: ${SESSION_CLIENTS.join(", ")}`)
          .min(1, `at least one client: ${SESSION_CLIENTS.join(", ")}`)
          .default(["session-manager"]),
        // Derived when omitted (see sessionIdentity below).
        identity: z.enum(["iam-user", "federated"]).optional(),
        // Omitted: the section's `document` only. Each one is granted with the document access check.
        documents: unique(sessionDocumentName(), "document", "a list of session document names, e.g. [AWS-StartSSHSession]")
          .min(1, "at least one session document, or omit the key for the section's document")
          .optional(),
      },
      "a grant: { name, principals, and one target }",
    )
    .superRefine(exactlyOneOf(TARGET_KEYS), whenObject)
    .superRefine((g, ctx) => {
      // `session/${aws:username}-*` never matches a role session: such a grant could start
      // sessions it can never end or resume.
      const roles = isObject(g.principals) && Array.isArray(g.principals.roles) ? g.principals.roles : [];
      if (g.identity === "iam-user" && roles.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["identity"],
          message:
            "federated, or no identity (derived from the principals), for a grant with roles: iam-user scopes TerminateSession/ResumeSession by aws:username, which a role session does not have, so its users could not end or resume their own sessions",
        });
      }
      const clients = Array.isArray(g.clients) ? g.clients : [];
      if (g.managedInstanceIds !== undefined && clients.includes("ec2-console")) {
        ctx.addIssue({
          code: "custom",
          path: ["clients"],
          message: "session-manager or cli for a grant to managed nodes: the Amazon EC2 console connects to EC2 instances only",
        });
      }
      // The EC2 console starts shell sessions only: documents are named by the other clients.
      if (g.documents !== undefined && clients.length > 0 && clients.every((c) => c === "ec2-console")) {
        ctx.addIssue({
          code: "custom",
          path: ["documents"],
          message:
            "clients that name a session document (session-manager or cli) with documents: the EC2 console starts shell sessions with the section's document only",
        });
      }
    }, whenObject)
    .transform((g) => ({ ...g, identity: sessionIdentity(g.identity, g.principals) })),
);

/**
 * How a grant scopes "one's own sessions": `iam-user` (session/<aws:username>-*) for IAM users
 * and groups, `federated` (the session-id tag equals aws:userid) for roles, `both` for a grant
 * with both kinds. An explicit value wins.
 */
export type SessionIdentity = "iam-user" | "federated" | "both";
export function sessionIdentity(
  explicit: "iam-user" | "federated" | undefined,
  p: { users: string[]; groups: string[]; roles: string[] },
): SessionIdentity {
  if (explicit) return explicit;
  const people = p.users.length + p.groups.length > 0;
  const roles = p.roles.length > 0;
  return people && roles ? "both" : roles ? "federated" : "iam-user";
}

const minutes = (max: number) => `1 to ${max} minutes (the range Session Manager accepts)`;
const minuteField = (max: number) =>
  z
    .number(minutes(max))
    .int(`whole minutes, ${minutes(max)}`)
    .min(1, minutes(max))
    .max(max, minutes(max));

const KMS_KEY = "create, none, or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)";

export const sessionPreferences = once(() =>
  z
    .strictObject(
      {
        // The same words on both branches: zod reports whichever branch was closest.
        kmsKey: z.union([z.enum(["create", "none"], KMS_KEY), text(p.KMS_KEY_ARN, KMS_KEY)], KMS_KEY).default("create"),
        s3Bucket: s3BucketChoice().optional(),
        s3KeyPrefix: z.string("a string").max(256, "at most 256 characters").optional(),
        // Without a destination these are meaningless; they default to "on" only when it exists.
        s3EncryptionEnabled: z.boolean("true or false").optional(),
        cloudWatchLogGroup: logGroupChoice().optional(),
        cloudWatchEncryptionEnabled: z.boolean("true or false").optional(),
        cloudWatchStreamingEnabled: z.boolean("true or false").optional(),
        idleSessionTimeoutMinutes: minuteField(60).default(20),
        maxSessionDurationMinutes: minuteField(1440).optional(),
        runAs: z
          .strictObject(
            {
              enabled: z.boolean("true or false").default(false),
              defaultUser: z
                .string("an OS user name")
                .refine((u) => u === "" || p.OS_USER.test(u), "an OS user name such as ssm-user, or empty")
                .default(""),
            },
            "a map: { enabled, defaultUser }",
          )
          .superRefine((r, ctx) => {
            if (r.enabled === true && r.defaultUser === "") {
              ctx.addIssue({
                code: "custom",
                path: ["defaultUser"],
                message:
                  "an OS user name when runAs.enabled is true: sessions of principals without an SSMSessionRunAs tag run as this user",
              });
            }
          }, whenObject)
          .default({ enabled: false, defaultUser: "" }),
        shellProfile: z
          .strictObject(
            {
              linux: z.string("shell commands").max(4096, "at most 4096 characters").default(""),
              windows: z.string("shell commands").max(4096, "at most 4096 characters").default(""),
            },
            "a map: { linux, windows }",
          )
          .default({ linux: "", windows: "" }),
        /** Adopt the existing per-account-and-region document instead of creating it. */
        import: z.boolean("true or false").default(false),
      },
      "a map of session preferences",
    )
    .superRefine((v, ctx) => {
      const needs = (
        flag: "s3EncryptionEnabled" | "cloudWatchEncryptionEnabled" | "cloudWatchStreamingEnabled",
        destination: "s3Bucket" | "cloudWatchLogGroup",
      ) => {
        if (v[flag] === true && v[destination] === undefined) {
          ctx.addIssue({
            code: "custom",
            path: [flag],
            message: `${destination} to be set as well (without it there are no session logs to apply ${flag} to), or remove ${flag}`,
          });
        }
      };
      needs("s3EncryptionEnabled", "s3Bucket");
      needs("cloudWatchEncryptionEnabled", "cloudWatchLogGroup");
      needs("cloudWatchStreamingEnabled", "cloudWatchLogGroup");
    }, whenObject)
    .transform(({ s3Bucket, cloudWatchLogGroup, ...v }) => ({
      ...v,
      // A name: a bucket someone else owns. A created bucket's name is per Region (createBucket).
      // (Keys only when set: a stack without them reads exactly as before.)
      ...(typeof s3Bucket === "string" ? { s3Bucket } : {}),
      ...(typeof s3Bucket === "object" ? { createBucket: s3Bucket } : {}),
      // The group's name either way: a created group has the same name in every Region.
      ...(cloudWatchLogGroup !== undefined
        ? { cloudWatchLogGroup: typeof cloudWatchLogGroup === "object" ? cloudWatchLogGroup.name : cloudWatchLogGroup }
        : {}),
      ...(typeof cloudWatchLogGroup === "object" ? { createLogGroup: cloudWatchLogGroup } : {}),
      s3EncryptionEnabled: v.s3EncryptionEnabled ?? s3Bucket !== undefined,
      cloudWatchEncryptionEnabled: v.cloudWatchEncryptionEnabled ?? cloudWatchLogGroup !== undefined,
      cloudWatchStreamingEnabled: v.cloudWatchStreamingEnabled ?? cloudWatchLogGroup !== undefined,
    })),
);

export const sessionManager = section("sessionManager", () =>
  z
    .strictObject(
      {
        document: text(p.SSM_DOCUMENT_NAME, "an SSM document name: 3-128 of a-z A-Z 0-9 _ . -").default(DEFAULT_SESSION_DOCUMENT),
        preferences: sessionPreferences().optional(),
        instanceProfile: z
          .strictObject(
            {
              create: z.boolean("true or false").default(false),
              name: iamName(p.IAM_USER_OR_ROLE_NAME, "instance profile", 64).optional(),
            },
            "a map: { create, name }",
          )
          .optional(),
        grants: grantList(sessionManagerGrant()).default([]),
      },
      "a map with document, preferences, instanceProfile, grants",
    )
    .superRefine((section, ctx) => {
      // The EC2 console always starts shells with the section's document (SSM-SessionManagerRunShell):
      // a grant for it that lists documents must list that one, or its console sessions would fail.
      const shell = typeof section.document === "string" ? section.document : DEFAULT_SESSION_DOCUMENT;
      (Array.isArray(section.grants) ? section.grants : []).forEach((g: unknown, i: number) => {
        if (!isObject(g) || !Array.isArray(g.documents) || !Array.isArray(g.clients) || !g.clients.includes("ec2-console")) return;
        if (g.documents.includes(shell)) return;
        ctx.addIssue({
          code: "custom",
          path: ["grants", i, "documents"],
          message: `${shell} among the documents of a grant for the ec2-console client: the EC2 console starts every session with it (or leave ec2-console out of clients)`,
        });
      });
    }, whenObject),
);

// ---------- Organization ----------
export const organization = section("organization", () =>
  z.strictObject(
    {
      serialConsoleScp: z
        .strictObject(
          {
            effect: z
              .literal("deny", "deny (the only supported effect: serial console denied everywhere but the exceptions)")
              .default("deny"),
            name: z
              .string("a policy name")
              .min(1, "a policy name of 1-128 characters")
              .max(128, "a policy name of 1-128 characters")
              .default("deny-serial-console"),
            targetIds: unique(text(p.ORGANIZATIONS_TARGET, "a root (r-...), OU (ou-...-...) or 12-digit account ID"), "target").min(
              1,
              "at least one target",
            ),
            exceptAccountIds: unique(accountId, "account ID").default([]),
          },
          "a map: { effect, name, targetIds, exceptAccountIds }",
        )
        .optional(),
      // The way Control Tower governs the setting (CT.EC2.PV.9): member accounts then read
      // ManagedBy declarative-policy and cannot change it, so their stacks use accountAccess: unmanaged.
      serialConsoleDeclarativePolicy: z
        .strictObject(
          {
            status: z.enum(["enabled", "disabled"], "enabled or disabled (the serial_console_access status the policy assigns)"),
            name: z
              .string("a policy name")
              .min(1, "a policy name of 1-128 characters")
              .max(128, "a policy name of 1-128 characters")
              .default("serial-console-access"),
            targetIds: unique(text(p.ORGANIZATIONS_TARGET, "a root (r-...), OU (ou-...-...) or 12-digit account ID"), "target").min(
              1,
              "at least one target",
            ),
          },
          "a map: { status, name, targetIds }",
        )
        .optional(),
    },
    "a map with serialConsoleScp and serialConsoleDeclarativePolicy",
  ),
);

// ---------- Alerts ----------
/** The access events a stack can be alerted on (documents/alerts.ts maps each to CloudTrail calls). */
export const ALERT_EVENTS = ["serial-console", "instance-connect", "session-manager", "account-setting"] as const;

const TOPIC = "create, or an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)";

export const alerts = section("alerts", () =>
  z
    .strictObject(
      {
        // The same words on both branches: zod reports whichever branch was closest.
        topic: z.union([z.literal("create", TOPIC), text(p.SNS_TOPIC_ARN, TOPIC)], TOPIC).default("create"),
        email: unique(
          text(p.EMAIL, "an e-mail address such as security@example.com"),
          "e-mail address",
          "a list of e-mail addresses",
        ).default([]),
        events: unique(z.enum(ALERT_EVENTS, `one of ${ALERT_EVENTS.join(", ")}`), "event", `a list of events: ${ALERT_EVENTS.join(", ")}`)
          .min(1, `at least one event: ${ALERT_EVENTS.join(", ")}`)
          .default([...ALERT_EVENTS]),
      },
      "a map with topic, email, events",
    )
    .superRefine((a, ctx) => {
      // Subscriptions of someone else's topic are its owner's to manage.
      if (a.topic !== "create" && Array.isArray(a.email) && a.email.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["email"],
          message: "no e-mail addresses with an existing topic (subscribe them to that topic where it is managed), or topic: create",
        });
      }
    }, whenObject),
);

// ---------- Network (private subnets) ----------
/**
 * The interface endpoints AWS's Session Manager VPC endpoint page lists for managed nodes in
 * private subnets (ssm, ssmmessages, ec2messages; ec2 for snapshots; kms for session
 * encryption; logs for CloudWatch Logs) and s3, which is a gateway endpoint there.
 */
export const NETWORK_SERVICES = ["ssm", "ssmmessages", "ec2messages", "ec2", "kms", "logs", "s3"] as const;
/** The contract's default set (docs/contracts/stack-config.md, "Additions"). */
export const DEFAULT_NETWORK_SERVICES = ["ssm", "ssmmessages", "ec2messages", "kms", "logs"] as const;
const ROUTE_TABLE_ID = /^rtb-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export const vpcEndpoints = once(() =>
  z
    .strictObject(
      {
        vpcId: text(p.VPC_ID, "a VPC ID: vpc- followed by 8 or 17 lower-case hex digits"),
        subnetIds: unique(
          text(p.SUBNET_ID, "a subnet ID: subnet- followed by 8 or 17 lower-case hex digits"),
          "subnet",
          "a list of subnet IDs, one per Availability Zone",
        ).min(1, "at least one subnet ID"),
        region: region.optional(),
        services: unique(
          z.enum(NETWORK_SERVICES, `one of ${NETWORK_SERVICES.join(", ")}`),
          "service",
          `a list of services: ${NETWORK_SERVICES.join(", ")}`,
        )
          .min(1, `at least one service: ${DEFAULT_NETWORK_SERVICES.join(", ")}`)
          .default([...DEFAULT_NETWORK_SERVICES]),
        routeTableIds: unique(
          text(ROUTE_TABLE_ID, "a route table ID: rtb- followed by 8 or 17 lower-case hex digits"),
          "route table",
          "a list of route table IDs",
        )
          .min(1, "at least one route table ID")
          .optional(),
      },
      "a map with vpcId, subnetIds, and optionally region, services, routeTableIds",
    )
    .superRefine((e, ctx) => {
      // s3 is a gateway endpoint: it works through the subnets' route tables, not through ENIs.
      const s3 = Array.isArray(e.services) && e.services.includes("s3");
      if (s3 && e.routeTableIds === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["routeTableIds"],
          message:
            "the route tables of the private subnets (rtb-...): s3 is a gateway endpoint, added to route tables; or leave s3 out of services",
        });
      }
      if (!s3 && Array.isArray(e.routeTableIds)) {
        ctx.addIssue({
          code: "custom",
          path: ["routeTableIds"],
          message: "no route tables without s3 in services (only the s3 gateway endpoint uses them)",
        });
      }
    }, whenObject),
);

export const network = section("network", () =>
  z.strictObject(
    {
      vpcEndpoints: z
        .array(vpcEndpoints(), "a list of VPC endpoint sets, e.g. [{ vpcId: vpc-..., subnetIds: [subnet-...] }]")
        // One set per VPC and Region: config/networkChecks.ts, which knows the stack's Region.
        .min(1, "at least one VPC endpoint set: { vpcId, subnetIds }"),
    },
    "a map with vpcEndpoints",
  ),
);

const policyLimit = "1 to 20 (10 by default; 20 with a quota increase)";

/**
 * The top-level keys of the `ec2-access:` namespace that are no section: built at load, as every
 * stack has them. The descriptions are the ones `Pulumi.yaml` declares (projectSchema.ts renders them).
 */
export const stackKeys = {
  environment: text(/^[a-z0-9][a-z0-9-]{0,19}$/, "1-20 lower-case letters, digits and hyphens, e.g. prod").describe(
    "Name of the environment (dev, staging, prod, ...): used in resource names and tags.",
  ),
  accountId: accountId.optional().describe("The stack's 12-digit AWS account ID; optional, at deploy time it comes from the provider."),
  regions: unique(region, "region", "a list of AWS Region codes, e.g. [us-east-1]")
    .min(1, "at least one region")
    .optional()
    .describe("Every AWS Region the stack manages (serial console setting, session preferences); default [aws:region]."),
  maxManagedPoliciesPerPrincipal: z
    .number(policyLimit)
    .int(policyLimit)
    .min(1, policyLimit)
    .max(20, policyLimit)
    .default(10)
    .describe("Managed policies IAM lets this account attach to one user or role (10 by default, 20 with a quota increase; groups: 10)."),
  packGrants: z
    .boolean("true or false")
    .default(false)
    .describe(
      "Pack the grants of the same principals that fit in one policy into shared managed policies, so that many small grants need few of IAM's 10 attachments (docs/scale.md).",
    ),
};

/** The sections' schemas as top-level keys, each built on first use. */
const sectionKeys = {
  serialConsole: once(() =>
    serialConsole().optional().describe("EC2 Serial Console: account access setting, admins, grants, denied instances, OS password user."),
  ),
  instanceConnect: once(() =>
    instanceConnect().optional().describe("EC2 Instance Connect: grants naming OS users, and an optional Instance Connect Endpoint."),
  ),
  sessionManager: once(() =>
    sessionManager().optional().describe("Session Manager: session document, preferences, instance profile and grants."),
  ),
  organization: once(() =>
    organization().optional().describe("AWS Organizations guardrails (management account only): the serial console SCP."),
  ),
  alerts: once(() =>
    alerts()
      .optional()
      .describe("Alerts on access: per Region, an EventBridge rule on the access patterns' CloudTrail events, to an SNS topic."),
  ),
  network: once(() =>
    network()
      .optional()
      .describe(
        "Private subnets: VPC endpoints for Session Manager (ssm, ssmmessages, ec2messages, kms, logs; s3 as a gateway) and a security group admitting HTTPS from the VPC only.",
      ),
  ),
};

export type SectionKey = keyof typeof sectionKeys;
type SectionShape = { [K in SectionKey]: ReturnType<(typeof sectionKeys)[K]> };

/** Every key of the `ec2-access:` namespace, in the contract's order; any other key under it is a typo. */
export const PROJECT_KEY_NAMES = [...Object.keys(stackKeys), ...Object.keys(sectionKeys)] as (keyof typeof stackKeys | SectionKey)[];

export const isSectionKey = (name: string): name is SectionKey => Object.hasOwn(sectionKeys, name);

/** The schema of one top-level key, sections built on first use; undefined for a name that is no key. */
export function projectKey(name: string): z.ZodType | undefined {
  if (Object.hasOwn(stackKeys, name)) return stackKeys[name as keyof typeof stackKeys];
  return isSectionKey(name) ? sectionKeys[name]() : undefined;
}

/**
 * The schema of a configuration that has the sections `present`: the stack keys and those
 * sections, in the order of the whole. It checks such a configuration exactly as `projectKeys()`
 * does (the sections left out are optional and absent), without building the other sections.
 */
export function projectKeysWith(present: Iterable<string>) {
  const sections = new Set(present);
  const shape: Record<string, z.ZodType> = { ...stackKeys };
  for (const name of Object.keys(sectionKeys) as SectionKey[]) if (sections.has(name)) shape[name] = sectionKeys[name]();
  return z.strictObject(shape) as unknown as ReturnType<typeof projectKeys>;
}

/** Keys of the `ec2-access:` namespace, every section built: for the project's schema and docs. */
export const projectKeys = once(() =>
  z.strictObject({
    ...stackKeys,
    ...(Object.fromEntries(Object.entries(sectionKeys).map(([k, build]) => [k, build()])) as SectionShape),
  }),
);

export type ProjectKeys = z.infer<ReturnType<typeof projectKeys>>;
export type Principals = z.infer<typeof principals>;
export type TagMatch = z.infer<typeof tagMatch>;
export type SerialConsoleConfig = z.infer<ReturnType<typeof serialConsole>>;
export type SerialConsoleGrant = z.infer<ReturnType<typeof serialConsoleGrant>>;
export type OsPasswordConfig = z.infer<ReturnType<typeof osPassword>>;
export type InstanceConnectConfig = z.infer<ReturnType<typeof instanceConnect>>;
export type InstanceConnectGrant = z.infer<ReturnType<typeof instanceConnectGrant>>;
export type InstanceConnectEndpointConfig = z.infer<ReturnType<typeof instanceConnectEndpoint>>;
export type SessionManagerConfig = z.infer<ReturnType<typeof sessionManager>>;
export type SessionManagerGrant = z.infer<ReturnType<typeof sessionManagerGrant>>;
export type SessionPreferences = z.infer<ReturnType<typeof sessionPreferences>>;
export type SessionClient = (typeof SESSION_CLIENTS)[number];
export type OrganizationConfig = z.infer<ReturnType<typeof organization>>;
export type AlertsConfig = z.infer<ReturnType<typeof alerts>>;
export type AlertEvent = (typeof ALERT_EVENTS)[number];
export type NetworkConfig = z.infer<ReturnType<typeof network>>;
export type NetworkService = (typeof NETWORK_SERVICES)[number];

/**
 * What the checks after parsing read: whatever parsed, section by section (a section with a
 * problem is absent, so that the others are still checked). `region` is `aws:region`, the
 * provider's default Region, when it is valid.
 */
export type CheckableConfig = Partial<ProjectKeys> & { regions?: string[]; region?: string };
