/**
 * One encoder per destination (docs/security.md). Every string that may carry text from Mux — a value, or a
 * sentence of ours with values in it — goes through the encoder of the place it is written to, right where it is
 * written. The Mux boundary (mux/untrusted-text.ts) already made it well-formed, control-free and bounded; the
 * encoders make it inert in their syntax, and repeat the control-character rule so that they hold on their own
 * (configuration text and old snapshots pass through them too). test/format/encode.test.ts runs every encoder over
 * one hostile corpus (support/hostile-corpus.ts).
 *
 * | destination | encoder | what it neutralises |
 * |---|---|---|
 * | HTML (email, preview, live page) | Eta's `<%= %>` auto-escape; `muxTextHtml` for Mux's `*…*` emphasis | `& < > " '` |
 * | plain text (email text part) | `oneLine` (text.ts), `muxTextPlain` | controls → space, bidi isolated |
 * | terminal (CLI stdout) | `terminalText` (whole output) | every control character except LF and TAB, bidi controls |
 * | Slack mrkdwn | `slackText`, `slackPlainText` | `& < >`, newlines, mentions, markup, bare links |
 * | Teams Adaptive Card | `teamsText` | newlines, markdown (links, emphasis), bare links |
 * | JSON (webhook, snapshot) | `jsonText` | U+2028/2029 and `<` escaped as well (safe inside a script or HTML) |
 * | object keys | `recordOf` | `__proto__` and friends stay plain keys |
 * | URLs | sections/links.ts | links only from our bases + percent-encoded verbatim values, ≤ 2,000 characters |
 */

// C0/C1 controls (CR, LF, TAB, ESC…) and the Unicode line/paragraph separators.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

// The Mux boundary's rule (mux/untrusted-text.ts), repeated so that the encoders hold on their own.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, '\uFFFD');

/** One line, well-formed, no controls, no bidi controls, collapsed spaces: the base of the chat encoders. */
function flat(s: string): string {
  return wellFormed(s).replace(CONTROLS, ' ').replace(BIDI, '').replace(/ {2,}/g, ' ');
}

/**
 * Text that a chat client would turn into a link wherever it appears (bare URLs and host names) is broken up with
 * look-alikes: `evil.example` → `evil․example` (U+2024 ONE DOT LEADER between letters), `https://` → `https:∕∕`.
 * Numbers (`1.5 s`) are untouched. The only links in our messages are the ones we build.
 */
function unlinked(s: string): string {
  return s.replace(/:\/\//g, ':\u2215\u2215').replace(/(?<=[\p{L}\p{N}_-])\.(?=\p{L})/gu, '\u2024');
}

/**
 * Characters that start markup in Slack mrkdwn or Teams' markdown (emphasis, code, strike-through, links, lists,
 * mentions) replaced by look-alikes that no renderer interprets. Backslash escapes are not used: Teams' clients
 * disagree on them (AdaptiveCards issues #5590, #5758).
 */
const MARKUP: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ ASTERISK OPERATOR
  _: '\uff3f', // ＿ FULLWIDTH LOW LINE
  '~': '\u223c', // ∼ TILDE OPERATOR
  '`': '\u02cb', // ˋ MODIFIER LETTER GRAVE ACCENT
  '[': '\uff3b', // ［
  ']': '\uff3d', // ］
  '@': '\uff20', // ＠ (no @channel, @here, @everyone)
  '#': '\uff03', // ＃
  '|': '\u00a6', // ¦ (Slack's link separator)
};
function unmarked(s: string): string {
  return s.replace(/[*_~`[\]@#|]/g, (c) => MARKUP[c] ?? c);
}

/** Slack `mrkdwn` text (and the top-level `text`): inert markup, `& < >` escaped as Slack asks, one line. */
export function slackText(s: string): string {
  return unlinked(unmarked(flat(s)))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Slack `plain_text` (header, button labels): Slack parses no markup or mention there, but the text is one line,
 * unlinked, and holds no `<…>` or `@` that could read as a mention if pasted elsewhere (look-alikes ‹ › ＠).
 */
export function slackPlainText(s: string): string {
  return angled(unlinked(flat(s))).replace(/@/g, '\uff20');
}

const angled = (s: string): string => s.replace(/</g, '\u2039').replace(/>/g, '\u203a');

/** Teams Adaptive Card text (TextBlock, fact): inert markdown, one line, unlinked. */
export function teamsText(s: string): string {
  // `<` and `>` too: some Teams clients render a little HTML in TextBlocks.
  return unlinked(unmarked(flat(s)))
    .replace(/</g, '\u2039')
    .replace(/>/g, '\u203a');
}

// Everything a terminal interprets: C0 except TAB and LF (ESC starts CSI/OSC: colours, OSC 8 links, OSC 52
// clipboard writes, clear-screen), DEL, C1 (CSI, OSC as single bytes), bidi controls.
const TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A whole text bound for a terminal (CLI stdout/stderr): lines and tabs kept, every other control shown as U+FFFD. */
export function terminalText(s: string): string {
  return wellFormed(s).replace(TERMINAL, '\uFFFD');
}

/** One table cell or line for a terminal: tabs and line ends as spaces, then `terminalText`. */
export function terminalLine(s: string): string {
  return terminalText(s.replace(/[\t\n]/g, ' '));
}

// JSON.stringify escapes C0 and lone surrogates; these it leaves raw.
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069<>&]/g;

/**
 * JSON (the same value for every parser) with nothing a terminal, an HTML page or a script would interpret: DEL,
 * C1, U+2028/2029 (line ends in older JavaScript), bidi controls and `< > &` written as `\uXXXX` escapes.
 */
export function jsonText(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(
    JSON_RAW,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** An object whose keys are Mux values: defined properties, so `__proto__` is a key like any other. */
export function recordOf<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  return Object.fromEntries(entries) as Record<string, V>;
}
