// `node dist/bench/managedPolicyCorpus.js`: every AWS managed policy in the pack's data, attached
// to a role by ARN (aws.iam.RolePolicyAttachment), through every rule of the pack: violations per
// rule. For the rules that guard one kind of request an independent oracle says which verdicts
// are right: the IAM policy simulator (@cloud-copilot/iam-simulate, dev only) asked whether the
// policy allows that request (ORACLES: e.g. StartSession on an arbitrary untagged instance,
// SendSSHPublicKey as root, OpenTunnel to port 3389 for a day) with no other request context.
// Writes bench/results/managed-policy-corpus.json and prints the tables policypack/README.md shows.
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { simulatorAllows } from "./oracle";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import data from "../policypack/data/awsManagedPoliciesData";
import { awsManagedPolicy } from "../policypack/data/awsManagedPolicies";
import { policies } from "../policypack/policies";
import { runRule, runStackRule } from "../test/policypack/support/runRule";

const INSTANCE = "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0";
const ROLE = "arn:aws:iam::111122223333:role/corpus";
const ENDPOINT = "arn:aws:ec2:us-east-1:111122223333:instance-connect-endpoint/eice-0123456789abcdef0";
/** Rule → the request its violation stands for: [action, resource, extra context]. */
const ORACLES: [string, string, string, Record<string, string>][] = [
  ["require-serial-console-instance-scope", "ec2-instance-connect:SendSerialConsoleSSHPublicKey", INSTANCE, {}],
  ["require-instance-connect-instance-scope", "ec2-instance-connect:SendSSHPublicKey", INSTANCE, { "ec2:osuser": "ec2-user" }],
  ["require-instance-connect-os-user", "ec2-instance-connect:SendSSHPublicKey", INSTANCE, { "ec2:osuser": "root" }],
  ["require-session-instance-scope", "ssm:StartSession", INSTANCE, {}],
  ["restrict-session-termination", "ssm:TerminateSession", "arn:aws:ssm:us-east-1:111122223333:session/someone-else-0123456789abcdef0", {}],
  [
    "restrict-instance-connect-tunnel",
    "ec2-instance-connect:OpenTunnel",
    ENDPOINT,
    { "ec2-instance-connect:remotePort": "3389", "ec2-instance-connect:maxTunnelDuration": "86400" },
  ],
  ["restrict-serial-console-admin-actions", "ec2:EnableSerialConsoleAccess", "*", {}],
];

function allows(document: unknown, action: string, resource: string, context: Record<string, string>): boolean {
  return simulatorAllows([document], ROLE, "111122223333", action, resource, context);
}

async function main(): Promise<void> {
  const names = (data.policies as unknown as string[][]).map((row) => row[0]);
  const perRule = new Map<string, { policies: string[]; violations: number }>();
  const oracle = new Map<string, { tp: string[]; fp: string[]; fn: string[] }>(ORACLES.map(([r]) => [r, { tp: [], fp: [], fn: [] }]));
  const started = Date.now();
  for (const name of names) {
    const arn = `arn:aws:iam::aws:policy${name}`;
    const props = { role: "corpus", policyArn: arn };
    const flagged = new Set<string>();
    for (const p of policies) {
      let messages: string[] = [];
      if ("validateResource" in p && p.validateResource)
        messages = await runRule(p as ResourceValidationPolicy, aws.iam.RolePolicyAttachment, props, { name: "corpus" });
      else if ("validateStack" in p) {
        messages = (
          await runStackRule(p as StackValidationPolicy, [
            { cls: aws.iam.Role, props: { name: "corpus", assumeRolePolicy: "{}" }, name: "role" },
            { cls: aws.iam.RolePolicyAttachment, props, name: "corpus" },
          ])
        ).map((v) => v.message);
      }
      if (messages.length === 0) continue;
      flagged.add(p.name);
      const e = perRule.get(p.name) ?? { policies: [], violations: 0 };
      e.policies.push(name);
      e.violations += messages.length;
      perRule.set(p.name, e);
    }
    const document = awsManagedPolicy(arn)?.document;
    for (const [rule, action, resource, context] of ORACLES) {
      const allowed = allows(document, action, resource, context);
      const o = oracle.get(rule)!;
      if (allowed && flagged.has(rule)) o.tp.push(name);
      else if (!allowed && flagged.has(rule)) o.fp.push(name);
      else if (allowed) o.fn.push(name);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const result = {
    data: data.source,
    policies: names.length,
    seconds,
    rules: Object.fromEntries(policies.map((p) => [p.name, perRule.get(p.name) ?? { policies: [], violations: 0 }])),
    oracle: Object.fromEntries(oracle),
  };
  const dir = path.join(__dirname, "..", "..", "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "managed-policy-corpus.json"), JSON.stringify(result, null, 1));

  console.log(`${names.length} AWS managed policies (${data.source}), each attached to a role by ARN; ${seconds.toFixed(0)} s\n`);
  console.log("| Rule | Policies flagged | Violations |\n|---|---:|---:|");
  for (const p of policies) {
    const e = perRule.get(p.name);
    console.log(`| \`${p.name}\` | ${e?.policies.length ?? 0} | ${e?.violations ?? 0} |`);
  }
  console.log(
    "\n| Rule (oracle: the simulator on the request it guards) | Flagged and allowed | Flagged, not allowed | Allowed, not flagged |\n|---|---:|---:|---:|",
  );
  for (const [rule, o] of oracle) console.log(`| \`${rule}\` | ${o.tp.length} | ${o.fp.length} | ${o.fn.length} |`);
  for (const p of policies) {
    const e = perRule.get(p.name);
    if (e) console.log(`\n${p.name}: ${e.policies.join(", ")}`);
  }
  for (const [rule, o] of oracle) {
    if (o.fp.length) console.log(`\n${rule} flagged, simulator denies: ${o.fp.join(", ")}`);
    if (o.fn.length) console.log(`\n${rule} allowed, not flagged: ${o.fn.join(", ")}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
