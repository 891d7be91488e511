// What users write reaches the pull-request comment as text and nothing else. Hostile names
// (an @-mention of a team, an HTML image with a handler, backticks, pipes, newlines, links) must
// render literally: identifiers in code spans with a fence longer than any backtick run inside,
// prose backslash-escaped with mentions and autolinks broken, `|` escaped in table cells, and
// instance IDs with non-breaking hyphens so that GitHub never wraps one mid-ID.
import assert from "node:assert/strict";
import type { AccessEntry } from "../../components/access";
import { code, idCode, text } from "../../plan/format/markdownText";
import { diffPlans } from "../../plan/diff/compare";
import { renderDiffMarkdown } from "../../plan/diff/markdown";
import { renderMarkdown } from "../../plan/format/markdown";
import { emptyPlan } from "../../plan/diff/planFile";
import type { Plan } from "../../plan/run";

const WJ = "\u2060";
const NBH = "\u2011";

/** The Markdown with every code span removed (CommonMark: a run of n backticks closes at the next run of exactly n). */
function outsideCodeSpans(md: string): string {
  let out = "";
  let i = 0;
  while (i < md.length) {
    const open = /`+/.exec(md.slice(i));
    if (!open) return out + md.slice(i);
    out += md.slice(i, i + open.index);
    const start = i + open.index + open[0].length;
    const rest = md.slice(start);
    const close = new RegExp(`(?<!\`)${open[0]}(?!\`)`).exec(rest);
    if (!close) return out + md.slice(i + open.index);
    i = start + close.index + close[0].length;
  }
  return out;
}

describe("Markdown escaping of what users write", () => {
  it("code spans: a fence longer than any backtick run, padded when the text starts or ends with one, one line", () => {
    assert.equal(code("web-devs"), "`web-devs`");
    assert.equal(code("a`b"), "``a`b``");
    assert.equal(code("``x"), "``` ``x ```");
    assert.equal(code("`"), "`` ` ``");
    assert.equal(code("a\nb\r\nc"), "`a b c`");
    assert.equal(code(""), "` `");
  });

  it("instance IDs use U+2011 non-breaking hyphens inside the code span", () => {
    assert.equal(idCode("i-0abc"), `\`i${NBH}0abc\``);
  });

  it("prose: Markdown punctuation escaped, mentions, issue references and autolinks broken, one line", () => {
    assert.equal(text("ping @org/team"), `ping @${WJ}org/team`);
    assert.equal(text("<img src=x onerror=alert(1)>"), "\\<img src\\=x onerror\\=alert\\(1\\)\\>");
    assert.equal(text("*bold* _it_ [a](b) `c` ~d~ #12"), `\\*bold\\* \\_it\\_ \\[a\\]\\(b\\) \\\`c\\\` \\~d\\~ \\#${WJ}12`);
    assert.equal(text("see https://evil.example and www.evil.example"), `see https\\:${WJ}//evil\\.example and www${WJ}\\.evil\\.example`);
    assert.equal(text("line\nbreak"), "line break");
  });

  const hostile: AccessEntry = {
    pattern: "instance-connect",
    grant: "g`1|x",
    principal: { type: "group", name: "@org/team" },
    osUsers: ["<img src=x onerror=alert(1)>"],
    target: { tags: { "Team|x": ["a\nb"] } },
    deniedInstanceIds: ["i-0abc"],
  };
  const plan = (access: AccessEntry[], message: string): Plan => ({
    ...emptyPlan("dev`@x"),
    accountId: "111122223333",
    regions: ["us-east-1"],
    access,
    violations: [{ policy: "p", enforcementLevel: "advisory", urn: "urn:pulumi:dev::ec2-access::t::<b>name</b>", message }],
  });

  it("a diff with hostile names: every name in a code span, table cells intact, nothing outside the spans can mention or inject", () => {
    const md = renderDiffMarkdown({
      environments: [diffPlans("dev`@x", plan([], "old"), plan([hostile], "@admins look [here](https://evil.example) <script>"))],
    });
    assert.ok(md.includes("#### ``dev`@x``"));
    assert.ok(
      md.includes(
        `| :new: gains | instance-connect | \`\`g\`1\\|x\`\` | group \`@org/team\` | tag \`Team\\|x=a b\` | \`<img src=x onerror=alert(1)>\` | \`i${NBH}0abc\` |`,
      ),
      md,
    );
    assert.ok(
      md.includes(
        `| new | advisory | \`p\` | \`<b>name</b>\` | @${WJ}admins look \\[here\\]\\(https\\:${WJ}//evil\\.example\\) \\<script\\> |`,
      ),
      md,
    );
    const bare = outsideCodeSpans(md);
    assert.doesNotMatch(bare, /@\w/);
    assert.doesNotMatch(bare, /(?<!\\)<(img|script|b)\b/);
    // Every access-table row keeps its 7 cells: no unescaped `|` inside one.
    for (const row of md.split("\n").filter((l) => l.startsWith("| :"))) assert.equal(row.split(/(?<!\\)\|/).length, 9, row);
  });

  it("the plan's Markdown escapes the same way", () => {
    const md = renderMarkdown(plan([hostile], "@admins"));
    assert.ok(md.includes("### ec2-access plan: ``dev`@x``"));
    assert.ok(md.includes(`| instance-connect | \`\`g\`1\\|x\`\` | group \`@org/team\` |`));
    assert.doesNotMatch(outsideCodeSpans(md), /@\w|(?<!\\)<img/);
  });
});
