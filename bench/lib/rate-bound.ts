/**
 * The fastest a set of calls can possibly finish under token-bucket rate limits, to judge how close
 * the report's scheduling gets to it.
 *
 * A bucket of capacity `burst` refilling at `rate`/s lets `burst` calls start at t=0 and one more every
 * 1/rate s, so the n-th call cannot START before (n − burst)/rate s. The last response then takes at
 * least one round trip (`latencyMs`). Classes (data, monitoring) have separate buckets and overlap, so
 * the bound is the slowest class. This is the STRICT bound; `calls / rate` is the looser textbook one.
 */

export interface BucketSpec {
  /** Sustained requests per second. */
  rate: number;
  /** Calls allowed at once (Mux's buckets and our limiter: burst = rate). */
  burst: number;
}

export function strictBoundMs(calls: number, bucket: BucketSpec, latencyMs: number): number {
  if (calls <= 0) return 0;
  return (Math.max(0, calls - bucket.burst) / bucket.rate) * 1000 + latencyMs;
}

/** Bound over several classes, e.g. `{ data: [26, {rate:5,burst:5}], monitoring: [0, …] }`. */
export function boundMs(classes: Record<string, [number, BucketSpec]>, latencyMs: number): number {
  return Math.max(0, ...Object.values(classes).map(([calls, bucket]) => strictBoundMs(calls, bucket, latencyMs)));
}

/** The textbook bound `calls / rate` (no burst credit), for comparison. */
export const naiveBoundMs = (calls: number, rate: number): number => (calls / rate) * 1000;
