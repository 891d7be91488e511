#!/usr/bin/env node
// Regenerates plan/diff/replacementTable.ts: for every AWS resource type this program
// registers, the inputs whose change makes the provider replace the resource.
//
// The source is the provider's own rule. @pulumi/aws bridges terraform-provider-aws: a change
// of an attribute marked `ForceNew: true` (SDKv2 resources) or carrying a `RequiresReplace()`
// plan modifier (plugin-framework resources) is what the bridge reports as a replacement.
// Attribute names are snake_case there; Pulumi's input is the camelCase name, and every name
// is checked against the type's `...Args` interface in node_modules/@pulumi/aws, so a renamed
// or missing input fails here rather than silently reading as an update.
//
// Usage, from a terraform-provider-aws source tree (only the files listed below are read):
//   git clone --depth 1 https://github.com/hashicorp/terraform-provider-aws /tmp/tpa
//   node scripts/replacement-table.mjs /tmp/tpa --commit "$(git -C /tmp/tpa rev-parse HEAD)"
// or from single files read one by one (the repository is too big to fetch whole): a folder
// holding each file at its path, its first line `// excerpt of <path> @ <40-hex commit>` (the
// file, or the part of it from its schema to the end of CustomizeDiff/ModifyPlan, verbatim, as
// `git show <commit>:<path>` or a code index prints it; nested `Elem` schemas, which the script
// does not read, may be elided as `/* [...] */`). Each row then names the commit its own
// file was read at, so the table is regenerable by reading the same files at the same commits:
//   node scripts/replacement-table.mjs /tmp/tpa-files
// Types whose file the folder lacks keep their committed row if that row is pinned to a
// commit; an unpinned row fails. Then review and commit plan/diff/replacementTable.ts.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Pulumi type token -> terraform-provider-aws source file of that resource. */
export const SOURCES = {
  "aws:cloudwatch/logGroup:LogGroup": "internal/service/logs/group.go",
  "aws:ec2/serialConsoleAccess:SerialConsoleAccess": "internal/service/ec2/ec2_serial_console_access.go",
  "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint": "internal/service/ec2/ec2_instance_connect_endpoint.go",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "internal/service/iam/group_policy_attachment.go",
  "aws:iam/instanceProfile:InstanceProfile": "internal/service/iam/instance_profile.go",
  "aws:iam/policy:Policy": "internal/service/iam/policy.go",
  "aws:iam/role:Role": "internal/service/iam/role.go",
  "aws:iam/rolePolicy:RolePolicy": "internal/service/iam/role_policy.go",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "internal/service/iam/role_policy_attachment.go",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": "internal/service/iam/user_policy_attachment.go",
  "aws:kms/key:Key": "internal/service/kms/key.go",
  "aws:organizations/policy:Policy": "internal/service/organizations/policy.go",
  "aws:organizations/policyAttachment:PolicyAttachment": "internal/service/organizations/policy_attachment.go",
  "aws:s3/bucket:Bucket": "internal/service/s3/bucket.go",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "internal/service/s3/bucket_lifecycle_configuration.go",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "internal/service/s3/bucket_ownership_controls.go",
  "aws:s3/bucketPolicy:BucketPolicy": "internal/service/s3/bucket_policy.go",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "internal/service/s3/bucket_public_access_block.go",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
    "internal/service/s3/bucket_server_side_encryption_configuration.go",
  "aws:ssm/association:Association": "internal/service/ssm/association.go",
  "aws:ssm/document:Document": "internal/service/ssm/document.go",
  "aws:ssm/parameter:Parameter": "internal/service/ssm/parameter.go",
  "aws:cloudwatch/eventRule:EventRule": "internal/service/events/rule.go",
  "aws:cloudwatch/eventTarget:EventTarget": "internal/service/events/target.go",
  "aws:sns/topic:Topic": "internal/service/sns/topic.go",
  "aws:sns/topicPolicy:TopicPolicy": "internal/service/sns/topic_policy.go",
  "aws:sns/topicSubscription:TopicSubscription": "internal/service/sns/topic_subscription.go",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "internal/service/ec2/vpc_endpoint.go",
  "aws:ec2/securityGroup:SecurityGroup": "internal/service/ec2/vpc_security_group.go",
  // The schema is the shared securityGroupRuleResource's, in this file (egress rules reuse it).
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "internal/service/ec2/vpc_security_group_ingress_rule.go",
};

/**
 * Attributes Pulumi's bridge renames (pulumi-aws's resource mapping), by type: the camelCase of
 * the Terraform name is not the Pulumi input for these.
 */
const RENAMED = {
  "aws:sns/topicSubscription:TopicSubscription": { topic_arn: "topic" },
};

/** `names.AttrFoo` constants, resolved from the provider's own names package. */
function attrConstants(tf) {
  const out = new Map();
  for (const file of ["names/attr_consts_gen.go", "names/attr_constants.go"]) {
    const path = join(tf, file);
    if (!existsSync(path)) continue;
    for (const m of readFileSync(path, "utf8").matchAll(/\b(Attr\w+)\s*=\s*"([^"]+)"/g)) out.set(m[1], m[2]);
  }
  // Older provider files name attributes as string literals: the constants are needed only for
  // files that use them (an unknown constant then fails in forceNewAttributes).
  return out;
}

/** The text between the `{` at `open` and its matching `}`. */
function block(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error("unbalanced braces");
}

/** Top-level entries `key: ...{...}` of a Go map literal body. */
function entries(body) {
  const out = [];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (depth === 0) {
      const m = /^\s*(names\.\w+|"[^"]+")\s*:\s*([^{,\n]*)\{/.exec(body.slice(i));
      if (m && (i === 0 || /[\s,]/.test(body[i - 1]))) {
        const open = i + m[0].length - 1;
        const inner = block(body, open);
        out.push({ key: m[1], inner });
        i = open + inner.length + 1;
      }
    }
  }
  return out;
}

/** Depth-0 text of a block: nested `{...}` (Elem schemas, nested attributes) removed. */
function topLevel(inner) {
  let depth = 0;
  let out = "";
  for (const c of inner) {
    if (c === "{") depth++;
    if (depth === 0) out += c;
    if (c === "}") depth--;
  }
  return out;
}

function forceNewAttributes(source, consts) {
  const name = (key) =>
    key.startsWith('"') ? key.slice(1, -1) : (consts.get(key.slice("names.".length)) ?? fail(`unknown constant ${key}`));
  // `Schema: map...{` in the resource, or a package-level `topicSchema = map...{` it names.
  const sdk =
    /\bSchema:\s*map\[string\]\*schema\.Schema\{/.exec(source) ?? /\b\w*[sS]chema\s*=\s*map\[string\]\*schema\.Schema\{/.exec(source);
  const fw = /\bAttributes:\s*map\[string\]schema\.Attribute\{/.exec(source);
  const m = sdk ?? fw;
  if (!m) fail("no resource schema found");
  const body = block(source, m.index + m[0].length - 1);
  const forced = [];
  for (const e of entries(body)) {
    const own = sdk ? topLevel(e.inner) : e.inner;
    if (sdk ? /\bForceNew:\s*true\b/.test(own) : /\.RequiresReplace\(\)/.test(own)) forced.push(name(e.key));
  }
  // customdiff.ForceNewIfChange: replacement only for some transitions (e.g. parameter tier);
  // diff.ForceNew(...) in a CustomizeDiff: only under the condition around it (e.g. a VPC
  // endpoint's private_dns_enabled, for endpoints other than Interface).
  const conditional = [
    ...[...source.matchAll(/ForceNewIfChange\(\s*(names\.\w+|"[^"]+")/g)].map((x) => name(x[1])),
    ...[...source.matchAll(/\bdiff\.ForceNew\(\s*(names\.\w+|"[^"]+")/g)].map((x) => name(x[1])),
  ];
  // A framework ModifyPlan that replaces when the planned value moves from one of an
  // ExactlyOneOf set of attributes to another (a security group rule's source kind: "When you
  // modify a rule, you cannot change the rule's source type"): each of that set, for that change.
  if (/response\.RequiresReplace\s*=\s*\[\]path\.Path\{path\.Root\(old\),\s*path\.Root\(new\)\}/.test(source)) {
    const one = /ExactlyOneOf\(((?:[^()]|\([^()]*\))*)\)/.exec(source);
    if (!one) fail("a ModifyPlan replaces on a change of source attribute, but no ExactlyOneOf names the attributes");
    conditional.push(...[...one[1].matchAll(/path\.MatchRoot\((names\.\w+|"[^"]+")\)/g)].map((x) => name(x[1])));
  }
  return { forced: forced.sort(), conditional: [...new Set(conditional)].sort() };
}

function fail(message) {
  throw new Error(message);
}

const camel = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** The input names of a type's `...Args` interface in the installed @pulumi/aws. */
function pulumiInputs(token) {
  const [, modPath, cls] = /^aws:([^:]+):(\w+)$/.exec(token);
  const [mod, file] = modPath.split("/");
  const dts = readFileSync(join(ROOT, "node_modules/@pulumi/aws", mod, `${file}.d.ts`), "utf8");
  const start = dts.indexOf(`export interface ${cls}Args {`);
  if (start < 0) fail(`${token}: no ${cls}Args in @pulumi/aws`);
  const body = block(dts, dts.indexOf("{", start));
  return new Set([...topLevel(body).matchAll(/^\s{4}(\w+)\??:/gm)].map((x) => x[1]));
}

/** The rows of the committed table (the one being regenerated), by type token. */
function committedRows(path) {
  const out = new Map();
  if (!existsSync(path)) return out;
  for (const m of readFileSync(path, "utf8").matchAll(
    /^\s+("[^"]+"): \{ source: ("[^"]+"), replaceOnChange: (\[[^\]]*\]), replaceOnSomeChanges: (\[[^\]]*\]) \},$/gm,
  )) {
    out.set(JSON.parse(m[1]), {
      token: JSON.parse(m[1]),
      file: JSON.parse(m[2]),
      replaceOnChange: JSON.parse(m[3]),
      conditional: JSON.parse(m[4]),
    });
  }
  return out;
}

function main() {
  const args = process.argv.slice(2);
  const tf = args[0];
  if (!tf || !existsSync(tf)) {
    console.error(
      "usage: node scripts/replacement-table.mjs <terraform-provider-aws tree or folder of single files> [--commit <sha>] [--out <file>]",
    );
    process.exit(2);
  }
  const commitAt = args.indexOf("--commit");
  const commit = commitAt >= 0 ? args[commitAt + 1] : "unknown";
  // --out: another file than plan/diff/replacementTable.ts (its rows are the committed ones).
  const outAt = args.indexOf("--out");
  const out = outAt >= 0 ? args[outAt + 1] : join(ROOT, "plan/diff/replacementTable.ts");
  const consts = attrConstants(tf);
  const pulumiVersion = JSON.parse(readFileSync(join(ROOT, "node_modules/@pulumi/aws/package.json"), "utf8")).version;
  const rows = [];
  const committed = committedRows(out);
  for (const [token, file] of Object.entries(SOURCES)) {
    if (!existsSync(join(tf, file)) && committed.has(token)) {
      // A folder of single files may hold only some: the committed rows stay, if pinned.
      const kept = committed.get(token);
      if (!/@[0-9a-f]{40}$/.test(kept.file))
        fail(`${token}: the committed row (${kept.file}) is pinned to no commit; read ${file} and rerun`);
      console.warn(`${token}: ${file} not in the tree; kept the committed row (${kept.file})`);
      rows.push(kept);
      continue;
    }
    const source = readFileSync(join(tf, file), "utf8");
    // A single file read on its own names its path and commit in a header comment.
    const header = /^\/\/ excerpt of (\S+) @ ([0-9a-f]{40})/.exec(source);
    if (header && header[1] !== file) fail(`${join(tf, file)}: its header names ${header[1]}, not ${file}`);
    if (!header && commit === "unknown") fail(`${join(tf, file)}: no \`// excerpt of <path> @ <commit>\` header and no --commit`);
    const at = header?.[2] ?? commit;
    const { forced, conditional } = forceNewAttributes(source, consts);
    const inputs = pulumiInputs(token);
    // An attribute the installed @pulumi/aws does not take (the tree is older or newer than the
    // provider it bridges, e.g. a removed deprecated argument) cannot change from this program:
    // it is left out and reported, so that whoever regenerates sees the two disagree.
    const toPulumi = (attrs) =>
      attrs.flatMap((attr) => {
        const n = RENAMED[token]?.[attr] ?? camel(attr);
        if (inputs.has(n)) return [n];
        console.warn(`${token}: force-new attribute ${attr} is not an input (${n}) of @pulumi/aws ${pulumiVersion}; left out`);
        return [];
      });
    // @pulumi/aws 7 (terraform-provider-aws 6) gives every regional resource a `region`
    // argument; moving a resource to another Region creates it there.
    const replaceOnChange = [...toPulumi(forced), ...(inputs.has("region") ? ["region"] : [])];
    rows.push({ token, file: `${file}@${at}`, replaceOnChange, conditional: toPulumi(conditional) });
  }
  const lines = [
    "// GENERATED by scripts/replacement-table.mjs from terraform-provider-aws (the provider",
    "// @pulumi/aws bridges): do not edit by hand, rerun the script. Per resource type this program",
    "// registers, the inputs whose change forces a new resource (ForceNew / RequiresReplace).",
    `// Source: ${commit === "unknown" ? "each row's file, read at the commit it names" : `tree at commit ${commit}`}; inputs checked against @pulumi/aws ${pulumiVersion}.`,
    "",
    "export interface ReplacementRule {",
    "  /** terraform-provider-aws file (and commit) the rule was read from. */",
    "  source: string;",
    "  /** A change of any of these inputs replaces the resource. */",
    "  replaceOnChange: readonly string[];",
    "  /** These replace it only for some changes (customdiff.ForceNewIfChange). */",
    "  replaceOnSomeChanges: readonly string[];",
    "}",
    "",
    "export const REPLACEMENT_RULES: Readonly<Record<string, ReplacementRule>> = {",
    ...rows.map(
      (r) =>
        `  ${JSON.stringify(r.token)}: { source: ${JSON.stringify(r.file)}, replaceOnChange: ${JSON.stringify(r.replaceOnChange)}, replaceOnSomeChanges: ${JSON.stringify(r.conditional)} },`,
    ),
    "};",
    "",
  ];
  writeFileSync(out, lines.join("\n"));
  console.log(`wrote ${out} (${rows.length} resource types)`);
}

main();
