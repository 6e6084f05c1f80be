import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_TIMING,
  isRetryableStatus,
  rateLimitReport,
  retryAfterMs,
} from '../../functions/commons/mux/retry.js';

describe('retry helpers', () => {
  it('retries 408/409/429/5xx only', () => {
    expect([400, 401, 403, 404, 408, 409, 422, 429, 500, 503].filter(isRetryableStatus)).toEqual([
      408, 409, 429, 500, 503,
    ]);
  });

  it('uses full jitter bounded by min(cap, base·2^n)', () => {
    expect(backoffDelay(0, DEFAULT_RETRY_TIMING, () => 0.999999)).toBe(500);
    expect(backoffDelay(2, DEFAULT_RETRY_TIMING, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, DEFAULT_RETRY_TIMING, () => 1)).toBe(8000);
    expect(backoffDelay(3, DEFAULT_RETRY_TIMING, () => 0)).toBe(0);
  });

  it('parses retry-after-ms, Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-05T10:00:00Z');
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': '0.5' }, now)).toBe(500);
    expect(retryAfterMs({ 'retry-after': 'Mon, 05 Jan 2026 10:00:03 GMT' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': 'Mon, 05 Jan 2026 09:00:00 GMT' }, now)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });

  it('reads X-RateLimit-Limit / -Remaining / -Reset, ignoring what does not parse', () => {
    const now = 1_700_000_000_200;
    expect(rateLimitReport({}, 200, now)).toEqual({});
    expect(rateLimitReport({ 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '3' }, 200, now)).toEqual({
      limit: 5,
      remaining: 3,
    });
    // Node lower-cases header names; repeated headers arrive as arrays (the first wins).
    expect(rateLimitReport({ 'x-ratelimit-remaining': ['0', '4'] }, 200, now)).toEqual({ remaining: 0 });
    expect(
      rateLimitReport({ 'x-ratelimit-limit': 'n/a', 'x-ratelimit-remaining': '-1', 'x-ratelimit-reset': '' }, 200, now),
    ).toEqual({});
    expect(rateLimitReport({ 'x-ratelimit-limit': '0' }, 200, now)).toEqual({});
    // A 429 means nothing remains, whatever the headers say.
    expect(rateLimitReport({ 'x-ratelimit-remaining': '2' }, 429, now)).toEqual({ remaining: 0 });
    expect(rateLimitReport({}, 429, now)).toEqual({ remaining: 0 });
  });

  it('takes X-RateLimit-Reset as epoch seconds or as seconds from now, capped', () => {
    const now = 1_700_000_000_200;
    expect(rateLimitReport({ 'x-ratelimit-reset': '1700000001' }, 200, now).resetAt).toBe(1_700_000_001_000);
    expect(rateLimitReport({ 'x-ratelimit-reset': '0.5' }, 200, now).resetAt).toBe(now + 500);
    expect(rateLimitReport({ 'x-ratelimit-reset': '3600' }, 200, now, 60_000).resetAt).toBe(now + 60_000);
    expect(rateLimitReport({ 'x-ratelimit-reset': '1800000000' }, 200, now, 60_000).resetAt).toBe(now + 60_000);
  });
});
