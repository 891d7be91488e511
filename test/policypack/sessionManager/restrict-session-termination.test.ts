import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { restrictSessionTermination as rule } from "../../../policypack/rules/sessionManager/restrict-session-termination";
import { assertMetadata, runRule } from "../support";
import { ACCOUNT, REGION, fill, policy, seedTabs } from "./fixtures";

const run = (doc: string) => runRule(rule, aws.iam.Policy, { policy: doc });
const FIX =
  'Limit it to "arn:aws:ssm:<region>:<account>:session/${aws:username}-*", or to "session/*" with StringLike ssm:resourceTag/aws:ssmmessages:session-id = "${aws:userid}" for federated users.';
const msg = (label: string, how: string) => `${label}: allows ${how}, so its holder can end or resume other people's sessions. ${FIX}`;
const OWN = `arn:aws:ssm:${REGION}:${ACCOUNT}:session/\${aws:username}-*`;
const ALL = `arn:aws:ssm:${REGION}:${ACCOUNT}:session/*`;
const FEDERATED = { StringLike: { "ssm:resourceTag/aws:ssmmessages:session-id": "${aws:userid}" } };

describe("restrict-session-termination", () => {
  it("has its metadata", () => {
    assertMetadata(rule, { name: "restrict-session-termination", severity: "medium", enforcementLevel: "mandatory", configKeys: [] });
  });

  for (const [tab, doc] of seedTabs) {
    it(`passes the 004 quickstart policy ${tab}`, async () => {
      assert.deepEqual(await run(JSON.stringify(fill(doc))), []);
    });
  }

  it("passes own sessions by user name and, for federated users, by the session-id tag", async () => {
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: ["ssm:TerminateSession", "ssm:ResumeSession"], Resource: OWN })), []);
    assert.deepEqual(
      await run(policy({ Effect: "Allow", Action: ["ssm:TerminateSession", "ssm:ResumeSession"], Resource: ALL, Condition: FEDERATED })),
      [],
    );
    assert.deepEqual(
      await run(
        policy({
          Effect: "Allow",
          Action: "ssm:TerminateSession",
          Resource: ALL,
          Condition: { StringEquals: { "ssm:resourceTag/aws:ssmmessages:session-id": ["${aws:userid}"] } },
        }),
      ),
      [],
    );
  });

  it("flags every session, per action", async () => {
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: ["ssm:TerminateSession", "ssm:ResumeSession"], Resource: ALL })), [
      msg("Statement[0]", `ssm:TerminateSession on "${ALL}"`),
      msg("Statement[0]", `ssm:ResumeSession on "${ALL}"`),
    ]);
  });

  it("flags * through a wildcard action and names the offending resource only", async () => {
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:TerminateSession", Resource: [OWN, "*"] })), [
      msg("Statement[0]", 'ssm:TerminateSession on "*"'),
    ]);
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:*Session", Resource: "*" })), [
      msg("Statement[0]", 'ssm:TerminateSession (through "ssm:*Session") on "*"'),
      msg("Statement[0]", 'ssm:ResumeSession (through "ssm:*Session") on "*"'),
    ]);
  });

  it("flags names that could match other users' sessions", async () => {
    for (const r of [
      `arn:aws:ssm:${REGION}:${ACCOUNT}:session/*\${aws:username}-*`,
      `arn:aws:ssm:${REGION}:${ACCOUNT}:session/\${aws:username}*`,
      `arn:aws:ssm:${REGION}:${ACCOUNT}:session/admin-*`,
    ]) {
      assert.deepEqual(
        await run(policy({ Effect: "Allow", Action: "ssm:TerminateSession", Resource: r })),
        [msg("Statement[0]", `ssm:TerminateSession on ${JSON.stringify(r)}`)],
        r,
      );
    }
  });

  it("does not accept a session-id condition that is IfExists, negated or not the caller's ID", async () => {
    for (const condition of [
      { StringLikeIfExists: { "ssm:resourceTag/aws:ssmmessages:session-id": "${aws:userid}" } },
      { StringNotEquals: { "ssm:resourceTag/aws:ssmmessages:session-id": "${aws:userid}" } },
      { StringLike: { "ssm:resourceTag/aws:ssmmessages:session-id": ["${aws:userid}", "*"] } },
      { StringLike: { "aws:PrincipalTag/team": "${aws:userid}" } },
    ]) {
      assert.deepEqual(
        await run(policy({ Effect: "Allow", Action: "ssm:TerminateSession", Resource: ALL, Condition: condition })),
        [msg("Statement[0]", `ssm:TerminateSession on "${ALL}"`)],
        JSON.stringify(condition),
      );
    }
  });

  it("flags NotResource", async () => {
    assert.deepEqual(await run(policy({ Effect: "Allow", Action: "ssm:TerminateSession", NotResource: OWN })), [
      msg("Statement[0]", `ssm:TerminateSession on everything but ${JSON.stringify([OWN])}`),
    ]);
  });

  it("ignores Deny and unrelated statements", async () => {
    assert.deepEqual(
      await run(
        policy(
          { Effect: "Deny", Action: "ssm:TerminateSession", Resource: "*" },
          { Effect: "Allow", Action: "ssm:DescribeSessions", Resource: "*" },
        ),
      ),
      [],
    );
  });
});
