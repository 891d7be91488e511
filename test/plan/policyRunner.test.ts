// The in-process policy runner (plan/policyRunner.ts) against what @pulumi/policy's analyzer
// (server.js) guarantees a policy: props freshly deserialised per policy and per validation (one
// policy cannot change what the next one sees), behind the unknown-checking proxy (an unknown
// during preview becomes the advisory "can't run policy"), assets shown as what they are, and a
// validation marked with a type (validateResourceOfType) not called for other types. The runner
// copies a resource's values only when a policy reads them: counted here through a getter.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import type { Registration } from "../../plan/capture";
import { runPolicies } from "../../plan/policyRunner";
import { customRegistration } from "../support/registration";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as { unknownStringValue: string };

const POLICY_TYPE = "aws:iam/policy:Policy";

function registration(name: string, values: Record<string, unknown>, type = POLICY_TYPE): Registration {
  return customRegistration(type, name, values);
}

function resourcePolicy(name: string, validateResource: ResourceValidationPolicy["validateResource"]): ResourceValidationPolicy {
  return { name, description: name, enforcementLevel: "mandatory", validateResource };
}

function stackPolicy(name: string, validateStack: StackValidationPolicy["validateStack"]): StackValidationPolicy {
  return { name, description: name, enforcementLevel: "mandatory", validateStack };
}

const values = () => ({ name: "grant", policy: '{"Version":"2012-10-17","Statement":[]}', tags: { team: "a" }, groups: ["g1"] });

describe("offline plan: the policy runner", () => {
  it("a resource policy that changes props changes nothing the next policy, or its own next validation, sees", async () => {
    const seen: unknown[] = [];
    const vandal = (args: { props: Record<string, unknown> }) => {
      const p = args.props as { name: string; policy?: string; tags: Record<string, string>; groups: string[] };
      p.name = "changed";
      p.tags.team = "changed";
      p.groups.push("g2");
      delete p.policy;
    };
    const record = (args: { props: unknown }) => void seen.push(JSON.parse(JSON.stringify(args.props)));
    const r = registration("grant", values());
    const violations = await runPolicies([r], {
      policies: [resourcePolicy("vandal", [vandal, record]), resourcePolicy("reader", record)],
    });
    assert.deepEqual(violations, []);
    assert.deepEqual(seen, [values(), values()]);
    assert.deepEqual(r.inputs, values());
  });

  it("a stack policy that changes a resource's props changes nothing the next policies see", async () => {
    const seen: unknown[] = [];
    const r = registration("grant", values());
    await runPolicies([r], {
      policies: [
        stackPolicy("vandal", (args) => {
          const p = args.resources[0].props as { tags: Record<string, string> };
          p.tags.team = "changed";
          args.resources[0].props = { replaced: true };
        }),
        stackPolicy("stack-reader", (args) => void seen.push(JSON.parse(JSON.stringify(args.resources[0].props)))),
        resourcePolicy("resource-reader", (args) => void seen.push(JSON.parse(JSON.stringify(args.props)))),
      ],
    });
    assert.deepEqual(seen, [values(), values()]);
  });

  it("assigning args.props replaces what the policy reads there; asType still gives the policy's own props", async () => {
    const seen: unknown[] = [];
    await runPolicies([registration("grant", values())], {
      policies: [
        resourcePolicy("assigns", (args) => {
          args.props = { mine: true };
          seen.push(args.props, (args.asType(aws.iam.Policy) as { name?: string }).name);
        }),
      ],
    });
    assert.deepEqual(seen, [{ mine: true }, "grant"]);
  });

  it('an unknown value read during preview becomes the advisory "can\'t run policy"; one not read changes nothing', async () => {
    const r = registration("grant", { ...values(), policy: proxy.unknownStringValue });
    const violations = await runPolicies([r], {
      policies: [
        resourcePolicy("reads-policy", (args, report) => {
          if (typeof args.props.policy === "string") report("read a string");
        }),
        resourcePolicy("reads-name", (args, report) => report(`name ${String(args.props.name)}`)),
      ],
    });
    assert.deepEqual(
      violations.map((v) => [v.policy, v.enforcementLevel, v.message.replace(/:.*/, "")]),
      [
        ["reads-policy", "advisory", "can't run policy 'reads-policy' during preview"],
        ["reads-name", "mandatory", "name grant"],
      ],
    );
  });

  it("shows an asset or archive in props as what it is", async () => {
    let code: unknown;
    const r = registration("fn", { code: new pulumi.asset.FileArchive("./app"), runtime: "nodejs20.x" }, "aws:lambda/function:Function");
    await runPolicies([r], { policies: [resourcePolicy("reader", (args) => void (code = JSON.parse(JSON.stringify(args.props.code))))] });
    assert.deepEqual(code, { FileArchive: true });
  });

  it("copies a resource's values only for the policies that read them", async () => {
    let reads = 0;
    const counted = Object.defineProperty(values(), "description", {
      get: () => (reads++, "counted"),
      enumerable: true,
    }) as Record<string, unknown>;
    const r = registration("grant", counted);
    const typeOnly = resourcePolicy("type-only", (args, report) => {
      if (args.type !== POLICY_TYPE) report("not a policy");
    });
    const other = resourcePolicy(
      "other-type",
      validateResourceOfType(aws.ec2.SecurityGroup, (props, _args, report) => report(String(props.name))),
    );
    const stackTypeOnly = stackPolicy("stack-type-only", (args) => void args.resources.map((x: PolicyResource) => x.type));
    await runPolicies([r], { policies: [typeOnly, other, stackTypeOnly] });
    assert.equal(reads, 0);
    await runPolicies([r], { policies: [resourcePolicy("reader", (args) => void args.props.description), typeOnly] });
    assert.equal(reads, 1);
  });

  it("does not call a validation marked with another type (the analyzer's fast check)", async () => {
    // validateResourceOfType marks its function with `__pulumiType`; the analyzer skips the call
    // for other types (server.js, "Fast check"), so the function itself never runs.
    let calls = 0;
    const SG = "aws:ec2/securityGroup:SecurityGroup";
    const marked = Object.assign(() => void calls++, { __pulumiType: SG });
    assert.equal((validateResourceOfType(aws.ec2.SecurityGroup, () => undefined) as { __pulumiType?: string }).__pulumiType, SG);
    await runPolicies([registration("grant", values())], { policies: [resourcePolicy("sg-only", marked)] });
    assert.equal(calls, 0);
    await runPolicies([registration("sg", { name: "sg" }, SG)], {
      policies: [resourcePolicy("sg-only", marked)],
    });
    assert.equal(calls, 1);
  });

  it("getConfig returns a fresh object each time: a policy that changes its config changes nothing next time", async () => {
    const seen: unknown[] = [];
    const policy: ResourceValidationPolicy = {
      ...resourcePolicy("configured", (args) => {
        const c = args.getConfig<{ limit: number; extra?: string }>();
        seen.push({ ...c });
        c.limit = 0;
      }),
      configSchema: { properties: { limit: { type: "number", default: 5 } } },
    };
    await runPolicies([registration("a", values()), registration("b", values())], {
      policies: [policy],
      config: { configured: { extra: "x" } },
    });
    assert.deepEqual(seen, [
      { limit: 5, extra: "x" },
      { limit: 5, extra: "x" },
    ]);
  });
});
