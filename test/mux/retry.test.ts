import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_TIMING,
  exhaustedPauseMs,
  isRetryableStatus,
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

  it('pauses on X-RateLimit-Remaining: 0 only', () => {
    const now = 1_700_000_000_200;
    expect(exhaustedPauseMs({ 'x-ratelimit-remaining': '3' }, now)).toBeUndefined();
    expect(exhaustedPauseMs({}, now)).toBeUndefined();
    expect(exhaustedPauseMs({ 'x-ratelimit-remaining': 'n/a' }, now)).toBeUndefined();
    expect(exhaustedPauseMs({ 'x-ratelimit-remaining': '0' }, now)).toBe(1000);
    expect(exhaustedPauseMs({ 'x-ratelimit-remaining': '0' }, now, 200)).toBe(200);
    expect(exhaustedPauseMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000001' }, now)).toBe(800);
  });
});
