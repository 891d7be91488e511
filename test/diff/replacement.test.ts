// What `diff` calls a replacement is the provider's rule (plan/diff/replacementTable.ts, generated
// from terraform-provider-aws by scripts/replacement-table.mjs), for every AWS resource type the
// program registers in the example stacks; and an edit of a grant is an in-place update.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { runPlan } from "../../plan/run";
import type { PlanResource } from "../../plan/run";
import { diffResources } from "../../plan/diff/resources";
import { REPLACEMENT_RULES, UNIQUE_NAME_INPUTS } from "../../plan/diff/replacement";
import { resourceWhy } from "../../plan/diff/summary";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const STACKS = ["dev", "staging", "prod", "org"];
const stackConfig = (stack: string) =>
  parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")).config as Record<string, unknown>;

/** A different value of the same shape, so the input counts as changed. */
function changed(value: unknown): unknown {
  if (typeof value === "string") return `${value}-changed`;
  if (typeof value === "boolean") return !value;
  if (typeof value === "number") return value + 1;
  if (Array.isArray(value)) return [...value, "changed"];
  return "changed";
}

describe("diff: replacements are the provider's (every type the program registers)", () => {
  const registered = new Map<string, PlanResource>();
  before(async () => {
    for (const stack of STACKS) {
      const { plan } = await runPlan({ stack, config: stackConfig(stack) });
      for (const r of plan.resources) if (r.type.startsWith("aws:") && !registered.has(r.type)) registered.set(r.type, r);
    }
    // The network section is in no example stack (their plans stay as they are): a stack of its own.
    const network = { vpcEndpoints: [{ vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"] }] };
    const { plan } = await runPlan({
      stack: "network",
      config: { "aws:region": "us-east-1", "ec2-access:environment": "dev", "ec2-access:network": network },
    });
    for (const r of plan.resources) if (r.type.startsWith("aws:") && !registered.has(r.type)) registered.set(r.type, r);
  });

  it("the table covers every AWS type of every example stack's plan (and a network stack's), and no other", () => {
    assert.deepEqual([...registered.keys()].sort(), Object.keys(REPLACEMENT_RULES).sort());
  });

  it("takes the rules the provider states (ForceNew / RequiresReplace in terraform-provider-aws)", () => {
    // CreatePolicy: "The policy description is immutable" (botocore iam model); the provider marks it ForceNew.
    assert.ok(REPLACEMENT_RULES["aws:iam/policy:Policy"].replaceOnChange.includes("description"));
    // Only the name of an SSM document forces a new one (document_type is not ForceNew).
    assert.deepEqual(REPLACEMENT_RULES["aws:ssm/document:Document"].replaceOnChange, ["name", "region"]);
    // The endpoint's subnet, security groups and client-IP mode are RequiresReplace (plugin framework).
    assert.deepEqual(REPLACEMENT_RULES["aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint"].replaceOnChange, [
      "preserveClientIp",
      "securityGroupIds",
      "subnetId",
      "region",
    ]);
    // A VPC endpoint's subnets and security groups change in place; its service and VPC do not.
    const vpce = REPLACEMENT_RULES["aws:ec2/vpcEndpoint:VpcEndpoint"].replaceOnChange;
    assert.ok(vpce.includes("serviceName") && vpce.includes("vpcId") && !vpce.includes("subnetIds") && !vpce.includes("securityGroupIds"));
    // A security group's rules change in place; its description does not.
    assert.deepEqual(REPLACEMENT_RULES["aws:ec2/securityGroup:SecurityGroup"].replaceOnChange, [
      "description",
      "name",
      "namePrefix",
      "vpcId",
      "region",
    ]);
  });

  it("for each registered type, a change of each force-new input is a replacement, and of tags an update", () => {
    for (const [type, r] of registered) {
      for (const input of REPLACEMENT_RULES[type].replaceOnChange) {
        const after = { ...r, inputs: { ...r.inputs, [input]: changed(r.inputs[input]) } };
        const [c] = diffResources([r], [after]);
        assert.deepEqual([c.op, c.replacedBecause], ["replace", [input]], `${type} ${input}`);
      }
      const [t] = diffResources([r], [{ ...r, inputs: { ...r.inputs, tags: { ...(r.inputs.tags as object), extra: "x" } } }]);
      assert.deepEqual([t.op, t.replacedBecause, t.warning], ["update", [], undefined], `${type} tags`);
    }
  });

  it("a replacement that keeps a name AWS allows once says it collides and how to deploy it", () => {
    for (const [type, { input, error }] of Object.entries(UNIQUE_NAME_INPUTS)) {
      const r = registered.get(type);
      if (!r) continue;
      const forcing = REPLACEMENT_RULES[type].replaceOnChange.find((k) => k !== input && k !== "namePrefix");
      if (!forcing) continue; // only the name forces it: a new name never collides
      const [c] = diffResources([r], [{ ...r, inputs: { ...r.inputs, [forcing]: changed(r.inputs[forcing]) } }]);
      assert.equal(c.op, "replace");
      assert.match(c.warning ?? "", new RegExp(`fixed ${input} .*${error}.*deleteBeforeReplace`), type);
      const [renamed] = diffResources(
        [r],
        [{ ...r, inputs: { ...r.inputs, [forcing]: changed(r.inputs[forcing]), [input]: changed(r.inputs[input]) } }],
      );
      assert.equal(renamed.warning, undefined, `${type}: a new name does not collide`);
    }
  });

  it("replacing the Instance Connect Endpoint says the one-per-VPC quota makes create-before-delete fail", () => {
    const e = registered.get("aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint")!;
    const [c] = diffResources([e], [{ ...e, inputs: { ...e.inputs, preserveClientIp: !e.inputs.preserveClientIp } }]);
    assert.deepEqual([c.op, c.replacedBecause], ["replace", ["preserveClientIp"]]);
    assert.match(
      resourceWhy(c),
      /^preserveClientIp changed \(forces replacement\) ⚠ AWS allows one EC2 Instance Connect Endpoint per VPC .*deleteBeforeReplace/,
    );
  });

  it("a change the provider replaces for some values only (an ingress rule moved from a CIDR to a group) says it may replace", () => {
    const r: PlanResource = {
      urn: "urn:pulumi:dev::ec2-access::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::ssh",
      type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      name: "ssh",
      parent: null,
      inputs: { securityGroupId: "sg-1", cidrIpv4: "10.0.0.0/16", ipProtocol: "tcp", fromPort: 22, toPort: 22 },
      outputs: {},
    };
    const { cidrIpv4: _cidr, ...rest } = r.inputs;
    const [c] = diffResources([r], [{ ...r, inputs: { ...rest, referencedSecurityGroupId: "sg-2" } }]);
    assert.deepEqual([c.op, c.replacedBecause], ["update", []]);
    assert.match(
      c.warning ?? "",
      /replaces aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule on some changes of cidrIpv4, referencedSecurityGroupId .*may be a replacement/,
    );
    // A port change is a plain update: no warning.
    const [p] = diffResources([r], [{ ...r, inputs: { ...r.inputs, fromPort: 23, toPort: 23 } }]);
    assert.deepEqual([p.op, p.warning], ["update", undefined]);
  });

  it("an unknown AWS type is not silently an update", () => {
    // (S3 buckets and SNS topics were the example until log stores and alerts registered them.)
    const r: PlanResource = {
      urn: "urn:pulumi:dev::ec2-access::aws:lambda/function:Function::t",
      type: "aws:lambda/function:Function",
      name: "t",
      parent: null,
      inputs: { name: "a" },
      outputs: {},
    };
    const [c] = diffResources([r], [{ ...r, inputs: { name: "b" } }]);
    assert.match(c.warning ?? "", /not in plan\/diff\/replacementTable.ts/);
  });
});

describe("diff: editing a grant is an in-place update", () => {
  async function policies(config: Record<string, unknown>): Promise<PlanResource[]> {
    const { plan } = await runPlan({ stack: "dev", config });
    return plan.resources.filter((r) => r.type === "aws:iam/policy:Policy");
  }

  it("adding an OS user and a client changes the policy documents only: no replacement, no name collision", async () => {
    const base = stackConfig("dev");
    const head = structuredClone(base) as Record<string, any>;
    head["ec2-access:instanceConnect"].grants[0].osUsers.push("admin");
    head["ec2-access:sessionManager"].grants[1].clients.push("ec2-console");
    const changes = diffResources(await policies(base), await policies(head));
    assert.deepEqual(
      changes.map((c) => [c.op, c.name, c.changedInputs, c.warning]),
      [
        ["update", "instance-connect-web-devs", ["policy", "tags"], undefined],
        ["update", "session-manager-platform-admins", ["policy", "tags"], undefined],
      ],
    );
  });
});
