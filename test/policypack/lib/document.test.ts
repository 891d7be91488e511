import assert from "node:assert/strict";
import { coveredActions, matchingActions, parseDocument, scopesInstance, statementGrants } from "../../../policypack/lib";

describe("policypack/lib", () => {
  it("reads Statement as an object or an array, strings or arrays, from JSON text or objects", () => {
    const text = parseDocument(
      '{"Statement":{"Sid":"A","Effect":"Allow","Action":"ssm:StartSession","Resource":"*","Condition":{"StringLike":{"ssm:resourceTag/T":"x"}}}}',
    );
    const obj = parseDocument({
      Statement: [
        {
          Sid: "A",
          Effect: "Allow",
          Action: ["ssm:StartSession"],
          Resource: ["*"],
          Condition: { StringLike: { "ssm:resourceTag/T": ["x"] } },
        },
      ],
    });
    assert.deepEqual(text, obj);
    assert.equal(text.statements[0].label, 'Statement[0] (Sid "A")');
    assert.deepEqual(text.statements[0].conditions, [{ operator: "StringLike", key: "ssm:resourceTag/T", values: ["x"] }]);
  });
  it("expands wildcards from AWS's data, in any letter case", () => {
    assert.ok(matchingActions("ssm:start*").includes("ssm:StartSession"));
    assert.deepEqual(matchingActions("EC2-Instance-Connect:sendsshpublickey"), ["ec2-instance-connect:SendSSHPublicKey"]);
    assert.deepEqual(matchingActions("ec2-instance-connect:*").sort(), [
      "ec2-instance-connect:OpenTunnel",
      "ec2-instance-connect:SendSSHPublicKey",
      "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
    ]);
    assert.deepEqual(matchingActions("ssm:NoSuchAction"), []);
    const notAction = parseDocument({ Statement: { Effect: "Allow", NotAction: "ssm:*", Resource: "*" } }).statements[0];
    assert.equal(statementGrants(notAction, "ssm:StartSession"), false);
    assert.equal(statementGrants(notAction, "ec2-instance-connect:SendSSHPublicKey"), true);
    assert.ok(!coveredActions(notAction).some((a) => a.startsWith("ssm:")));
  });
  it("scopes by instance ARNs or positive resource-tag conditions only", () => {
    const st = (s: Record<string, unknown>) => parseDocument({ Statement: s }).statements[0];
    assert.equal(
      scopesInstance(st({ Effect: "Allow", Action: "x:y", Resource: ["arn:aws:ec2:r:a:instance/i-1", "arn:aws:ssm:r:a:document/D"] }))
        .scoped,
      true,
    );
    assert.equal(scopesInstance(st({ Effect: "Allow", Action: "x:y", Resource: "arn:aws:ec2:r:a:*" })).scoped, false);
    assert.equal(
      scopesInstance(st({ Effect: "Allow", Action: "x:y", Resource: "*", Condition: { StringEquals: { "ssm:resourceTag/T": "v" } } }))
        .scoped,
      true,
    );
    assert.equal(
      scopesInstance(
        st({ Effect: "Allow", Action: "x:y", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:ResourceTag/T": "v" } } }),
      ).scoped,
      false,
    );
  });
  it("never throws on malformed input", () => {
    for (const bad of [
      undefined,
      3,
      "",
      "{",
      "[1]",
      { Statement: "x" },
      { Statement: [{ Effect: "Allow", Action: [{}], Condition: [] }] },
    ]) {
      const d = parseDocument(bad);
      assert.ok(d.problems.length > 0, JSON.stringify(bad));
    }
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 100; i++) cur = (cur.a = {}) as Record<string, unknown>;
    assert.match(parseDocument(deep).problems[0], /nested deeper/);
  });
});
