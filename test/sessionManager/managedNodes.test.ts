// managedInstanceIds: hybrid and edge nodes (mi-...) as a target of Session Manager grants only.
import assert from "node:assert/strict";
import { sessionGrantDocument } from "../../documents/sessionManager";
import { sessionGrantSpec } from "./grantSpec";
import { instanceRef } from "../../plan/accessEvaluation";
import { evaluatePrincipal } from "../../plan/accessEvaluation";
import { simulate } from "../support/iamSimulator";
import { grant as configGrant, problems } from "../config/helpers";

const SCOPE = { partition: "aws", accountId: "111122223333" };
const NODE = "mi-0123456789abcdef0";
const NODE_ARN = "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0";
const CHECKED = { "ssm:SessionDocumentAccessCheck": "true" };
const edge = sessionGrantDocument(
  sessionGrantSpec({ target: { kind: "managedInstanceIds", managedInstanceIds: [NODE] }, regions: ["us-east-1", "eu-west-1"] }),
  SCOPE,
);

describe("sessionManager: managedInstanceIds", () => {
  it("names each managed node's ARN in every Region, beside the session document, under the document check", () => {
    assert.deepEqual(edge.Statement[0], {
      Effect: "Allow",
      Action: "ssm:StartSession",
      Resource: [
        NODE_ARN,
        "arn:aws:ssm:eu-west-1:111122223333:managed-instance/mi-0123456789abcdef0",
        "arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell",
        "arn:aws:ssm:eu-west-1:111122223333:document/SSM-SessionManagerRunShell",
      ],
      Condition: { BoolIfExists: CHECKED },
    });
  });

  it("simulated: reaches the node and its document; not another node, not an EC2 instance, not another account's node", async () => {
    const decide = (resource: string, context: Record<string, string> = CHECKED) =>
      simulate({ identityPolicies: [edge], action: "ssm:StartSession", resource, context });
    assert.equal(await decide(NODE_ARN), "Allowed");
    assert.equal(await decide("arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell"), "Allowed");
    assert.equal(await decide("arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0000000000000000a"), "ImplicitlyDenied");
    assert.equal(await decide("arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"), "ImplicitlyDenied");
    assert.equal(await decide("arn:aws:ssm:us-east-1:444455556666:managed-instance/mi-0123456789abcdef0"), "ImplicitlyDenied");
    assert.equal(await decide(NODE_ARN, { "ssm:SessionDocumentAccessCheck": "false" }), "ImplicitlyDenied");
  });

  it("the plan's evaluation reads a managed node's ARN as that node, and managed-instance/* as broad", () => {
    assert.deepEqual(instanceRef(NODE_ARN), { kind: "id", id: NODE, managed: true, region: "us-east-1", account: "111122223333" });
    assert.deepEqual(instanceRef("arn:aws:ssm:*:*:managed-instance/*"), { kind: "broad", region: "*", account: "*" });
    assert.equal(instanceRef("arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell"), undefined);
    const rows = evaluatePrincipal(
      { type: "group", name: "edge-ops" },
      [{ grant: "edge-nodes", policyName: "p", urn: "", document: edge }],
      { accountId: "111122223333", regions: ["us-east-1", "eu-west-1"] },
    );
    assert.deepEqual(
      rows.map((r) => [r.pattern, r.target, r.problems]),
      [["session-manager", { managedInstanceIds: [NODE] }, []]],
    );
  });
});

describe("config: managedInstanceIds", () => {
  it("refuses an ID that is not mi- and 17 hex digits (botocore's ManagedInstanceId), naming the key and value", () => {
    assert.deepEqual(
      problems({
        sessionManager: {
          grants: [configGrant.sessionManager({ tags: undefined, managedInstanceIds: ["mi-0123", "i-0123456789abcdef0"] })],
        },
      }),
      [
        'ec2-access:sessionManager.grants[0].managedInstanceIds[0]: got "mi-0123"; expected a managed node ID: mi- followed by 17 lower-case hex digits',
        'ec2-access:sessionManager.grants[0].managedInstanceIds[1]: got "i-0123456789abcdef0"; expected a managed node ID: mi- followed by 17 lower-case hex digits',
      ],
    );
  });

  it("is refused in the serial console and Instance Connect sections, with the reason", () => {
    const why =
      "expected a target of Session Manager grants only: managed nodes (mi-) are machines registered with Systems Manager, not EC2 instances, and have no EC2 serial console or EC2 Instance Connect; use instanceIds, tags, principalTagKey or allInstances";
    assert.deepEqual(
      problems({ serialConsole: { grants: [configGrant.serialConsole({ instanceIds: undefined, managedInstanceIds: [NODE] })] } }),
      [`ec2-access:serialConsole.grants[0].managedInstanceIds: got ["${NODE}"]; ${why}`],
    );
    assert.deepEqual(
      problems({ instanceConnect: { grants: [configGrant.instanceConnect({ instanceIds: undefined, managedInstanceIds: [NODE] })] } }),
      [`ec2-access:instanceConnect.grants[0].managedInstanceIds: got ["${NODE}"]; ${why}`],
    );
  });

  it("is one target among the others, and not for the EC2 console", () => {
    assert.deepEqual(problems({ sessionManager: { grants: [configGrant.sessionManager({ managedInstanceIds: [NODE] })] } }), [
      "ec2-access:sessionManager.grants[0]: got 2 targets (tags, managedInstanceIds); expected exactly one target: one of instanceIds, tags, principalTagKey, allInstances, managedInstanceIds",
    ]);
    assert.deepEqual(
      problems({
        sessionManager: { grants: [configGrant.sessionManager({ tags: undefined, managedInstanceIds: [NODE], clients: ["ec2-console"] })] },
      }),
      [
        'ec2-access:sessionManager.grants[0].clients: got ["ec2-console"]; expected session-manager or cli for a grant to managed nodes: the Amazon EC2 console connects to EC2 instances only',
      ],
    );
  });
});
