/** Retry policy helpers: which responses are transient, and how long to wait before the next attempt. */

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

/**
 * How long to hold the bucket when the server reports `X-RateLimit-Remaining: 0`: until `X-RateLimit-Reset` when
 * it is a plausible epoch-seconds value in the next few seconds, otherwise `fallbackMs`. The transport passes one
 * token interval of the bucket (200 ms at 5 req/s): a full second idled the client while the server's bucket was
 * already refilling (measured by `npm run bench`: 1.39× the rate-limit bound instead of ~1.0×).
 */
export function exhaustedPauseMs(headers: HeaderBag, now: number = Date.now(), fallbackMs = 1000): number | undefined {
  const remaining = header(headers, 'x-ratelimit-remaining');
  if (remaining === undefined || remaining.trim() === '') return undefined;
  const left = Number(remaining);
  if (!Number.isFinite(left) || left > 0) return undefined;
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) {
    const until = reset * 1000 - now;
    if (until > 0 && until <= 5000) return until;
  }
  return fallbackMs;
}
