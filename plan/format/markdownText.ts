// What users write (grant, principal, tag, OS user and stack names, policy messages) as GitHub
// Markdown that renders as the same text and nothing else: no @-mention that notifies anyone, no
// HTML, no link, no emphasis, no table cell split, no line break. Identifiers go in code spans
// (which GitHub renders literally and never links or mentions); prose is backslash-escaped, with
// an invisible word joiner where GitHub's autolinkers (mentions, issue references, URLs) would
// fire on the decoded text, since a backslash does not stop those.
// Table cells still need `|` escaped: mdTable does it (GFM: `\|` works inside code spans too).

/** U+2060 WORD JOINER: no width, no line break, and it ends an autolink's word. */
const WJ = "\u2060";
/** U+2011 NON-BREAKING HYPHEN: GitHub may wrap a code span after `-`; an instance ID must not. */
const NB_HYPHEN = "\u2011";

const oneLine = (s: string) => String(s).replace(/\r\n|\r|\n/g, " ");

/**
 * A code span holding `s` literally: the fence is one backtick longer than the longest run of
 * backticks inside, and a space pads content that starts or ends with a backtick (CommonMark
 * strips one space on each side). Newlines become spaces (a table row is one line).
 */
export function code(s: string): string {
  const body = oneLine(s);
  if (body === "") return "` `";
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || (body.startsWith(" ") && body.endsWith(" ") && body.trim() !== "") ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** An instance ID (or any AWS ID with hyphens) in a code span that does not wrap mid-ID. */
export function idCode(id: string): string {
  return code(oneLine(id).replace(/-/g, NB_HYPHEN));
}

/** Markdown's ASCII punctuation that can start or end a construct (CommonMark: any may be escaped). */
const SPECIAL = /[\\`*_{}[\]()<>#+\-.!~&=:"']/g;

/** Prose (a policy message) as plain text: every Markdown construct escaped, autolinks broken. */
export function text(s: string): string {
  return (
    oneLine(s)
      .replace(SPECIAL, (c) => `\\${c}`)
      // @user, @org/team: a backslash does not stop a mention; a word joiner after `@` does.
      .replace(/@/g, `@${WJ}`)
      // #123 and GH-123 issue references, www. and scheme:// autolinks.
      .replace(/#/g, `#${WJ}`)
      .replace(/(www)\\\./gi, `$1${WJ}\\.`)
      .replace(/\\:\/\//g, `\\:${WJ}//`)
  );
}
