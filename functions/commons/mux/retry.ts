/** Retry policy helpers: which responses are transient, how long to wait before the next attempt, rate-limit headers. */

import type { ServerReport } from './rate-limiter.js';

export interface RetryTiming {
  /** First backoff ceiling in ms (default 500). Attempt n waits a random time in [0, min(cap, base·2^n)]. */
  baseDelayMs: number;
  /** Backoff ceiling in ms (default 8000). */
  maxDelayMs: number;
  /** Minimum wait after a 429 that has no Retry-After (default 1000): Mux's budget is per second. */
  rateLimitedMinDelayMs: number;
  /** Upper bound applied to a server-sent Retry-After (default 60000) so one header cannot stall a run. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_TIMING: RetryTiming = {
  baseDelayMs: 500,
  maxDelayMs: 8000,
  rateLimitedMinDelayMs: 1000,
  maxRetryAfterMs: 60_000,
};

/** 408, 409, 429 and 5xx are worth another attempt; every other 4xx (401, 403, 404, 422…) is final. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Full jitter: uniform in [0, min(cap, base·2^retryIndex)] (retryIndex 0 for the first retry). */
export function backoffDelay(retryIndex: number, timing: RetryTiming, random: () => number = Math.random): number {
  const ceiling = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** retryIndex);
  return Math.round(random() * ceiling);
}

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

export function header(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Server-requested delay in ms: `retry-after-ms` first, then `Retry-After` as seconds (may be fractional) or an
 * HTTP date. Returns undefined when absent or unparsable; never negative.
 */
export function retryAfterMs(headers: HeaderBag, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  }
  const ra = header(headers, 'retry-after');
  if (ra === undefined || ra.trim() === '') return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** `x-should-retry: true|false` (sent by some Mux/Stainless gateways) overrides the status-based decision. */
export function shouldRetryOverride(headers: HeaderBag): boolean | undefined {
  const v = header(headers, 'x-should-retry');
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** A non-negative number from a header, or undefined when absent/unparsable (`"n/a"`, `""`, `-1`). */
function headerNumber(headers: HeaderBag, name: string): number | undefined {
  const raw = header(headers, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Epoch seconds from here on (2001-09-09); smaller `X-RateLimit-Reset` values are seconds from now. */
const EPOCH_SECONDS_FROM = 1e9;

/**
 * The rate-limit facts of a response, for `TokenBucket.settle`:
 * - `X-RateLimit-Limit` and `X-RateLimit-Remaining` (documented by Mux, on every response since the per-environment
 *   limits; our fake sends both);
 * - `X-RateLimit-Reset` (not documented by Mux; honoured when present) as epoch seconds (GitHub's convention) or, when
 *   below 1e9, as seconds from now (the IETF RateLimit draft's), turned into a clock time and capped at `maxWaitMs`
 *   from now so one odd header cannot stall a run.
 * A 429 counts as "nothing remaining" even without headers. Unparsable values are ignored, never guessed.
 */
export function rateLimitReport(
  headers: HeaderBag,
  status: number,
  now: number = Date.now(),
  maxWaitMs = DEFAULT_RETRY_TIMING.maxRetryAfterMs,
): ServerReport {
  const report: ServerReport = {};
  const limit = headerNumber(headers, 'x-ratelimit-limit');
  if (limit !== undefined && limit > 0) report.limit = limit;
  const remaining = status === 429 ? 0 : headerNumber(headers, 'x-ratelimit-remaining');
  if (remaining !== undefined) report.remaining = remaining;
  const reset = headerNumber(headers, 'x-ratelimit-reset');
  if (reset !== undefined) {
    const at = reset >= EPOCH_SECONDS_FROM ? reset * 1000 : now + reset * 1000;
    report.resetAt = Math.min(at, now + maxWaitMs);
  }
  return report;
}
