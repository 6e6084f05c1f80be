/**
 * Small statistics for benchmark samples. Medians (not means) because a 2-core machine shared with
 * other work produces occasional slow outliers that a mean would smear into every figure.
 */

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  p95: number;
}

/** Value at quantile `q` (0..1) with linear interpolation between closest ranks; NaN for no samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  if (q < 0 || q > 1) throw new RangeError(`quantile must be within 0..1 (got ${q})`);
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: median(samples),
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
    p95: quantile(samples, 0.95),
  };
}

/** Rounds for display and JSON (keeps results.json readable and diffs small). */
export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Median over pairs (`a[i]` measured right after `b[i]`) of `a[i] / b[i]`: load that hits one pair hits both sides. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`pairedRatio: ${a.length} samples vs ${b.length} baselines`);
  return median(a.map((x, i) => x / b[i]!));
}
