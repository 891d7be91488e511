// The documents column of the access table: what a Session Manager grant's principals may run,
// read back from the policies the plan registers (plan/sessionDocumentAccess.ts), compared with
// the config, and proved with the IAM simulator: what the column lists can be started or run,
// what it leaves out cannot.
import assert from "node:assert/strict";
import * as path from "node:path";
import type { AccessEntry } from "../../components/access";
import { ACCESS_POLICY, evaluateAccess } from "../../plan/accessEvaluation";
import type { Plan } from "../../plan/run";
import { planStack } from "../../plan/run";
import { grantRunnables } from "../../plan/sessionDocumentAccess";
import { parseDocument } from "../../policypack/lib/document";
import { readStackFile } from "../../config/stackFile";
import { AWS_SESSION_DOCUMENTS, DEFAULT_SESSION_DOCUMENT } from "../../model/awsNames";
import type { PolicyDocument } from "../../documents/policyDocument";
import { simulate } from "../support/iamSimulator";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const plans = new Map<string, Promise<Plan>>();
function examplePlan(stack: string): Promise<Plan> {
  if (!plans.has(stack)) plans.set(stack, planStack({ stack, config: readStackFile(path.join(ROOT, `Pulumi.${stack}.yaml`)).raw }));
  return plans.get(stack)!;
}

const sessionRows = (p: Plan) => p.access.filter((a) => a.pattern === "session-manager");
const CHECKED = { "ssm:SessionDocumentAccessCheck": "true" };
const UNCHECKED = { "ssm:SessionDocumentAccessCheck": "false" };

describe("accessEvaluation: the documents a Session Manager grant may run, from the registered policies", () => {
  it("staging: app-team starts the shell, db-tunnels only forwards ports to a remote host", async () => {
    const p = await examplePlan("staging");
    assert.deepEqual(
      sessionRows(p).map((a) => [a.grant, a.documents, a.commandDocuments]),
      [
        ["app-team", [DEFAULT_SESSION_DOCUMENT], undefined],
        ["db-tunnels", ["AWS-StartPortForwardingSessionToRemoteHost"], undefined],
      ],
    );
    assert.deepEqual(
      p.violations.filter((v) => v.policy === ACCESS_POLICY),
      [],
    );
  });

  it("dev and prod: the EC2 console's grants also run the agent update with Run Command", async () => {
    const rows = async (stack: string) => sessionRows(await examplePlan(stack)).map((a) => [a.grant, a.documents, a.commandDocuments]);
    assert.deepEqual(await rows("dev"), [
      ["app-team", [DEFAULT_SESSION_DOCUMENT], ["AWS-UpdateSSMAgent"]],
      ["platform-admins", [DEFAULT_SESSION_DOCUMENT], undefined],
    ]);
    assert.deepEqual(await rows("prod"), [
      ["oncall", [DEFAULT_SESSION_DOCUMENT], ["AWS-UpdateSSMAgent"]],
      ["sre", [DEFAULT_SESSION_DOCUMENT], ["AWS-UpdateSSMAgent"]],
    ]);
  });

  it("other patterns' rows carry no documents", async () => {
    for (const a of (await examplePlan("dev")).access.filter((x) => x.pattern !== "session-manager")) {
      assert.equal(a.documents, undefined);
      assert.equal(a.commandDocuments, undefined);
    }
  });
});

describe("accessEvaluation: a policy whose documents differ from the config is a mismatch", () => {
  /** staging's plan with db-tunnels' policy changed by `edit`, checked against the config's rows. */
  async function edited(edit: (doc: PolicyDocument) => void): Promise<string[]> {
    const p = structuredClone(await examplePlan("staging"));
    const role = p.principals.find((x) => x.name === "data-engineer")!;
    const doc = role.policies[0].document as PolicyDocument;
    edit(doc);
    const intent: AccessEntry[] = p.access;
    return evaluateAccess({ ...p, access: intent }).mismatches.map((m) => m.message);
  }
  const documentStatement = (doc: PolicyDocument) =>
    doc.Statement.find((s) => [s.Resource].flat().some((r) => String(r).includes(":document/")))!;

  it("another document's ARN", async () => {
    const messages = await edited((doc) => {
      const s = documentStatement(doc);
      s.Resource = [s.Resource].flat().map((r) => String(r).replace("AWS-StartPortForwardingSessionToRemoteHost", "AWS-StartSSHSession"));
    });
    assert.deepEqual(messages, [
      'session-manager grant "db-tunnels" for role data-engineer: session documents: config AWS-StartPortForwardingSessionToRemoteHost, documents AWS-StartSSHSession',
    ]);
  });

  it("the access check taken off the instance statement: the default shell without --document-name", async () => {
    const messages = await edited((doc) => {
      delete doc.Statement[0].Condition!.BoolIfExists;
    });
    assert.deepEqual(messages, [
      'session-manager grant "db-tunnels" for role data-engineer: session documents: config AWS-StartPortForwardingSessionToRemoteHost, documents AWS-StartPortForwardingSessionToRemoteHost, SSM-SessionManagerRunShell',
    ]);
  });

  it("the document in one Region only, or in the stack's account although AWS owns it", async () => {
    const oneRegion = await edited((doc) => {
      const s = documentStatement(doc);
      s.Resource = [s.Resource]
        .flat()
        .map(String)
        .filter((r) => r.includes("eu-west-1"));
    });
    assert.deepEqual(oneRegion, [
      'session-manager grant "db-tunnels" for role data-engineer: session document AWS-StartPortForwardingSessionToRemoteHost not named in eu-central-1',
    ]);
    const inAccount = await edited((doc) => {
      const s = documentStatement(doc);
      s.Resource = [s.Resource].flat().map((r) => String(r).replace("::document/", ":444455556666:document/"));
    });
    assert.deepEqual(inAccount, [
      'session-manager grant "db-tunnels" for role data-engineer: session document AWS-StartPortForwardingSessionToRemoteHost named in account 444455556666, but AWS\'s documents have ARNs with an empty account',
    ]);
  });
});

describe("accessEvaluation: reading session and Command documents", () => {
  const read = (statements: unknown[]) =>
    grantRunnables(parseDocument({ Version: "2012-10-17", Statement: statements }).statements, [], {
      accountId: "111122223333",
      regions: ["us-east-1"],
    });
  const INSTANCES = "arn:aws:ec2:us-east-1:111122223333:instance/*";
  const doc = (name: string) => `arn:aws:ssm:us-east-1::document/${name}`;

  it("a document wildcard, `*` or NotResource reach any document", () => {
    assert.deepEqual(read([{ Effect: "Allow", Action: "ssm:StartSession", Resource: "arn:aws:ssm:*:*:document/*" }]).documents, ["*"]);
    assert.deepEqual(read([{ Effect: "Allow", Action: "ssm:*", Resource: "*" }]), {
      documents: ["*"],
      commandDocuments: ["*"],
      problems: [],
    });
    assert.deepEqual(read([{ Effect: "Allow", Action: "ssm:StartSession", NotResource: doc("AWS-PasswordReset") }]).documents, ["*"]);
    assert.deepEqual(read([{ Effect: "Allow", Action: "ssm:StartSession", Resource: doc("AWS-StartPort*") }]).documents, [
      "AWS-StartPort*",
    ]);
  });

  it("a Command document counts only with SendCommand on some instance", () => {
    const onDocument = { Effect: "Allow", Action: "ssm:SendCommand", Resource: doc("AWS-RunShellScript") };
    assert.deepEqual(read([onDocument]).commandDocuments, []);
    assert.deepEqual(read([onDocument, { Effect: "Allow", Action: "ssm:SendCommand", Resource: INSTANCES }]).commandDocuments, [
      "AWS-RunShellScript",
    ]);
  });

  it("an unconditional Deny of a document removes it; a conditional one does not", () => {
    const allow = {
      Effect: "Allow",
      Action: "ssm:StartSession",
      Resource: [INSTANCES, doc("AWS-StartSSHSession"), doc("AWS-PasswordReset")],
    };
    const deny = { Effect: "Deny", Action: "ssm:StartSession", Resource: doc("AWS-PasswordReset") };
    const statements = parseDocument({ Statement: [allow, deny] }).statements;
    const where = { accountId: "111122223333", regions: ["us-east-1"] };
    assert.deepEqual(grantRunnables(statements, statements, where).documents, [
      "AWS-StartSSHSession",
      DEFAULT_SESSION_DOCUMENT, // no access check on the instance statement
    ]);
    const conditional = parseDocument({ Statement: [allow, { ...deny, Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }] });
    assert.ok(grantRunnables(conditional.statements, conditional.statements, where).documents.includes("AWS-PasswordReset"));
  });
});

describe("accessEvaluation: the IAM simulator agrees with the documents column", function () {
  this.timeout(300_000);

  /** A request context that the row's target admits, and an instance ARN in the stack. */
  function reach(a: AccessEntry, p: Plan): { instance: string; context: Record<string, string> } {
    const t = a.target;
    const id = t.instanceIds?.[0] ?? "i-0598c7d356eba48d7";
    const context: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.tags ?? {})) context[`ssm:resourceTag/${k}`] = v[0];
    if (t.principalTagKey) {
      context[`ssm:resourceTag/${t.principalTagKey}`] = "blue";
      context[`aws:PrincipalTag/${t.principalTagKey}`] = "blue";
    }
    return { instance: `arn:aws:ec2:${p.regions[0]}:${p.accountId}:instance/${id}`, context };
  }

  for (const stack of ["dev", "staging", "prod"]) {
    it(`${stack}: every listed document can be started or run, no other`, async () => {
      const p = await examplePlan(stack);
      const region = p.regions[0];
      const documentArn = (name: string) => `arn:aws:ssm:${region}:${name.startsWith("AWS-") ? "" : p.accountId}:document/${name}`;
      const rows = sessionRows(p);
      assert.ok(rows.length > 0);
      for (const a of rows) {
        const policies = p.principals.find((x) => x.type === a.principal.type && x.name === a.principal.name)!.policies;
        const identityPolicies = policies.map((x) => x.document as PolicyDocument);
        // A group is simulated through a member user; the session tag check by a role's user ID is not needed here.
        const principalArn = `arn:aws:iam::${p.accountId}:${a.principal.type === "role" ? "role" : "user"}/${a.principal.name}`;
        const { instance, context } = reach(a, p);
        // The target's tag keys belong to requests on the instance only.
        const decide = (action: string, resource: string, extra: Record<string, string>) =>
          simulate({ identityPolicies, action, resource, principalArn, context: { ...(resource === instance ? context : {}), ...extra } });
        const label = `${stack} ${a.grant}`;
        assert.equal(await decide("ssm:StartSession", instance, CHECKED), "Allowed", `${label}: the row's instance`);

        for (const name of [...AWS_SESSION_DOCUMENTS, DEFAULT_SESSION_DOCUMENT, "Team-RunShell"]) {
          const named = (await decide("ssm:StartSession", documentArn(name), CHECKED)) === "Allowed";
          // The default document also starts when the session names none (the check is off then).
          const unnamed = name === DEFAULT_SESSION_DOCUMENT && (await decide("ssm:StartSession", instance, UNCHECKED)) === "Allowed";
          assert.equal(named || unnamed, a.documents!.includes(name), `${label}: ${name}`);
        }
        for (const name of ["AWS-UpdateSSMAgent", "AWS-RunShellScript", "AWS-RunPowerShellScript"]) {
          const runs =
            (await decide("ssm:SendCommand", documentArn(name), {})) === "Allowed" &&
            (await decide("ssm:SendCommand", instance, {})) === "Allowed";
          assert.equal(runs, (a.commandDocuments ?? []).includes(name), `${label}: Run Command ${name}`);
        }
      }
    });
  }
});
