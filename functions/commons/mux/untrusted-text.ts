/**
 * The one place where text from Mux enters (docs/security.md). Mux Data's environment key ships inside every
 * player, so any viewer can put any string into a video title, a player name, an error message or a custom
 * dimension, and from there into every string Mux returns. The transport (transport.ts) passes every parsed 2xx
 * body through `cleanMuxStrings` before its zod schema, so everything downstream — sections, snapshot, renderers,
 * channels, archive keys — can rely on three things for every string, object key included:
 *
 * - **well-formed Unicode**: a lone surrogate (JSON's `"\ud800"`) becomes U+FFFD. Before, one made
 *   `encodeURIComponent` throw ("URI malformed") and a whole section unavailable;
 * - **no control characters**: C0 (TAB, LF, CR, ESC…), DEL, C1 (NEL, CSI…), the line/paragraph separators and the
 *   explicit bidi embeddings, overrides and isolates become U+FFFD. Nothing from Mux can start a new line in a
 *   chat message or a plain-text email, drive a terminal, or reorder the text around it ("Trojan source");
 * - **at most `MUX_TEXT_MAX` code points**, longer strings cut with "…".
 *
 * Every neutralised character becomes the same visible U+FFFD (not a space, not nothing) on purpose: a value that
 * was altered says so itself, wherever it travels (snapshot, links, fan-out). `isVerbatim` tells whether a cleaned
 * value is exactly what Mux sent, i.e. whether it may go back to Mux: a fan-out segment filter or a dashboard link
 * built from an altered value would query another value, so such segments are skipped and such links left out
 * (pipeline/fan-out-values.ts, sections/links.ts). A value that really contains U+FFFD (or is exactly
 * `MUX_TEXT_MAX` code points ending with "…") counts as altered: it loses its link, never its place in the report.
 */
import { truncate } from '../text/code-points.js';

/**
 * 500 code points: Mux's strings are labels (titles, player and device names, error messages, ids); none a reader
 * needs is longer, every display cuts far shorter (≤ 120), and 500 keeps one value under 2 KB of UTF-8 so a
 * snapshot of a few hundred values, the webhook body and any link stay bounded whatever viewers send (100,000
 * characters made a 3 MB snapshot and a 337 KB email before).
 */
export const MUX_TEXT_MAX = 500;

export const REPLACEMENT = '\uFFFD';

// C0, DEL, C1, LINE/PARAGRAPH SEPARATOR, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
const NEUTRALISED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// Surrogates (paired or not) or any neutralised character: the fast path skips clean strings.
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One string from Mux, cleaned as described above. Idempotent. */
export function cleanMuxText(s: string): string {
  const fixed = SUSPECT.test(s) ? s.replace(LONE_SURROGATE, REPLACEMENT).replace(NEUTRALISED, REPLACEMENT) : s;
  return truncate(fixed, MUX_TEXT_MAX);
}

/** Whether a cleaned value is exactly the string Mux sent, so it may be sent back to Mux (see above). */
export function isVerbatim(cleaned: string): boolean {
  if (cleaned.includes(REPLACEMENT)) return false;
  return !(cleaned.endsWith('…') && [...cleaned].length >= MUX_TEXT_MAX);
}

/** Every string of a parsed JSON body, object keys included, cleaned; numbers, booleans and null as they are. */
export function cleanMuxStrings(value: unknown): unknown {
  if (typeof value === 'string') return cleanMuxText(value);
  if (Array.isArray(value)) return value.map(cleanMuxStrings);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines properties: a `"__proto__"` key from Mux stays a plain key.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanMuxText(k), cleanMuxStrings(v)]));
  }
  return value;
}
