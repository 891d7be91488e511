// Exemptions (docs/contracts/policy-pack.md): in each policy's config, `exemptions: [{ resource:
// <URN glob>, reason, expires }]`. A CI role with AdministratorAccess attached breaks several
// mandatory rules that no other setting can acknowledge; an exemption per resource, with a
// reason, turns each of its violations into an advisory one that names the exemption (so every
// use is reported), and an expired exemption is not honoured.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../../cli/main";
import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";
import { exemptingReporter, withExemptions } from "../../../policypack/lib/exemptions";
import type { Violation } from "../../../plan/policyRunner";
import { runPolicies, validateResource } from "../../../plan/policyRunner";
import type { Registration } from "../../../plan/capture";
import { customRegistration } from "../../support/registration";
import { engineConfigErrors } from "../support/engineConfigSchema";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeAnalyzeRpcFun } = require("@pulumi/policy/server");

function registration(type: string, name: string, props: Record<string, unknown>, stack = "prod", project = "ci"): Registration {
  return customRegistration(type, name, props, { stack, project });
}

// A GitHub Actions deploy role with AWS's AdministratorAccess attached (arn from the managed
// policy; its content comes from the pack's data), and a second role that is not exempted.
const ciStack = [
  registration("aws:iam/role:Role", "deployer", {
    name: "ci-deployer",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
        },
      ],
    }),
  }),
  registration("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "deployer-admin", {
    role: "ci-deployer",
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
  }),
  registration("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "intern-admin", {
    role: "intern",
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
  }),
];
const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const DEPLOYER = "urn:pulumi:prod::ci::aws:iam/rolePolicyAttachment:RolePolicyAttachment::deployer-admin";
const INTERN = "urn:pulumi:prod::ci::aws:iam/rolePolicyAttachment:RolePolicyAttachment::intern-admin";
const REASON = "CI deploys every service of the account; reviewed by the platform team (ticket SEC-42)";

function exemptAll(names: string[], exemption: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(names.map((n) => [n, { exemptions: [exemption] }]));
}

describe("exemptions", () => {
  let baseline: Violation[];
  let policiesHit: string[];
  before(async () => {
    baseline = await runPolicies(ciStack, { policies });
    policiesHit = [...new Set(baseline.filter((v) => v.urn === DEPLOYER).map((v) => v.policy))];
  });

  it("without one, AdministratorAccess on the CI role breaks at least 6 mandatory rules", () => {
    const deployer = baseline.filter((v) => v.urn === DEPLOYER);
    assert.ok(policiesHit.length >= 6, `${policiesHit.length} policies: ${policiesHit.join(", ")}`);
    assert.ok(deployer.every((v) => v.enforcementLevel === "mandatory"));
  });

  it("one per policy, on the attachment's URN, makes each of its violations advisory and names the exemption", async () => {
    const config = exemptAll(policiesHit, { resource: "urn:pulumi:prod::ci::*::deployer-admin", reason: REASON, expires: "2099-01-01" });
    const out = await runPolicies(ciStack, { policies, config });
    const deployer = out.filter((v) => v.urn === DEPLOYER);
    // Every violation is still reported, none blocks.
    assert.equal(deployer.length, baseline.filter((v) => v.urn === DEPLOYER).length);
    for (const v of deployer) {
      assert.equal(v.enforcementLevel, "advisory", v.message);
      assert.ok(
        v.message.startsWith(
          `Exempted until 2099-01-01 (${JSON.stringify(REASON)}; exemption "urn:pulumi:prod::ci::*::deployer-admin"): AWS managed policy AdministratorAccess: Statement[0]`,
        ),
        v.message,
      );
    }
    // The exemption is per resource: the intern's attachment still fails.
    const intern = out.filter((v) => v.urn === INTERN);
    assert.ok(intern.length > 0 && intern.every((v) => v.enforcementLevel === "mandatory"));
  });

  it("an expired exemption no longer applies, and the violation says so", async () => {
    const config = exemptAll(policiesHit, { resource: DEPLOYER, reason: REASON, expires: "2020-06-30" });
    const deployer = (await runPolicies(ciStack, { policies, config })).filter((v) => v.urn === DEPLOYER);
    assert.ok(deployer.length > 0);
    for (const v of deployer) {
      assert.equal(v.enforcementLevel, "mandatory");
      assert.ok(v.message.endsWith(`(The exemption ${JSON.stringify(DEPLOYER)} expired on 2020-06-30 and no longer applies.)`), v.message);
    }
  });

  it("expires at the instant given (a date: 00:00 UTC that day)", () => {
    const seen: unknown[] = [];
    const report = ((v: unknown) => void seen.push(v)) as never;
    const exemption = { resource: "urn:pulumi:*", reason: "r", expires: "2030-01-01" };
    exemptingReporter(report, [exemption], DEPLOYER, () => Date.parse("2029-12-31T23:59:59Z"))("m");
    exemptingReporter(report, [exemption], DEPLOYER, () => Date.parse("2030-01-01T00:00:00Z"))("m");
    assert.deepEqual(seen[0], {
      message: 'Exempted until 2030-01-01 ("r"; exemption "urn:pulumi:*"): m',
      urn: DEPLOYER,
      enforcementLevel: "advisory",
    });
    assert.equal(seen[1], 'm (The exemption "urn:pulumi:*" expired on 2030-01-01 and no longer applies.)');
  });

  it("the engine's analyzer reports an exempted violation as advisory on the resource (@pulumi/policy server.js)", async () => {
    const exempted: ResourceValidationPolicy = {
      name: "demo",
      description: "demo",
      enforcementLevel: "mandatory",
      validateResource: (args, report) => {
        exemptingReporter(report, [{ resource: DEPLOYER, reason: REASON, expires: "2099-01-01" }], args.urn, Date.now)("exempted");
        exemptingReporter(report, [], args.urn, Date.now)("not exempted");
      },
    };
    const req = new analyzerProto.AnalyzeRequest();
    req.setType("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    req.setUrn(DEPLOYER);
    req.setName("deployer-admin");
    req.setProperties(Struct.fromJavaScript({}));
    req.setOptions(new analyzerProto.AnalyzerResourceOptions());
    const response = await new Promise<{ toObject(): { diagnosticsList: { enforcementlevel: number; message: string; urn: string }[] } }>(
      (resolve, reject) =>
        makeAnalyzeRpcFun("ec2-access-guardrails", "0.1.0", "advisory", [exempted])({ request: req }, (e: Error | undefined, r: never) =>
          e ? reject(e) : resolve(r),
        ),
    );
    const diagnostics = response.toObject().diagnosticsList;
    assert.deepEqual(
      diagnostics.map((d) => [d.enforcementlevel, d.urn]),
      [
        [analyzerProto.EnforcementLevel.ADVISORY, DEPLOYER],
        [analyzerProto.EnforcementLevel.MANDATORY, ""],
      ],
    );
    assert.match(diagnostics[0].message, /^Exempted until 2099-01-01/);
  });

  it("the engine refuses an exemption without a reason, with a blank one, with a bad date or a resource that is not a URN", () => {
    const policy = (policies as Policies).find((p) => p.name === "require-session-instance-scope")!;
    const errors = (exemption: Record<string, unknown>) => engineConfigErrors(policy, { exemptions: [exemption] });
    assert.deepEqual(errors({ resource: DEPLOYER, reason: REASON, expires: "2099-01-01" }), []);
    assert.deepEqual(errors({ resource: DEPLOYER, expires: "2099-01-01" }), ["/exemptions/0: must have required property 'reason'"]);
    assert.deepEqual(errors({ resource: DEPLOYER, reason: "  ", expires: "2099-01-01" }), [
      '/exemptions/0/reason: must match pattern "\\S"',
    ]);
    assert.deepEqual(errors({ resource: DEPLOYER, reason: REASON }), ["/exemptions/0: must have required property 'expires'"]);
    assert.equal(errors({ resource: DEPLOYER, reason: REASON, expires: "next year" }).length, 1);
    assert.deepEqual(errors({ resource: "deployer-admin", reason: REASON, expires: "2099-01-01" }), [
      '/exemptions/0/resource: must match pattern "^urn:pulumi:"',
    ]);
  });

  it("the offline plan refuses it too, naming the policy, the key and the value (exit 2)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "exemptions-"));
    const file = path.join(dir, "dev.json");
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, "policypack", "config", "dev.json"), "utf8"));
    config["require-session-instance-scope"].exemptions = [{ resource: DEPLOYER, expires: "2099-01-01" }];
    fs.writeFileSync(file, JSON.stringify(config));
    const io = {
      out: "",
      err: "",
      cwd: ROOT,
      stdout: (s: string) => void (io.out += s),
      stderr: (s: string) => void (io.err += s),
      stdin: async () => "",
    };
    assert.equal(await main(["plan", "--stack", "dev", "--policy-config", file], io), 2);
    assert.equal(io.out, "");
    assert.match(io.err, /require-session-instance-scope\.exemptions\[0\].*reason/);
  });

  it("reads a policy's exemptions only when it reports, and then applies them", async () => {
    let configReads = 0;
    const exemption = { resource: "urn:pulumi:prod::ci::*", reason: "CI role", expires: "2999-01-01" };
    const policy = withExemptions({
      name: "reports-on-b",
      description: "reports on b",
      enforcementLevel: "mandatory",
      validateResource: (args, report) => (args.name === "b" ? report("broad") : undefined),
    } as ResourceValidationPolicy);
    const counting = { getConfig: () => (configReads++, { exemptions: [exemption] }), stackTags: new Map<string, string>() };
    const sink: Violation[] = [];
    await validateResource(policy, registration("aws:iam/policy:Policy", "a", {}), counting as never, "mandatory", sink);
    assert.equal(configReads, 0);
    await validateResource(policy, registration("aws:iam/policy:Policy", "b", {}), counting as never, "mandatory", sink);
    assert.equal(configReads, 1);
    assert.deepEqual(
      sink.map((v) => [v.enforcementLevel, v.message]),
      [["advisory", 'Exempted until 2999-01-01 ("CI role"; exemption "urn:pulumi:prod::ci::*"): broad']],
    );
  });

  it("every policy of the pack takes exemptions", () => {
    for (const p of policies as Policies) assert.ok(p.configSchema?.properties?.exemptions, p.name);
  });
});
