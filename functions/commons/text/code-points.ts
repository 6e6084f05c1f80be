/**
 * Cutting text by code points, the one primitive both the Mux boundary (mux/untrusted-text.ts, which caps every
 * string Mux sends) and display formatting (format/text.ts) need. Its own leaf folder because those two live in
 * the same layer and may not import each other.
 */

/** Cuts to at most `max` code points, ending with "…" when cut (never between the halves of a surrogate pair). */
export function truncate(s: string, max: number): string {
  // UTF-16 length ≥ code points: short strings need no counting.
  if (s.length <= max) return s;
  let n = 0;
  let cut = 0;
  for (const ch of s) {
    if (n < max - 1) cut += ch.length;
    n++;
    if (n > max) return `${s.slice(0, cut)}…`;
  }
  return s;
}
