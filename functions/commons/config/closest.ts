/**
 * "Did you mean": the closest of some names to a misspelt one (config errors, the CLI's arguments). Its own leaf so
 * that a lookup (lookup.ts) can suggest a report id without loading the dimension tables (dimensions.ts).
 */

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate to `name` if it is plausibly a typo of it (or a part of it), else undefined. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))) return best;
  // "device_category" → "viewer_device_category": a unique containing name is a good hint too.
  const containing = candidates.filter((c) => name.length >= 3 && c.includes(name.toLowerCase()));
  return containing.length === 1 ? containing[0] : undefined;
}
