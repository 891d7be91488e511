// The pack never throws, whatever it is given. fast-check generates and mutates documents
// (random statements, actions from a pool with wildcards and wrong letter case, random
// conditions, missing fields, wrong types, malformed JSON, deeply nested and huge documents)
// and random props for every resource type the pack reads, and runs EVERY policy of
// policypack/policies.ts on them, resource and stack policies, through the test support that
// mimics the engine. Asserted: no exception (the engine's UnknownValueError only where an
// unknown was injected), and the same input gives the same violations, in the same order.
// Seeded, so a failure reproduces; fast-check prints the shrunk counterexample and its seed.
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import fc from "fast-check";
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";
import { DOCUMENT_RESOURCE_TYPES } from "../../../policypack/lib/sources";
import { INGRESS_RESOURCE_TYPES } from "../../../policypack/lib/ingress";
import type { ResourceClass, StackResource } from "../support";
import { UnknownValueError, runRule, runStackRule, unknown } from "../support";
import { ingressModels, providerModels } from "./providerModels";

const SEED = 20261122;
const RUNS = Number(process.env.ROBUSTNESS_RUNS ?? 2000);

const all = policies as Policies;
const resourcePolicies = all.filter((p): p is ResourceValidationPolicy => "validateResource" in p && p.validateResource !== undefined);
const stackPolicies = all.filter((p): p is StackValidationPolicy => "validateStack" in p);

const typeOf = (cls: ResourceClass) => (cls as unknown as { __pulumiType: string }).__pulumiType;

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------
const ACTIONS = [
  "ssm:StartSession",
  "SSM:startsession",
  "ssm:Start*",
  "ssm:*",
  "*",
  "ssm:S?artSession",
  "ssm:TerminateSession",
  "ssm:ResumeSession",
  "ssm:*Session",
  "ssm:SendCommand",
  "ssm:DescribeSessions",
  "ssm:CreateDocument",
  "ec2-instance-connect:SendSSHPublicKey",
  "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
  "ec2-instance-connect:*",
  "EC2-Instance-Connect:sendsshpublickey",
  "ec2-instance-connect:OpenTunnel",
  "ec2:EnableSerialConsoleAccess",
  "ec2:DisableSerialConsoleAccess",
  "ec2:GetSerialConsoleAccessStatus",
  "ec2:Describe*",
  "ec2:DescribeInstances",
  "ec2:CreateTags",
  "ec2:DeleteTags",
  "ec2:*Tags",
  "ec2:*",
  "iam:TagUser",
  "iam:TagRole",
  "iam:Tag*",
  "iam:*",
  "sts:TagSession",
  "sts:*",
  "kms:GenerateDataKey",
  "s3:GetObject",
  "ec2:NoSuchAction",
  "nosuchservice:Thing",
  "",
  ":",
  "ssm:",
  ":StartSession",
  "*:*",
  "ssm:StartSession ",
  " ssm:StartSession",
  "ssm:Start**",
  "a".repeat(300),
];
const RESOURCES = [
  "*",
  "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
  "arn:aws:ec2:*:*:instance/*",
  "arn:aws:ec2:region:account-id:instance/*",
  "arn:aws:ec2:*:*:instance/i-0ab*",
  "arn:aws:ec2:*:*:*",
  "arn:*",
  "arn:aws:*:*:*:*",
  "arn:aws:ssm:us-east-2:111122223333:document/SSM-SessionManagerRunShell",
  "arn:aws:ssm:*:*:document/*",
  "arn:aws:ssm:*:*:session/${aws:username}-*",
  "arn:aws:ssm:*:*:session/*",
  "arn:aws:ssm:*:*:session/*${aws:username}-*",
  "arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/eice-0123",
  "arn:aws:kms:us-west-2:111122223333:key/1234",
  "arn:aws:ec2:*:*:volume/*",
  "key-name",
  "",
  "arn:",
  "arn:aws:ec2",
  "instance/*",
  "arn:aws-cn:ec2:cn-north-1:111122223333:instance/i-1",
];
const OPERATORS = [
  "StringEquals",
  "StringLike",
  "StringNotEquals",
  "StringNotLike",
  "StringEqualsIgnoreCase",
  "StringEqualsIfExists",
  "StringLikeIfExists",
  "ForAllValues:StringEquals",
  "ForAllValues:StringLike",
  "ForAllValues:StringNotEquals",
  "ForAnyValue:StringEquals",
  "ForAnyValue:StringLike",
  "Bool",
  "BoolIfExists",
  "Null",
  "NumericLessThanEquals",
  "NumericLessThan",
  "IpAddress",
  "ArnLike",
  "stringequals",
  "Nonsense",
  "",
];
const KEYS = [
  "ssm:resourceTag/Finance",
  "ssm:ResourceTag/Finance",
  "aws:ResourceTag/SerialConsole",
  "ec2:ResourceTag/Team",
  "aws:TagKeys",
  "aws:RequestTag/Finance",
  "ssm:SessionDocumentAccessCheck",
  "ssm:resourceTag/aws:ssmmessages:session-id",
  "ec2:osuser",
  "ec2-instance-connect:remotePort",
  "ec2-instance-connect:maxTunnelDuration",
  "ec2-instance-connect:privateIpAddress",
  "aws:SourceIp",
  "aws:PrincipalTag/SerialConsole",
  "aws:MultiFactorAuthPresent",
  "",
  "/",
];
const VALUES = [
  "true",
  "false",
  "TRUE",
  "*",
  "?*",
  "WebServers",
  "${aws:PrincipalTag/SerialConsole}",
  "${aws:PrincipalTag/Team}",
  "${aws:userid}",
  "${aws:username}",
  "ec2-user",
  "root",
  "22",
  "3389",
  "3600",
  "0",
  "-1",
  "10.0.0.0/8",
  "Finance",
  "Fin*",
  "",
  "a".repeat(200),
];

/** Any JSON value, the wrong type wherever a field expects something else. */
const junk = fc.jsonValue({ maxDepth: 3 });
/** Sometimes the right shape, sometimes junk, sometimes absent. */
const field = <T>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: junk, weight: 1 });
const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { maxLength: 5 }));

const conditionValue = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.array(fc.constantFrom(...VALUES), { maxLength: 4 }),
  fc.integer(),
  fc.boolean(),
);
const condition = fc.dictionary(
  fc.constantFrom(...OPERATORS),
  field(fc.dictionary(fc.constantFrom(...KEYS), conditionValue, { maxKeys: 3 })),
  { maxKeys: 3 },
);

const statement = fc.record(
  {
    Sid: field(fc.string({ maxLength: 12 })),
    Effect: field(fc.constantFrom("Allow", "Deny", "allow", "DENY", "Maybe", "")),
    Action: field(oneOrMany(fc.constantFrom(...ACTIONS))),
    NotAction: field(oneOrMany(fc.constantFrom(...ACTIONS))),
    Resource: field(oneOrMany(fc.constantFrom(...RESOURCES))),
    NotResource: field(oneOrMany(fc.constantFrom(...RESOURCES))),
    Principal: field(
      fc.constantFrom("*", { AWS: "arn:aws:iam::111122223333:root" }, { Federated: "arn:aws:iam::111122223333:saml-provider/idp" }),
    ),
    Condition: field(condition),
    effect: fc.constantFrom("Allow", "Deny"),
  },
  { requiredKeys: [] },
);

const documentObject = fc.record(
  {
    Version: field(fc.constantFrom("2012-10-17", "2008-10-17")),
    Statement: fc.oneof(
      { arbitrary: fc.array(fc.oneof({ arbitrary: statement, weight: 8 }, { arbitrary: junk, weight: 1 }), { maxLength: 8 }), weight: 8 },
      statement,
      junk,
    ),
    statement: fc.array(statement, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

/** A document nested far deeper than any policy, in Condition values and in Statement. */
const deep = fc.integer({ min: 10, max: 400 }).map((depth) => {
  let v: unknown = "ssm:StartSession";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: "*", Condition: { StringEquals: { "ssm:resourceTag/x": v } } }, v],
  };
});

/** Huge: many statements (hundreds of KB) or one enormous string. */
const huge = fc.oneof(
  fc
    .tuple(statement, fc.integer({ min: 500, max: 3000 }))
    .map(([s, n]) => ({ Version: "2012-10-17", Statement: Array.from({ length: n }, () => s) })),
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: "arn:aws:ec2:*:*:instance/" + "i".repeat(n) }],
  })),
);

/** Text mutations: truncation, a character inserted or removed, keys case-flipped. */
const mutate = (text: string) =>
  fc.oneof(
    fc.nat({ max: Math.max(0, text.length) }).map((i) => text.slice(0, i)),
    fc
      .tuple(fc.nat({ max: text.length }), fc.constantFrom("{", "}", "[", "]", '"', ",", ":", "\\", "\u0000", "\uD800", " "))
      .map(([i, c]) => text.slice(0, i) + c + text.slice(i)),
    fc.nat({ max: Math.max(0, text.length - 1) }).map((i) => text.slice(0, i) + text.slice(i + 1)),
    fc.constant(text.replace(/"(Statement|Effect|Action|Resource|Condition)"/g, (_, k: string) => `"${k.toLowerCase()}"`)),
  );

/** A document as a resource may hold it: object, compact or pretty JSON, mutated text, junk. */
const documentValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: documentObject, weight: 4 },
  { arbitrary: documentObject.map((d) => JSON.stringify(d)), weight: 6 },
  { arbitrary: documentObject.map((d) => JSON.stringify(d, null, 2)), weight: 2 },
  { arbitrary: documentObject.chain((d) => mutate(JSON.stringify(d))), weight: 4 },
  { arbitrary: deep.map((d) => JSON.stringify(d)), weight: 1 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: huge.map((d) => JSON.stringify(d)), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  { arbitrary: junk, weight: 1 },
);

// ---------------------------------------------------------------------------------------------
// Session preferences documents (aws.ssm.Document)
// ---------------------------------------------------------------------------------------------
const preferenceInputs = fc.record(
  {
    s3BucketName: field(fc.constantFrom("logs", "", " ")),
    s3EncryptionEnabled: field(fc.constantFrom(true, false, "true", "false", "yes")),
    cloudWatchLogGroupName: field(fc.constantFrom("/ssm/sessions", "")),
    cloudWatchEncryptionEnabled: field(fc.constantFrom(true, false, "true", "TRUE")),
    kmsKeyId: field(fc.constantFrom("arn:aws:kms:us-east-1:111122223333:key/1", "", "alias/x")),
    idleSessionTimeout: field(
      fc.oneof(fc.constantFrom("20", "0", "61", "5", " 10 ", "20.5", "x"), fc.integer({ min: -5, max: 100 }), fc.double()),
    ),
    maxSessionDuration: field(fc.oneof(fc.constantFrom("60", "", "1441", "abc"), fc.integer({ min: -5, max: 2000 }))),
    shellProfile: field(fc.record({ linux: fc.string({ maxLength: 20 }), windows: fc.string({ maxLength: 20 }) })),
  },
  { requiredKeys: [] },
);
const sessionContent = fc.record(
  {
    schemaVersion: field(fc.constant("1.0")),
    sessionType: field(fc.constantFrom("Standard_Stream", "Port", "InteractiveCommands", "standard_stream")),
    inputs: field(preferenceInputs),
  },
  { requiredKeys: [] },
);
/** YAML renderings of a preferences object, hand-written so they exercise the subset reader. */
function toYaml(v: unknown, indent = ""): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return v.length === 0 ? "[]" : "\n" + v.map((x) => `${indent}- ${toYaml(x, indent + "  ").trimStart()}`).join("\n");
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  return "\n" + entries.map(([k, x]) => `${indent}${k}: ${toYaml(x, indent + "  ")}`).join("\n");
}
const contentValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: sessionContent.map((c) => JSON.stringify(c)), weight: 5 },
  { arbitrary: sessionContent.map((c) => toYaml(c).trimStart()), weight: 3 },
  { arbitrary: sessionContent.chain((c) => mutate(toYaml(c).trimStart())), weight: 2 },
  { arbitrary: sessionContent.chain((c) => mutate(JSON.stringify(c))), weight: 2 },
  { arbitrary: fc.string({ maxLength: 60 }), weight: 1 },
  {
    arbitrary: fc.constantFrom("a: &x 1\nb: *x", "a:\n\t- b", "- - -", ":\n:", "'", "a: |\n  x\n y", "x:\n" + "  ".repeat(3000) + "y: 1"),
    weight: 1,
  },
  { arbitrary: junk, weight: 1 },
);

// ---------------------------------------------------------------------------------------------
// Props per resource type
// ---------------------------------------------------------------------------------------------
const names = fc.constantFrom("sre", "oncall", "alice", "app-team", "arn:aws:iam::111122223333:role/ops/sre", "", "a/b");
const managedArns = fc.constantFrom(
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  "arn:aws:iam::111122223333:policy/custom",
  "not-an-arn",
);
const loose = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.oneof(
    { arbitrary: fc.record(model, { requiredKeys: [] }), weight: 12 },
    { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 4 }), weight: 1 },
  );

const RESOURCE_MODELS: [ResourceClass, fc.Arbitrary<Record<string, unknown>>][] = [
  [aws.iam.Policy, loose({ name: field(names), policy: documentValue })],
  [aws.iam.RolePolicy, loose({ name: field(names), role: field(names), policy: documentValue })],
  [aws.iam.UserPolicy, loose({ name: field(names), user: field(names), policy: documentValue })],
  [aws.iam.GroupPolicy, loose({ name: field(names), group: field(names), policy: documentValue })],
  [
    aws.iam.Role,
    loose({
      name: field(names),
      assumeRolePolicy: documentValue,
      inlinePolicies: field(
        fc.array(fc.oneof(fc.record({ name: field(names), policy: documentValue }, { requiredKeys: [] }), junk), { maxLength: 4 }),
      ),
      managedPolicyArns: field(fc.array(managedArns, { maxLength: 3 })),
    }),
  ],
  [aws.iam.User, loose({ name: field(names) })],
  [aws.iam.Group, loose({ name: field(names) })],
  [aws.iam.RolePolicyAttachment, loose({ role: field(names), policyArn: field(managedArns) })],
  [aws.iam.UserPolicyAttachment, loose({ user: field(names), policyArn: field(managedArns) })],
  [aws.iam.GroupPolicyAttachment, loose({ group: field(names), policyArn: field(managedArns) })],
  [
    aws.iam.PolicyAttachment,
    loose({ roles: field(fc.array(names)), users: field(fc.array(names)), groups: field(fc.array(names)), policyArn: field(managedArns) }),
  ],
  [
    aws.ssoadmin.PermissionSetInlinePolicy,
    loose({ permissionSetArn: field(names), instanceArn: field(names), inlinePolicy: documentValue }),
  ],
  [
    aws.ssoadmin.ManagedPolicyAttachment,
    loose({ permissionSetArn: field(names), instanceArn: field(names), managedPolicyArn: field(managedArns) }),
  ],
  [
    aws.organizations.Policy,
    loose({
      name: field(names),
      content: documentValue,
      type: field(fc.constantFrom("SERVICE_CONTROL_POLICY", "TAG_POLICY", "RESOURCE_CONTROL_POLICY", "")),
    }),
  ],
  [
    aws.ssm.Document,
    loose({
      name: field(fc.constantFrom("SSM-SessionManagerRunShell", "x")),
      documentType: field(fc.constantFrom("Session", "Command", "session", "")),
      documentFormat: field(fc.constantFrom("JSON", "YAML", "TEXT", "json")),
      content: contentValue,
    }),
  ],
  [
    aws.ec2.SerialConsoleAccess,
    loose({ enabled: field(fc.constantFrom(true, false, "true", "false")), region: field(fc.constantFrom("us-east-1", "eu-west-1")) }),
  ],
  [
    aws.ec2transitgateway.InstanceConnectEndpoint,
    loose({ subnetId: field(fc.constant("subnet-0abc")), securityGroupIds: field(fc.array(fc.constant("sg-0abc"))) }),
  ],
];
// Types of other providers (./providerModels.ts) at half the weight, so that the classic types
// keep the share of the runs that reaches every rule's logic.
const PROVIDER_MODELS = providerModels({ documentValue, field, names, junk, mutate });
RESOURCE_MODELS.push(...PROVIDER_MODELS);
// Security groups (the ingress rule) in a pool of their own: see ingressModels.
const INGRESS_MODELS = ingressModels({ documentValue, field, names, junk, mutate });
const anyIngressResource = fc.oneof(...INGRESS_MODELS.map(([cls, props]) => props.map((p) => ({ cls, props: p }))));

const anyResource = fc.oneof(
  ...RESOURCE_MODELS.map(([cls, props]) => ({
    arbitrary: props.map((p) => ({ cls, props: p })),
    weight: PROVIDER_MODELS.some(([c]) => c === cls) ? 1 : 2,
  })),
);

/** Config as getConfig may return it: absent, right-ish keys with junk values, or junk. */
const CONFIG_KEYS = [...new Set(all.flatMap((p) => Object.keys(p.configSchema?.properties ?? {})))];
const config = fc.option(
  fc.dictionary(
    fc.constantFrom(...CONFIG_KEYS),
    fc.oneof(junk, fc.array(fc.constantFrom("dev", "*", "prod")), fc.integer({ min: -10, max: 20000 })),
    { maxKeys: 4 },
  ),
  { nil: undefined },
);
const stack = fc.constantFrom("dev", "staging", "prod", "org", "");

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------
async function runResource(
  cls: ResourceClass,
  props: Record<string, unknown>,
  cfg: Record<string, unknown> | undefined,
  stackName: string,
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const p of resourcePolicies) out[p.name] = await runRule(p, cls, props, { config: cfg, stack: stackName, name: "fuzz" });
  return out;
}

async function runStack(
  resources: StackResource[],
  cfg: Record<string, unknown> | undefined,
  stackName: string,
): Promise<Record<string, { urn?: string; message: string }[]>> {
  const out: Record<string, { urn?: string; message: string }[]> = {};
  for (const p of stackPolicies) out[p.name] = await runStackRule(p, resources, { config: cfg, stack: stackName });
  return out;
}

/** Replaces one value somewhere in `v` with an unknown sentinel; returns undefined if nowhere to put it. */
function injectUnknown(v: unknown, path: number[], sentinel: string): unknown {
  if (v === null || typeof v !== "object") return sentinel;
  const keys = Object.keys(v);
  if (keys.length === 0 || path.length === 0) return sentinel;
  const key = keys[path[0] % keys.length];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(v) ? [...v] : { ...(v as Record<string, unknown>) };
  (copy as Record<string, unknown>)[key] = injectUnknown((v as Record<string, unknown>)[key], path.slice(1), sentinel);
  return copy;
}

describe("robustness: the pack never throws", function () {
  this.timeout(120_000);

  it("covers every resource type the pack reads", () => {
    const modelled = new Set([...RESOURCE_MODELS, ...INGRESS_MODELS].map(([cls]) => typeOf(cls)));
    for (const t of [...DOCUMENT_RESOURCE_TYPES, ...INGRESS_RESOURCE_TYPES]) assert.ok(modelled.has(t), `${t} has a props model here`);
    assert.ok(resourcePolicies.length > 0 && stackPolicies.length > 0);
  });

  it(`resource policies: ${RUNS} generated resources, no exception, same violations twice`, async () => {
    const fired = new Set<string>();
    await fc.assert(
      fc.asyncProperty(anyResource, config, stack, async ({ cls, props }, cfg, stackName) => {
        const first = await runResource(cls, props, cfg, stackName);
        const second = await runResource(cls, props, cfg, stackName);
        assert.deepEqual(second, first);
        for (const [name, messages] of Object.entries(first)) {
          if (messages.length > 0) fired.add(name);
          for (const m of messages) assert.ok(typeof m === "string" && m.length > 0 && m.length < 20_000, "a readable message");
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generators reach the rules' logic, not only their early exits: every resource policy
    // reported something on some generated input.
    if (RUNS >= 1000)
      assert.deepEqual(
        // (The ingress rule reads only security groups: its own pool, below, must reach it.)
        resourcePolicies.map((p) => p.name).filter((n) => !fired.has(n) && n !== "disallow-public-ssh-rdp-ingress"),
        [],
      );
  });

  it(`security groups: ${Math.ceil(RUNS / 4)} generated resources, no exception, same violations twice, the ingress rule reached`, async () => {
    const fired = new Set<string>();
    await fc.assert(
      fc.asyncProperty(anyIngressResource, config, stack, async ({ cls, props }, cfg, stackName) => {
        const first = await runResource(cls, props, cfg, stackName);
        assert.deepEqual(await runResource(cls, props, cfg, stackName), first);
        for (const [name, messages] of Object.entries(first)) if (messages.length > 0) fired.add(name);
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 4) },
    );
    if (RUNS >= 1000) assert.ok(fired.has("disallow-public-ssh-rdp-ingress"));
  });

  it(`stack policies: ${Math.ceil(RUNS / 4)} generated stacks, no exception, same violations twice`, async () => {
    const fired = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(anyResource, { minLength: 0, maxLength: 8 }), config, stack, async (resources, cfg, stackName) => {
        const list: StackResource[] = resources.map((r, i) => ({ cls: r.cls, props: r.props, name: `r${i}` }));
        const first = await runStack(list, cfg, stackName);
        assert.deepEqual(await runStack(list, cfg, stackName), first);
        for (const [name, violations] of Object.entries(first)) if (violations.length > 0) fired.add(name);
      }),
      { seed: SEED + 1, numRuns: Math.ceil(RUNS / 4) },
    );
    if (RUNS >= 1000)
      assert.deepEqual(
        stackPolicies.map((p) => p.name).filter((n) => !fired.has(n)),
        [],
      );
  });

  it("unknown values surface as the engine's UnknownValueError and nothing else", async () => {
    let raised = 0;
    await fc.assert(
      fc.asyncProperty(
        anyResource,
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(unknown.string, unknown.array, unknown.object),
        config,
        async ({ cls, props }, path, sentinel, cfg) => {
          const withUnknown = injectUnknown(props, path, sentinel) as Record<string, unknown>;
          if (typeof withUnknown !== "object" || withUnknown === null) return;
          for (const p of resourcePolicies) {
            try {
              await runRule(p, cls, withUnknown, { config: cfg });
            } catch (e) {
              assert.ok(e instanceof UnknownValueError, `${p.name} threw ${e instanceof Error ? e.stack : String(e)}`);
              raised++;
            }
          }
          for (const p of stackPolicies) {
            try {
              await runStackRule(p, [{ cls, props: withUnknown, name: "u" }], { config: cfg });
            } catch (e) {
              assert.ok(e instanceof UnknownValueError, `${p.name} threw ${e instanceof Error ? e.stack : String(e)}`);
              raised++;
            }
          }
        },
      ),
      { seed: SEED + 2, numRuns: Math.ceil(RUNS / 4) },
    );
    assert.ok(raised > 0, "some injected unknowns were read and reported as unknown");
  });

  it("a document that is unknown during preview is reported as unknown, never judged", async () => {
    const cases: [ResourceClass, Record<string, unknown>][] = [
      [aws.iam.Policy, { policy: unknown.string }],
      [aws.iam.RolePolicy, { role: "sre", policy: unknown.string }],
      [aws.organizations.Policy, { content: unknown.string }],
      [aws.ssm.Document, { documentType: "Session", content: unknown.string }],
    ];
    for (const [cls, props] of cases) {
      let unknownErrors = 0;
      for (const p of resourcePolicies) {
        try {
          const violations = await runRule(p, cls, props);
          assert.deepEqual(violations, [], `${p.name} judged an unknown ${typeOf(cls)}`);
        } catch (e) {
          assert.ok(e instanceof UnknownValueError, `${p.name}: ${String(e)}`);
          unknownErrors++;
        }
      }
      assert.ok(unknownErrors > 0, `${typeOf(cls)}: some policy reads the document and reports it unknown`);
    }
  });
});
