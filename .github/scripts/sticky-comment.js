// Creates or updates the one pull-request comment that starts with the diff's hidden marker.
// Runs in actions/github-script in the trusted `workflow_run` workflow; the body and PR number
// come from an artifact of the untrusted pull-request run, so both are checked here: the number
// must be a pull request whose head is the commit that run planned, and the body is only text.
"use strict";

const MARKER = "<!-- ec2-access-diff -->";
// GitHub refuses comments over 65,536 characters.
const MAX_BODY = 65000;

function commentBody(text) {
  let body = String(text);
  if (!body.startsWith(MARKER)) body = `${MARKER}\n${body}`;
  if (body.length > MAX_BODY) body = `${body.slice(0, MAX_BODY)}\n\n_(cut at ${MAX_BODY} characters: the full diff is in the workflow run's artifact)_\n`;
  return body;
}

function prNumber(prNumberText) {
  const text = String(prNumberText).trim();
  if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new Error(`not a pull request number: ${JSON.stringify(text.slice(0, 40))}`);
  return Number(text);
}

/**
 * The pull request a `workflow_run` is about, from GitHub rather than from the untrusted run: the
 * number comes from that run's artifact, so it must name a pull request whose head is the commit
 * the run planned, into the default branch. Its base commit is the code that computes the comment.
 * @param {{ github: any, owner: string, repo: string, prNumberText: string, headSha: string, defaultBranch: string }} args
 * @returns {Promise<{ action: "plan", number: number, baseSha: string, headRepo: string } | { action: "skipped", reason: string }>}
 */
async function resolvePullRequest({ github, owner, repo, prNumberText, headSha, defaultBranch }) {
  const number = prNumber(prNumberText);
  const { data: pr } = await github.rest.pulls.get({ owner, repo, pull_number: number });
  if (pr.head.sha !== headSha) return { action: "skipped", reason: `pull request #${number} is at ${pr.head.sha}, not at the planned commit ${headSha}` };
  if (pr.base.ref !== defaultBranch) return { action: "skipped", reason: `pull request #${number} targets ${pr.base.ref}, not ${defaultBranch}: no trusted code to compute its comment` };
  if (!/^[0-9a-f]{40}$/.test(pr.base.sha)) throw new Error(`pull request #${number}: unexpected base commit ${JSON.stringify(String(pr.base.sha).slice(0, 60))}`);
  return { action: "plan", number, baseSha: pr.base.sha, headRepo: pr.head.repo.full_name };
}

/**
 * @param {{ github: any, owner: string, repo: string, prNumberText: string, headSha: string, body: string }} args
 * @returns {Promise<{ action: "created" | "updated", id: number } | { action: "skipped", reason: string }>}
 */
async function upsertComment({ github, owner, repo, prNumberText, headSha, body }) {
  const issue_number = prNumber(prNumberText);
  const { data: pr } = await github.rest.pulls.get({ owner, repo, pull_number: issue_number });
  // A push since the plan ran: that newer run will comment; this one must not overwrite it.
  if (pr.head.sha !== headSha) return { action: "skipped", reason: `pull request #${issue_number} is at ${pr.head.sha}, not at the planned commit ${headSha}` };
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const mine = comments.find((c) => c.user && c.user.type === "Bot" && typeof c.body === "string" && c.body.startsWith(MARKER));
  const full = commentBody(body);
  if (mine) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: full });
    return { action: "updated", id: mine.id };
  }
  const { data } = await github.rest.issues.createComment({ owner, repo, issue_number, body: full });
  return { action: "created", id: data.id };
}

module.exports = { MARKER, MAX_BODY, commentBody, resolvePullRequest, upsertComment };
