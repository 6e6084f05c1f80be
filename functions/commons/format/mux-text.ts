/**
 * Mux's own prose (incident descriptions, error descriptions) marks emphasis with `*…*`
 * ("due to an error of *MEDIA_ERR_SRC_NOT_SUPPORTED*"), and it quotes player error messages that viewers write.
 * The emphasis is ours to render: as `<em>` in HTML — after escaping, so a viewer's markup stays text — and without
 * the asterisks in plain text and chat. Long prose is cut at a word boundary with an ellipsis, never mid-word.
 */
import { escapeHtml } from './html.js';
import { cpLength } from './text.js';

// A `*` opening after start/space/punctuation, closing before end/space/punctuation, no `*` or line end inside.
const EMPHASIS = /(^|[\s([{"'«—–-])\*([^*\s](?:[^*\n]*[^*\s])?)\*(?=$|[\s)\]}"'».,;:!?—–-])/g;

/** A run of Mux prose, emphasised or not: what a template writes as `<em><%= text %></em>` or `<%= text %>`. */
export interface MuxTextPart {
  text: string;
  em: boolean;
}

/**
 * The prose as runs, `*x*` → `{ text: 'x', em: true }`. Templates insert each run with `<%= %>` (escaped and kept
 * whole by the email's encoder, render/keep-whole.ts), so emphasis never needs raw output.
 */
export function muxTextParts(s: string): MuxTextPart[] {
  const parts: MuxTextPart[] = [];
  let at = 0;
  for (const m of s.matchAll(EMPHASIS)) {
    const start = m.index + m[1]!.length;
    if (start > at) parts.push({ text: s.slice(at, start), em: false });
    parts.push({ text: m[2]!, em: true });
    at = m.index + m[0].length;
  }
  if (at < s.length || parts.length === 0) parts.push({ text: s.slice(at), em: false });
  return parts;
}

/** HTML: escaped, then `*x*` → `<em>x</em>` (for HTML built outside the templates). */
export function muxTextHtml(s: string): string {
  return muxTextParts(s)
    .map((p) => (p.em ? `<em>${escapeHtml(p.text)}</em>` : escapeHtml(p.text)))
    .join('');
}

/** Plain text and chat: `*x*` → `x`. */
export function muxTextPlain(s: string): string {
  return s.replace(EMPHASIS, '$1$2');
}

/**
 * At most `max` code points; when cut, at the last space within the last fifth of the limit ("…" after the word),
 * or mid-word only when a single word is longer than that.
 */
export function cutAtWord(s: string, max: number): string {
  if (cpLength(s) <= max) return s;
  const cps = [...s].slice(0, max - 1);
  const head = cps.join('');
  const space = head.search(/\s\S*$/);
  const keep = space >= 0 && cpLength(head.slice(0, space)) >= Math.floor(max * 0.8) ? head.slice(0, space) : head;
  return `${keep.replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * Mux prose cut for display (`cutAtWord`) without leaving half an emphasis: an opening `*` whose closing one was
 * cut off is dropped, so the reader never sees a stray asterisk.
 */
export function cutMuxText(s: string, max: number): string {
  const cut = cutAtWord(s, max);
  if (cut === s) return cut;
  const open = cut.replace(EMPHASIS, '$1$2').lastIndexOf('*');
  if (open < 0) return cut;
  const at = cut.lastIndexOf('*');
  return cut.slice(0, at) + cut.slice(at + 1);
}
