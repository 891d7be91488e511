// A diff as one pull-request comment: the hidden marker the workflow finds the comment by, one
// summary line, then for every environment that changes its access table with the resources and
// policy violations collapsed under <details>. Environments without change share one last line.
// GitHub refuses a comment over 65,536 characters, so the comment degrades by design: the
// summary always comes first, every table shows at most MAX_ROWS rows and says how many more
// there are, and an environment that no longer fits keeps its heading and counts only. The full
// diff is the workflow run's artifact (`ec2-access diff --format text/json`, uncapped).
import { mdTable } from "../format/markdown";
import { MARKDOWN } from "../format/access";
import { code, text } from "../format/markdownText";
import type { EnvironmentDiff, PlanDiff, Provenance } from "./model";
import { MAX_LISTED } from "./provenance";
import { hasChanges } from "./model";
import {
  POWER_CHANGE_HEADER,
  powerCells,
  accessChangeTable,
  accessPhrase,
  blocked,
  combinedCells,
  COMBINED_BASE_UNLISTED,
  COMBINED_CHANGE_HEADER,
  countsOf,
  resourcePhrase,
  resourceWhy,
  verdict,
  violationPhrase,
} from "./summary";

/** The first line of every comment; the workflow updates the comment that contains it. */
export const COMMENT_MARKER = "<!-- ec2-access-diff -->";

/** GitHub's limit on a comment's body, in characters (JavaScript string length). */
export const COMMENT_LIMIT = 65_536;
/** Rows shown per table; the rest are counted. */
export const MAX_ROWS = 50;
/** Where the whole diff is when the comment leaves part of it out (.github/workflows/pull-request-comment.yml). */
export const FULL_DIFF = "the full diff is the `ec2-access-diff` artifact of this workflow run";
/** Kept free for the closing lines and the note on what was left out. */
const RESERVE = 2_000;

/** A table of at most MAX_ROWS rows, then how many more there are. */
function table(header: string[], rows: string[][]): string[] {
  const lines = mdTable(header, rows.slice(0, MAX_ROWS));
  if (rows.length > MAX_ROWS) lines.push("", `_… and ${rows.length - MAX_ROWS} more (${FULL_DIFF})._`);
  return lines;
}

/** `gains`/`loses`: a grant row that is new or gone; the others: a row that stays but changes. */
const EFFECT_ICON: Record<string, string> = {
  gains: ":new:",
  loses: ":no_entry_sign:",
  widens: ":arrow_up:",
  narrows: ":arrow_down:",
  changes: ":left_right_arrow:",
};

const STATUS_NOTE: Record<EnvironmentDiff["status"], string> = {
  compared: "",
  added: " · new stack (no plan on the base branch)",
  removed: " · stack removed (no plan on this branch)",
  failed: " · :x: plan failed",
};

/** A fenced block that no backtick run inside the text can close. */
function fenced(text: string): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  return [`${fence}text`, text, fence];
}

function details(summary: string, body: string[], open = false): string[] {
  // The blank lines let GitHub render Markdown (tables) inside the HTML block.
  return [`<details${open ? " open" : ""}><summary>${summary}</summary>`, "", ...body, "", "</details>", ""];
}

/** The heading and counts of an environment: all of it that is kept when the rest does not fit. */
function environmentHead(e: EnvironmentDiff): string[] {
  const c = countsOf([e]);
  const mandatory = e.headMandatory
    ? ` · :x: ${e.headMandatory} mandatory violation${e.headMandatory === 1 ? "" : "s"} in the new plan`
    : "";
  const lines = [`#### ${code(e.name)}${STATUS_NOTE[e.status]}${mandatory}`, ""];
  if (e.status !== "failed") lines.push(`${accessPhrase(c)} · ${resourcePhrase(c)} · ${violationPhrase(c)}`, "");
  return lines;
}

function environment(e: EnvironmentDiff): string[] {
  const c = countsOf([e]);
  const lines = environmentHead(e);
  if (e.status === "failed") return [...lines, ...fenced(e.error ?? ""), ""];
  if (e.access.length) {
    const access = accessChangeTable(e.access, "+", "−", MARKDOWN);
    const rows = access.rows.map((cells) => [`${EFFECT_ICON[cells[0]]} ${cells[0]}`, ...cells.slice(1)]);
    lines.push(...table(access.header, rows), "");
  }
  if (e.combined?.length) {
    const rows = e.combined.map((cc) => {
      const cells = combinedCells(cc, "+", "−", MARKDOWN);
      return [`${EFFECT_ICON[cells[0]]} ${cells[0]}`, ...cells.slice(1)];
    });
    lines.push("**Access through combined Session Manager grants** (a document allowed by one grant, on another's instances)", "");
    lines.push(...table(COMBINED_CHANGE_HEADER, rows), "");
  }
  if (e.combinedBaseUnlisted) lines.push(`_${COMBINED_BASE_UNLISTED[0].toUpperCase()}${COMBINED_BASE_UNLISTED.slice(1)}._`, "");
  if (e.powers.length) {
    const icon = { gains: ":new:", loses: ":no_entry_sign:", changes: ":left_right_arrow:" } as Record<string, string>;
    const rows = e.powers.map((p) => {
      const [title, word, subject, what] = powerCells(p, "+", "−", MARKDOWN);
      return [title, `${icon[word]} ${word}`, subject, what];
    });
    lines.push(...table(POWER_CHANGE_HEADER, rows), "");
  }
  if (e.resources.length) {
    const rows = e.resources.map((r) => [r.op, code(r.type), code(r.name), text(resourceWhy(r))]);
    lines.push(...details(resourcePhrase(c).replace(/^resources/, "Resources"), table(["change", "type", "name", "changed inputs"], rows)));
  }
  if (e.violations.length) {
    const rows = e.violations.map(({ change, violation: v }) => [
      change,
      v.enforcementLevel,
      code(v.policy),
      v.urn ? code(v.urn.split("::").pop() ?? "") : "(stack)",
      text(v.message),
    ]);
    lines.push(
      ...details(
        violationPhrase(c).replace(/^policy/, "Policy"),
        table(["", "level", "policy", "resource", "message"], rows),
        c.newMandatory > 0,
      ),
    );
  }
  return lines;
}

/** Which code computed the comment, from which commit's stack files, and what else the PR changes. */
function provenance(p: Provenance): string[] {
  const from = p.headCommit ? ` from the stack files of the pull request at ${code(p.headCommit)}` : "";
  const lines = [
    `Computed by the base branch's \`ec2-access\` at ${code(p.computedBy)}${from}; the pull request's own code did not compute this comment.`,
    "",
  ];
  const files = p.changedFiles ?? [];
  if (files.length) {
    const shown = files.slice(0, MAX_LISTED).map(code).join(", ");
    const more = files.length > MAX_LISTED ? ` and ${files.length - MAX_LISTED} more` : "";
    lines.push(
      ...details(
        `:warning: The pull request also changes ${files.length} other file${files.length === 1 ? "" : "s"}, not evaluated here: review them`,
        [
          `Code changes (the program, components, documents, \`plan/\`) take effect only after the merge; policy pack configs were read as data. ${shown}${more}`,
        ],
        true,
      ),
    );
  }
  return lines;
}

export function renderDiffMarkdown(diff: PlanDiff): string {
  const c = countsOf(diff.environments);
  const changed = diff.environments.filter(hasChanges);
  const unchanged = diff.environments.filter((e) => !hasChanges(e));
  const lines = [
    COMMENT_MARKER,
    "### ec2-access: access and resource changes",
    "",
    `${blocked(c) ? ":x:" : ":white_check_mark:"} ${verdict(c)} · ${accessPhrase(c)} · ${resourcePhrase(c)} · ${violationPhrase(c)}`,
    "",
  ];
  if (diff.provenance) lines.push(...provenance(diff.provenance));
  // Environments in order while they fit; past the budget, each keeps its heading and counts.
  // An environment is shown whole only if the headings of those after it still fit as well.
  let size = lines.join("\n").length;
  let shortened = 0;
  const headSizes = changed.map((e) => environmentHead(e).join("\n").length + 1);
  let headsAfter = headSizes.reduce((a, b) => a + b, 0);
  for (const [i, e] of changed.entries()) {
    headsAfter -= headSizes[i];
    const whole = environment(e);
    const wholeSize = whole.join("\n").length + 1;
    const part = size + wholeSize + headsAfter <= COMMENT_LIMIT - RESERVE ? whole : environmentHead(e);
    const partSize = part.join("\n").length + 1;
    if (size + partSize > COMMENT_LIMIT - RESERVE) {
      const rest = changed.length - changed.indexOf(e);
      lines.push(`:warning: ${rest} more environment${rest === 1 ? "" : "s"} with changes not shown: ${FULL_DIFF}.`, "");
      break;
    }
    lines.push(...part);
    size += partSize;
    if (part !== whole) shortened++;
  }
  if (shortened)
    lines.push(
      `:warning: ${shortened} environment${shortened === 1 ? " is" : "s are"} shown by counts only to keep this comment within GitHub's ${COMMENT_LIMIT.toLocaleString("en-US")} characters: ${FULL_DIFF}.`,
      "",
    );
  const moreUnchanged = unchanged.length > MAX_ROWS ? ` and ${unchanged.length - MAX_ROWS} more` : "";
  if (unchanged.length)
    lines.push(
      `No change in ${unchanged
        .slice(0, MAX_ROWS)
        .map(
          (e) =>
            `${code(e.name)}${e.headMandatory ? ` (:x: ${e.headMandatory} mandatory violation${e.headMandatory === 1 ? "" : "s"})` : ""}`,
        )
        .join(", ")}${moreUnchanged}.`,
      "",
    );
  lines.push(
    "<sub>Offline plan on Pulumi's mock runtime with the policy pack; `pulumi preview` with credentials has the last word on replacements.</sub>",
  );
  return lines.join("\n") + "\n";
}
