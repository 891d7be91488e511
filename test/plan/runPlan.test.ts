// The offline plan's machinery, on small programs of its own: what is captured, what the
// mocks answer, and how policies run, independent of the access components.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { runPlan } from "../../plan/run";

const config = { "aws:region": "eu-west-1", "ec2-access:environment": "test" };

class Box extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Box", name, {}, opts);
    const policy = new aws.iam.Policy(
      `${name}-policy`,
      { name: `${name}-policy`, path: "/ec2-access/", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
      { parent: this },
    );
    new aws.iam.RolePolicyAttachment(`${name}-attach`, { role: "sre", policyArn: policy.arn }, { parent: this });
    this.arn = policy.arn;
    this.registerOutputs({ arn: this.arn });
  }
}

describe("offline plan runtime", () => {
  it("captures type, name, parent and inputs, and mocks ARNs in the stack's partition, Region and account", async () => {
    const { plan, registrations } = await runPlan({
      stack: "test",
      config: { ...config, "aws:region": "cn-north-1" },
      accountId: "210987654321",
      policies: [],
      program: async () => {
        new Box("box");
        new aws.ssm.Document("doc", { name: "SSM-SessionManagerRunShell", documentType: "Session", content: "{}" });
      },
    });
    const stackUrn = "urn:pulumi:test::ec2-access::pulumi:pulumi:Stack::ec2-access-test";
    const box = registrations.find((r) => r.type === "test:index:Box")!;
    assert.equal(box.urn, "urn:pulumi:test::ec2-access::test:index:Box::box");
    assert.equal(box.parent, stackUrn);
    const policy = plan.resources.find((r) => r.type === "aws:iam/policy:Policy")!;
    // The engine's URN form: no `pulumi:pulumi:Stack$` in the type chain.
    assert.equal(policy.urn, "urn:pulumi:test::ec2-access::test:index:Box$aws:iam/policy:Policy::box-policy");
    assert.equal(policy.parent, box.urn);
    assert.equal(policy.outputs.arn, "arn:aws-cn:iam::210987654321:policy/ec2-access/box-policy");
    const doc = plan.resources.find((r) => r.type === "aws:ssm/document:Document")!;
    assert.equal(doc.outputs.arn, "arn:aws-cn:ssm:cn-north-1:210987654321:document/SSM-SessionManagerRunShell");
    // The attachment's input was resolved from the policy's output ARN.
    const attach = plan.resources.find((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")!;
    assert.equal(attach.inputs.policyArn, "arn:aws-cn:iam::210987654321:policy/ec2-access/box-policy");
    assert.deepEqual(plan.principals, [
      {
        type: "role",
        name: "sre",
        policies: [
          {
            name: "box-policy",
            arn: "arn:aws-cn:iam::210987654321:policy/ec2-access/box-policy",
            kind: "managed",
            document: { Version: "2012-10-17", Statement: [] },
          },
        ],
      },
    ]);
  });

  it("gives grandchildren the engine's URN: every ancestor's type but the stack's", async () => {
    class Outer extends pulumi.ComponentResource {
      constructor(name: string) {
        super("test:index:Outer", name, {});
        new Box(`${name}-box`, { parent: this });
        this.registerOutputs({});
      }
    }
    const { plan } = await runPlan({ stack: "test", config, policies: [], program: async () => void new Outer("outer") });
    const policy = plan.resources.find((r) => r.type === "aws:iam/policy:Policy")!;
    assert.equal(policy.urn, "urn:pulumi:test::ec2-access::test:index:Outer$test:index:Box$aws:iam/policy:Policy::outer-box-policy");
    assert.equal(policy.parent, "urn:pulumi:test::ec2-access::test:index:Outer$test:index:Box::outer-box");
  });

  it("masks secret inputs and outputs in the plan, but hands policies the value as the engine does", async () => {
    let seen: unknown;
    const peek: ResourceValidationPolicy = {
      name: "peek",
      description: "sees the parameter value",
      enforcementLevel: "advisory",
      validateResource: (args) => {
        if (args.type === "aws:ssm/parameter:Parameter") seen = args.props.value;
      },
    };
    const { plan } = await runPlan({
      stack: "test",
      config,
      policies: [peek],
      program: async () => {
        new aws.ssm.Parameter("pw", { name: "/ec2-access/test/pw", type: "SecureString", value: pulumi.secret("hunter2-hunter2") });
      },
    });
    const param = plan.resources.find((r) => r.type === "aws:ssm/parameter:Parameter")!;
    assert.equal(param.inputs.value, "[secret]");
    assert.equal(param.outputs.value, "[secret]");
    assert.ok(!JSON.stringify(plan).includes("hunter2"));
    assert.equal(seen, "hunter2-hunter2");
  });

  it("runs resource policies on inputs and stack policies on outputs with parents resolved", async () => {
    const onInputs: ResourceValidationPolicy = {
      name: "no-wide-paths",
      description: "policies live under /ec2-access/",
      enforcementLevel: "mandatory",
      validateResource: (args, report) => {
        if (args.isType(aws.iam.Policy) && args.props.path !== "/ec2-access/") report(`path ${args.props.path}`);
      },
    };
    const onOutputs: StackValidationPolicy = {
      name: "policies-have-parents",
      description: "every policy is owned by a component",
      enforcementLevel: "advisory",
      validateStack: (args, report) => {
        for (const r of args.resources.filter((x) => x.isType(aws.iam.Policy))) {
          report(`${r.props.arn} under ${r.parent?.type ?? "nothing"}`, r.urn);
        }
      },
    };
    const { plan } = await runPlan({
      stack: "test",
      config,
      policies: [onInputs, onOutputs],
      program: async () => {
        new Box("box");
        new aws.iam.Policy("loose", { path: "/", policy: "{}" });
      },
    });
    assert.deepEqual(
      plan.violations.map((v) => [v.policy, v.enforcementLevel, v.urn.split("::").pop(), v.message]),
      [
        ["no-wide-paths", "mandatory", "loose", "path /"],
        ["policies-have-parents", "advisory", "box-policy", "arn:aws:iam::123456789012:policy/ec2-access/box-policy under test:index:Box"],
        // Auto-named, as the provider would: `<name>-<7 hex>`, stable for a given URN.
        [
          "policies-have-parents",
          "advisory",
          "loose",
          `arn:aws:iam::123456789012:policy/${plan.resources.find((r) => r.name === "loose")!.outputs.name} under pulumi:pulumi:Stack`,
        ],
      ],
    );
    assert.match(String(plan.resources.find((r) => r.name === "loose")!.outputs.name), /^loose-[0-9a-f]{7}$/);
  });

  it("applies the policy pack config: enforcement levels, 'all', disabled policies and schema defaults", async () => {
    const seenConfig: unknown[] = [];
    const rule = (name: string): ResourceValidationPolicy => ({
      name,
      description: name,
      enforcementLevel: "advisory",
      configSchema: { properties: { limit: { type: "number", default: 3 } } },
      validateResource: (args, report) => {
        if (args.isType(aws.iam.Policy)) {
          seenConfig.push(args.getConfig());
          report("found");
        }
      },
    });
    const { plan } = await runPlan({
      stack: "test",
      config,
      policies: [rule("a"), rule("b"), rule("c")],
      policyConfig: { all: "mandatory", b: { enforcementLevel: "advisory", limit: 7 }, c: "disabled" },
      program: async () => {
        new aws.iam.Policy("p", { policy: "{}" });
      },
    });
    assert.deepEqual(
      plan.violations.map((v) => [v.policy, v.enforcementLevel]),
      [
        ["a", "mandatory"],
        ["b", "advisory"],
      ],
    );
    assert.deepEqual(seenConfig, [{ limit: 3 }, { limit: 7 }]);
  });

  it("reports a policy that reads an unknown value as advisory, and a policy that throws as mandatory", async () => {
    const readsArn: StackValidationPolicy = {
      name: "reads-endpoint",
      description: "reads a value only known after deployment",
      enforcementLevel: "mandatory",
      validateStack: (args) => {
        for (const r of args.resources) if (r.isType(aws.iam.Policy)) void String(r.props.policy);
      },
    };
    const throws: ResourceValidationPolicy = {
      name: "broken",
      description: "crashes",
      enforcementLevel: "advisory",
      validateResource: (args) => {
        if (args.isType(aws.iam.Policy)) throw new Error("boom");
      },
    };
    const { plan } = await runPlan({
      stack: "test",
      config,
      policies: [readsArn, throws],
      program: async () => {
        // An output the mocks leave unknown during preview: the policy text depends on it.
        const unknown = pulumi.output(pulumi.unknown as unknown as string);
        new aws.iam.Policy("p", { policy: unknown });
      },
    });
    const byPolicy = Object.fromEntries(plan.violations.map((v) => [v.policy, v]));
    assert.equal(byPolicy["reads-endpoint"].enforcementLevel, "advisory");
    assert.match(byPolicy["reads-endpoint"].message, /^can't run policy 'reads-endpoint' during preview/);
    assert.equal(byPolicy.broken.enforcementLevel, "mandatory");
    assert.match(byPolicy.broken.message, /^policy 'broken' threw: Error: boom/);
  });

  it("evaluates the access table from the documents, and flags where they differ from a component's intent", async () => {
    const intended = {
      pattern: "serial-console",
      grant: "oncall",
      principal: { type: "group", name: "oncall" },
      osUsers: [],
      target: { instanceIds: ["i-0598c7d356eba48d7"] },
      deniedInstanceIds: [],
    };
    class LyingAccess extends pulumi.ComponentResource {
      constructor(name: string) {
        super("ec2-access:access:SerialConsoleAccess", name, {});
        // The document reaches another instance than the one the component claims.
        const doc = {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
              Resource: "arn:aws:ec2:eu-west-1:123456789012:instance/i-1234567890abcdef0",
            },
          ],
        };
        const policy = new aws.iam.Policy(
          `${name}-oncall`,
          { name: "ec2-access-test-serial-console-oncall", policy: JSON.stringify(doc) },
          { parent: this },
        );
        new aws.iam.GroupPolicyAttachment(`${name}-oncall-group-oncall`, { group: "oncall", policyArn: policy.arn }, { parent: this });
        this.registerOutputs({ access: [intended] });
      }
    }
    const { plan } = await runPlan({ stack: "test", config, policies: [], program: async () => void new LyingAccess("serial-console") });
    assert.deepEqual(
      plan.access.map((a) => [a.grant, a.principal.name, a.target]),
      [["oncall", "oncall", { instanceIds: ["i-1234567890abcdef0"] }]],
    );
    assert.deepEqual(
      plan.violations.map((v) => [v.policy, v.enforcementLevel]),
      [["access-matches-intent", "mandatory"]],
    );
    assert.match(plan.violations[0].message, /oncall/);
  });

  it("runs plans one after another in one process with the same result", async () => {
    const once = () => runPlan({ stack: "test", config, policies: [], program: async () => void new Box("box") }).then((r) => r.plan);
    const [a, b] = await Promise.all([once(), once()]);
    assert.deepEqual(a, b);
    assert.equal(a.resources.length, 4); // stack, component, policy, attachment
  });
});

describe("offline plan runtime: values a structured clone cannot copy", () => {
  it("runs the pack on a resource holding an archive (a Lambda's code), and still sees the rest of the stack", async () => {
    const program = async () => {
      new aws.lambda.Function("fn", {
        role: "arn:aws:iam::123456789012:role/fn",
        runtime: "nodejs20.x",
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") }),
      });
      new aws.iam.RolePolicy("shell-everywhere", {
        role: "ops",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: "*" }] }),
      });
    };
    // Before: structuredClone threw DataCloneError on the archive's promises and the run failed.
    const { plan } = await runPlan({ stack: "test", config, program });
    const seen = plan.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} ${v.urn.split("::").pop()}`);
    assert.ok(seen.includes("require-session-instance-scope shell-everywhere"), seen.join("\n"));
    assert.ok(
      !plan.violations.some((v) => /DataCloneError|could not be cloned/.test(v.message)),
      plan.violations.map((v) => v.message).join("\n"),
    );
  });
});

describe("offline plan runtime: resources passed as inputs", () => {
  it("keeps a registration whose input is another resource, as its ID (what the engine gives analyzers), and checks it", async () => {
    const program = async () => {
      const role = new aws.iam.Role("ops", {
        name: "ops",
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      });
      new aws.iam.RolePolicy("shell-everywhere", {
        role,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: "*" }] }),
      });
    };
    // Before: the SDK sent a resource reference, the capture could not read it, and the inline
    // policy vanished from the plan without an error.
    const { plan } = await runPlan({ stack: "test", config, program });
    const inline = plan.resources.find((r) => r.name === "shell-everywhere");
    assert.ok(inline, plan.resources.map((r) => r.name).join(", "));
    assert.equal(typeof inline.inputs.role, "string");
    assert.ok(plan.violations.some((v) => v.policy === "require-session-instance-scope" && v.urn.endsWith("::shell-everywhere")));
  });
});
