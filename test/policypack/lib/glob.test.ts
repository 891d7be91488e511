// IAM globs are matched in bounded work (issue 12, item 2). Before, each pattern became a
// backtracking RegExp and `"Action": "ec2:*?*?*?*?*?*?*?*?!"` held check-policy and every preview
// for minutes. Work is bounded here by counting the matcher's steps, never by a clock.
import assert from "node:assert/strict";
import fc from "fast-check";
import { globMatches, globMatchSteps, iamGlob } from "../../../policypack/lib/glob";
import {
  ACCESS_SERVICES,
  conditionKeySupport,
  serviceData,
  statementGrants,
  matchingActions,
  supportedConditionKeys,
} from "../../../policypack/lib/actions";
import { parseDocument } from "../../../policypack/lib/document";
import { checkPolicy } from "../../../plan/checkPolicy";
import { policies } from "../../../policypack/policies";

/** The previous implementation, as the oracle for ordinary patterns (few stars: no blow-up). */
function previousRegExp(pattern: string, caseInsensitive = true): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
}

const ADVERSARIAL = [
  "ec2:*?*?*?*?*?*?*?*?!",
  "*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?!",
  "*a*a*a*a*a*a*a*a*a*a*a*a*b",
  `${"*?".repeat(500)}!`,
  `${"a*".repeat(300)}b`,
  `*${"?".repeat(400)}*x`,
];

describe("policypack/lib/glob: IAM wildcards", () => {
  it("matches * (any run, empty too) and ? (exactly one character)", () => {
    assert.ok(globMatches("ssm:Start*", "ssm:StartSession"));
    assert.ok(globMatches("ssm:Start*", "ssm:Start"));
    assert.ok(globMatches("*", ""));
    assert.ok(globMatches("**", "anything"));
    assert.ok(globMatches("ssm:S?artSession", "ssm:StartSession"));
    assert.ok(!globMatches("ssm:S?artSession", "ssm:SartSession"));
    assert.ok(!globMatches("ssm:S?artSession", "ssm:StaartSession"));
    assert.ok(globMatches("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7"));
    assert.ok(!globMatches("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:volume/vol-1"));
    assert.ok(globMatches("*Session", "ssm:TerminateSession"));
    assert.ok(!globMatches("*Session", "ssm:TerminateSessions"));
    assert.ok(globMatches("a*b*c", "a-b-b-c"));
    assert.ok(!globMatches("a*b*c", "a-c-b"));
    assert.ok(!globMatches("", "a"));
    assert.ok(globMatches("", ""));
  });

  it("ignores letter case unless told otherwise, and treats regex characters literally", () => {
    assert.ok(globMatches("EC2-Instance-Connect:sendsshpublickey", "ec2-instance-connect:SendSSHPublicKey"));
    assert.ok(globMatches("SSM:start*", "ssm:StartSession"));
    assert.ok(!globMatches("SSM:start*", "ssm:StartSession", false));
    assert.ok(globMatches("ssm:Start*", "ssm:StartSession", false));
    assert.ok(globMatches("a.b+(c)", "a.b+(c)"));
    assert.ok(!globMatches("a.b", "axb"));
    assert.ok(globMatches("a?b", "a\nb"), "? matches a line break, as the old `s` flag did");
    assert.ok(globMatches("ÄRGER*", "ärger-x"));
  });

  it("compiles each pattern once", () => {
    assert.equal(iamGlob("ssm:Start*"), iamGlob("ssm:Start*"));
    assert.notEqual(iamGlob("ssm:Start*"), iamGlob("ssm:Start*", false));
  });

  it("agrees with the previous RegExp matching on every action of the access services", () => {
    const names = ACCESS_SERVICES.flatMap((s) => [...serviceData(s)!.actions.values()].map((a) => `${s}:${a.name}`));
    const patterns = [
      "*",
      "ssm:*",
      "ssm:Start*",
      "ssm:*Session",
      "ssm:S?artSession",
      "SSM:startsession",
      "ec2:*Serial*",
      "ec2:Describe*",
      "ec2-instance-connect:Send*Key",
      "ec2:?????",
      "*:*",
      "ec2*",
      "ssm:*Document*",
      "ec2:Enable*Access",
      "ec2-instance-connect:*",
      "ssmmessages:*Channel",
    ];
    for (const p of patterns) {
      const old = previousRegExp(p);
      for (const n of names) assert.equal(globMatches(p, n), old.test(n), `${p} vs ${n}`);
    }
  });

  it("agrees with the previous RegExp matching on generated patterns and subjects", () => {
    const alphabet = fc.constantFrom("a", "A", "b", "é", "É", "s", "S", "ſ", "i", "I", "ı", "ß", ".", "+", "(", "\n", ":", "/");
    const subject = fc.array(alphabet, { maxLength: 12 }).map((a) => a.join(""));
    // At most four stars, so the old regex stays quick enough to serve as the oracle.
    const pattern = fc
      .array(fc.oneof(alphabet, fc.constantFrom("*", "?")), { maxLength: 10 })
      .map((a) => a.join(""))
      .filter((p) => p.split("*").length <= 5);
    fc.assert(
      fc.property(pattern, subject, fc.boolean(), (p, s, ci) => globMatches(p, s, ci) === previousRegExp(p, ci).test(s)),
      { seed: 20261204, numRuns: 5000 },
    );
  });

  it("matches AWS's condition key templates (`${TagKey}`: one character or more) as before", () => {
    // The RegExp form the matcher replaced, over AWS's placeholders as the pack reads them
    // (`ssm:resourceTag/tag-key` stands for any tag key).
    const normal = (dataKey: string) =>
      dataKey
        .replace(/\/tag-key$/i, "/${TagKey}")
        .replace(/<[^>]*>/g, "${Key}")
        .replace(/\/$/, "/${TagKey}");
    const previous = (dataKey: string, key: string) =>
      new RegExp(
        `^${normal(dataKey)
          .split(/\$\{[^}]*\}/)
          .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join(".+")}$`,
        "is",
      ).test(key);
    const keys = [
      "ssm:resourceTag/Team",
      "ssm:resourceTag/",
      "ec2:ResourceTag/Name",
      "ec2:osuser",
      "EC2:OSUser",
      "ssm:SessionDocumentAccessCheck",
      "ec2-instance-connect:remotePort",
      "ec2-instance-connect:privateIpAddress",
      "ssm:Overwrite",
      `ssm:resourceTag/${"*?".repeat(200)}`,
    ];
    const actions = [
      "ssm:StartSession",
      "ssm:SendCommand",
      "ec2-instance-connect:SendSSHPublicKey",
      "ec2-instance-connect:OpenTunnel",
      "ec2:CreateTags",
      "ssm:PutParameter",
    ];
    for (const action of actions) {
      const templates = supportedConditionKeys(action);
      assert.ok(templates.length > 0, action);
      for (const k of keys)
        assert.equal(
          conditionKeySupport(action, k) === "supported",
          templates.some((t) => previous(t, k)),
          `${action} ${k}`,
        );
    }
    assert.equal(conditionKeySupport("ssm:StartSession", "ssm:resourceTag/Team"), "supported");
    assert.equal(conditionKeySupport("ssm:StartSession", "ssm:resourceTag/"), "unsupported");
    assert.equal(conditionKeySupport("ssm:StartSession", "ec2:osuser"), "unsupported");
    assert.equal(conditionKeySupport("ec2-instance-connect:SendSSHPublicKey", "EC2:OSUser"), "supported");
  });

  it("bounds the work on adversarial patterns by (subject length + 1) × (pattern length + 1) steps", () => {
    const subjects = [
      ...[...serviceData("ec2")!.actions.values()].map((a) => `ec2:${a.name}`),
      "a".repeat(2000),
      "?*".repeat(1000),
      "ab".repeat(1000) + "!",
    ];
    for (const p of ADVERSARIAL) {
      for (const s of subjects) {
        const { matched, steps } = globMatchSteps(p, s);
        assert.equal(matched, globMatches(p, s));
        assert.ok(steps <= (s.length + 1) * (p.length + 1), `${p.slice(0, 30)}… on ${s.slice(0, 30)}…: ${steps} steps`);
      }
    }
    // The pattern of the report, against every EC2 action: a few hundred steps per action name.
    const ec2 = [...serviceData("ec2")!.actions.values()].map((a) => a.name);
    const total = ec2.reduce((sum, name) => sum + globMatchSteps("*?*?*?*?*?*?*?*?!", name).steps, 0);
    assert.ok(total <= ec2.length * 1000, `${total} steps for ${ec2.length} actions`);
  });

  it("answers the pack's questions on an adversarial document (it used to hang here)", async () => {
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ADVERSARIAL, Resource: "*" }] };
    const stmt = parseDocument(doc).statements[0];
    assert.deepEqual(matchingActions("ec2:*?*?*?*?*?*?*?*?!"), []);
    assert.equal(statementGrants(stmt, "ec2-instance-connect:SendSSHPublicKey"), false);
    const violations = await checkPolicy(JSON.stringify(doc), "identity", policies);
    const unknown = violations.filter((v) => v.policy === "disallow-unknown-access-actions");
    // One per pattern: none names an action AWS defines.
    assert.equal(unknown.length, ADVERSARIAL.length);
    assert.match(unknown[0].message, /names "ec2:\*\?\*\?\*\?\*\?\*\?\*\?\*\?\*\?!" in Action, which matches no action AWS defines/);
  });
});
