// grants[].documents and clients: [cli] in the stack configuration: what is accepted, and the
// message each wrong value is refused with, before any resource exists.
import assert from "node:assert/strict";
import { grant, load, problems } from "./helpers";

const sm = (extra: Record<string, unknown>, section: Record<string, unknown> = {}) => ({
  sessionManager: { ...section, grants: [grant.sessionManager(extra)] },
});

describe("config: Session Manager grants[].documents", () => {
  it("accepts AWS's session documents and a custom document, and leaves the default to the section's document", () => {
    const docs = ["AWS-StartPortForwardingSessionToRemoteHost", "AWS-StartPortForwardingSession", "AWS-StartSSHSession", "Team-RunShell"];
    assert.deepEqual(load(sm({ documents: docs })).sessionManager?.grants[0].documents, docs);
    assert.equal(load(sm({})).sessionManager?.grants[0].documents, undefined);
  });

  it("accepts clients: [cli]", () => {
    assert.deepEqual(load(sm({ clients: ["cli"], documents: ["AWS-StartSSHSession"] })).sessionManager?.grants[0].clients, ["cli"]);
  });

  it("refuses an AWS- name that is not a session document AWS's pages name, and other reserved prefixes", () => {
    const expected = (i: number, v: string) =>
      `ec2-access:sessionManager.grants[0].documents[${i}]: got ${JSON.stringify(v)}; expected an AWS session document (AWS-StartSSHSession, AWS-StartPortForwardingSession, AWS-StartPortForwardingSessionToRemoteHost, AWS-PasswordReset) or a custom session document of this account; other names beginning with AWS, Amazon or amzn are reserved by AWS`;
    assert.deepEqual(problems(sm({ documents: ["AWS-StartSSHSesion", "amazon-shell", "AWS-RunShellScript"] })), [
      expected(0, "AWS-StartSSHSesion"),
      expected(1, "amazon-shell"),
      expected(2, "AWS-RunShellScript"),
    ]);
  });

  it("refuses a malformed name, a duplicate and an empty list", () => {
    assert.deepEqual(problems(sm({ documents: ["ab", "Team-RunShell", "Team-RunShell"] })), [
      'ec2-access:sessionManager.grants[0].documents[0]: got "ab"; expected a session document name: 3-128 of a-z A-Z 0-9 _ . -',
      'ec2-access:sessionManager.grants[0].documents[2]: got "Team-RunShell"; expected each document once (already at [1])',
    ]);
    assert.deepEqual(problems(sm({ documents: [] })), [
      "ec2-access:sessionManager.grants[0].documents: got []; expected at least one session document, or omit the key for the section's document",
    ]);
  });

  it("refuses documents on a grant for the EC2 console only, and an EC2-console grant whose documents leave out the section's document", () => {
    assert.deepEqual(problems(sm({ clients: ["ec2-console"], documents: ["SSM-SessionManagerRunShell"] })), [
      'ec2-access:sessionManager.grants[0].documents: got ["SSM-SessionManagerRunShell"]; expected clients that name a session document (session-manager or cli) with documents: the EC2 console starts shell sessions with the section\'s document only',
    ]);
    assert.deepEqual(
      problems(sm({ clients: ["session-manager", "ec2-console"], documents: ["AWS-StartSSHSession"] }, { document: "Team-RunShell" })),
      [
        'ec2-access:sessionManager.grants[0].documents: got ["AWS-StartSSHSession"]; expected Team-RunShell among the documents of a grant for the ec2-console client: the EC2 console starts every session with it (or leave ec2-console out of clients)',
      ],
    );
    assert.equal(
      load(
        sm(
          { clients: ["session-manager", "ec2-console"], documents: ["Team-RunShell", "AWS-StartSSHSession"] },
          { document: "Team-RunShell" },
        ),
      ).sessionManager?.grants.length,
      1,
    );
  });
});
