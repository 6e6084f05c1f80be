/**
 * String hygiene for display: one-line, bidi-isolated values, header-safe text, code-point lengths, padding,
 * word wrapping and safe links. Shared by the view-models and the plain-text part; nothing here computes a metric.
 */

import { truncate } from '../text/code-points.js';

// C0/C1 controls (CR, LF, TAB, ESC…) and the Unicode line/paragraph separators.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// Explicit bidi embeddings/overrides/isolates: they can reorder the text around them ("Trojan source").
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069]/;
const BIDI_RE_G = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value from Mux or the configuration, made safe to show on one line: control characters become one
 * space, and a string carrying bidi controls is wrapped in FSI…PDI so its reordering cannot leak into
 * the text around it. The characters themselves are kept (the reader sees what Mux returned).
 */
export function oneLine(s: string): string {
  const flat = s.replace(CONTROL_RE, ' ');
  return BIDI_RE.test(flat) ? `\u2068${flat}\u2069` : flat;
}

/** For mail headers: no control or bidi characters at all, collapsed spaces, capped in code points. */
export function headerSafe(s: string, max: number): string {
  const flat = s.replace(CONTROL_RE, ' ').replace(BIDI_RE_G, '').replace(/\s+/g, ' ').trim();
  return truncate(flat, max);
}

/** Length in code points (what a reader counts; emoji and astral characters are one). */
const SURROGATE_RE = /[\ud800-\udfff]/;
export function cpLength(s: string): number {
  // Fast path: without surrogate pairs, UTF-16 units are code points.
  if (!SURROGATE_RE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export { truncate };

export function padEnd(s: string, width: number): string {
  const n = cpLength(s);
  return n >= width ? s : s + ' '.repeat(width - n);
}

export function padStart(s: string, width: number): string {
  const n = cpLength(s);
  return n >= width ? s : ' '.repeat(width - n) + s;
}

/** Only absolute http(s) links reach the email; the URL parser percent-encodes quotes and angle brackets. */
export function safeUrl(u: string): string | null {
  const t = u.trim();
  if (!/^https?:\/\//i.test(t)) return null;
  try {
    return new URL(t).href;
  } catch {
    return null;
  }
}

/**
 * Word-wraps to `width` code points; words longer than a line are cut. Lines after the first get
 * `indent`. Used by the plain-text part only.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  if (cpLength(text) <= width) return [text];
  // Leading spaces are the first line's own indent and are kept.
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = '';
  let lineLen = 0;
  let avail = width - lead.length;
  const flush = (): void => {
    lines.push(lines.length === 0 ? lead + line : indent + line);
    line = '';
    lineLen = 0;
    avail = width - cpLength(indent);
  };
  for (const w of text.slice(lead.length).split(' ')) {
    if (!w) continue;
    let word = w;
    let len = cpLength(word);
    while (len > avail) {
      // A word longer than a line: cut it.
      if (line) flush();
      const cps = [...word];
      line = cps.slice(0, avail).join('');
      word = cps.slice(avail).join('');
      len -= avail;
      flush();
    }
    if (!word) continue;
    if (!line) {
      line = word;
      lineLen = len;
    } else if (lineLen + 1 + len <= avail) {
      line += ` ${word}`;
      lineLen += 1 + len;
    } else {
      flush();
      line = word;
      lineLen = len;
    }
  }
  if (line || lines.length === 0) flush();
  return lines;
}
