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

/**
 * @param {{ github: any, owner: string, repo: string, prNumberText: string, headSha: string, body: string }} args
 * @returns {Promise<{ action: "created" | "updated", id: number } | { action: "skipped", reason: string }>}
 */
async function upsertComment({ github, owner, repo, prNumberText, headSha, body }) {
  const text = String(prNumberText).trim();
  if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new Error(`not a pull request number: ${JSON.stringify(text.slice(0, 40))}`);
  const issue_number = Number(text);
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

module.exports = { MARKER, MAX_BODY, commentBody, upsertComment };
