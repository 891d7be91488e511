// Every replacement rule names the terraform-provider-aws file and the commit it was read from,
// and scripts/replacement-table.mjs regenerates the table from single files read one by one
// (the provider repository is too big to fetch whole): it refuses a file that names another
// path, an unpinned row it cannot re-read, and reads the replacements a framework resource's
// ModifyPlan makes (a security group rule's source kind).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPLACEMENT_RULES } from "../../plan/diff/replacement";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SCRIPT = path.join(ROOT, "scripts", "replacement-table.mjs");
const TABLE = path.join(ROOT, "plan", "diff", "replacementTable.ts");
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const INGRESS_FILE = "internal/service/ec2/vpc_security_group_ingress_rule.go";

/** A folder of single files, and a copy of the committed table as the script's --out. */
function workspace(files: Record<string, string>, table = fs.readFileSync(TABLE, "utf8")) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-replacement-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, "tpa", file)), { recursive: true });
    fs.writeFileSync(path.join(dir, "tpa", file), text);
  }
  fs.mkdirSync(path.join(dir, "tpa"), { recursive: true });
  const out = path.join(dir, "replacementTable.ts");
  fs.writeFileSync(out, table);
  const run = spawnSync(process.execPath, [SCRIPT, path.join(dir, "tpa"), "--out", out], { encoding: "utf8" });
  return { run, table: fs.readFileSync(out, "utf8") };
}

/** Parser input in the shape of the provider's framework resources (not a copy of the provider). */
const frameworkRule = (header: string) =>
  [
    header,
    "func (r *ruleResource) Schema(ctx context.Context, request resource.SchemaRequest, response *resource.SchemaResponse) {",
    "\tresponse.Schema = schema.Schema{",
    "\t\tAttributes: map[string]schema.Attribute{",
    '\t\t\t"cidr_ipv4": schema.StringAttribute{',
    "\t\t\t\tOptional: true,",
    "\t\t\t},",
    '\t\t\t"referenced_security_group_id": schema.StringAttribute{',
    "\t\t\t\tOptional: true,",
    "\t\t\t},",
    '\t\t\t"security_group_id": schema.StringAttribute{',
    "\t\t\t\tRequired: true,",
    "\t\t\t\tPlanModifiers: []planmodifier.String{",
    "\t\t\t\t\tstringplanmodifier.RequiresReplace(),",
    "\t\t\t\t},",
    "\t\t\t},",
    "\t\t},",
    "\t}",
    "}",
    "func (r *ruleResource) ModifyPlan(ctx context.Context, request resource.ModifyPlanRequest, response *resource.ModifyPlanResponse) {",
    "\t\tif new, old := new.sourceAttributeName(), old.sourceAttributeName(); new != old {",
    "\t\t\tresponse.RequiresReplace = []path.Path{path.Root(old), path.Root(new)}",
    "\t\t}",
    "}",
    "func (r *ruleResource) ConfigValidators(context.Context) []resource.ConfigValidator {",
    "\treturn []resource.ConfigValidator{",
    '\t\tresourcevalidator.ExactlyOneOf(path.MatchRoot("cidr_ipv4"), path.MatchRoot("referenced_security_group_id")),',
    "\t}",
    "}",
    "",
  ].join("\n");

describe("diff: the replacement table is pinned to the provider's files and regenerable from them", () => {
  it("every row names a terraform-provider-aws file and the 40-hex commit it was read at", () => {
    for (const [type, rule] of Object.entries(REPLACEMENT_RULES))
      assert.match(rule.source, /^internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go@[0-9a-f]{40}$/, type);
  });

  it("the ingress rule: its group replaces it, and so does a change of the source kind (ModifyPlan)", () => {
    assert.deepEqual(REPLACEMENT_RULES[INGRESS], {
      source: `${INGRESS_FILE}@d2b7f56a7c451244abd1e467109ba703bd9eedd3`,
      replaceOnChange: ["securityGroupId", "region"],
      replaceOnSomeChanges: ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"],
    });
  });

  it("regenerates a row from one file read on its own, at the commit its header names", () => {
    const commit = "0123456789abcdef0123456789abcdef01234567";
    const { run, table } = workspace({ [INGRESS_FILE]: frameworkRule(`// excerpt of ${INGRESS_FILE} @ ${commit}`) });
    assert.equal(run.status, 0, run.stderr);
    const row = table.split("\n").find((l) => l.includes(`"${INGRESS}"`));
    assert.equal(
      row,
      `  "${INGRESS}": { source: "${INGRESS_FILE}@${commit}", replaceOnChange: ["securityGroupId","region"], replaceOnSomeChanges: ["cidrIpv4","referencedSecurityGroupId"] },`,
    );
    // Every other row is kept as committed, each pinned.
    assert.match(run.stderr, /aws:s3\/bucket:Bucket: .* kept the committed row \(internal\/service\/s3\/bucket\.go@[0-9a-f]{40}\)/);
  });

  it("refuses a file whose header names another path, or none without --commit", () => {
    const wrong = workspace({
      [INGRESS_FILE]: frameworkRule("// excerpt of internal/service/ec2/vpc_security_group_egress_rule.go @ " + "a".repeat(40)),
    });
    assert.notEqual(wrong.run.status, 0);
    assert.match(
      wrong.run.stderr,
      /its header names internal\/service\/ec2\/vpc_security_group_egress_rule\.go, not internal\/service\/ec2\/vpc_security_group_ingress_rule\.go/,
    );
    const none = workspace({ [INGRESS_FILE]: frameworkRule("// no header") });
    assert.notEqual(none.run.status, 0);
    assert.match(none.run.stderr, /no `\/\/ excerpt of <path> @ <commit>` header and no --commit/);
  });

  it("refuses to keep a committed row that is pinned to no commit (as the hand-typed ingress row was)", () => {
    const table = fs
      .readFileSync(TABLE, "utf8")
      .replace(
        /("aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule": \{ source: ")[^"]+"/,
        '$1internal/service/ec2/vpc_security_group_ingress_rule.go (by hand, unpinned)"',
      );
    const { run } = workspace({}, table);
    assert.notEqual(run.status, 0);
    assert.match(
      run.stderr,
      /SecurityGroupIngressRule: the committed row \(.*by hand, unpinned\)\) is pinned to no commit; read internal\/service\/ec2\/vpc_security_group_ingress_rule\.go and rerun/,
    );
  });
});
