import { describe, expect, it } from 'vitest';
import type { MuxEvent } from '../../functions/commons/mux/index.js';
import { muxEventRecorder, unavailableSections } from '../../functions/commons/observability/index.js';

describe('muxEventRecorder', () => {
  it('counts calls, retries and 429s, keeps request ids (errors first) and logs without query strings', () => {
    const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
    const log = (level: string) => (message: string, fields: Record<string, unknown>) =>
      lines.push({ level, message, fields });
    const rec = muxEventRecorder({ logger: { debug: log('debug'), info: log('info'), warn: log('warn') } });
    const response = (status: number, requestId: string): MuxEvent => ({
      type: 'response',
      path: '/data/v1/metrics/views/overall',
      status,
      attempt: 1,
      durationMs: 12.4,
      bytes: 100,
      requestId,
    });
    rec.onEvent(response(200, 'ok-1'));
    rec.onEvent(response(429, 'rl-1'));
    rec.onEvent({ type: 'rate_limited', path: '/data/v1/metrics/views/overall', retryAfterMs: 1000 });
    rec.onEvent({ type: 'retry', path: '/data/v1/metrics/views/overall', attempt: 1, delayMs: 1000, reason: '429' });
    rec.onEvent(response(200, 'ok-2'));
    rec.onEvent({ type: 'failed', path: '/data/v1/errors', attempts: 3, error: 'Mux API 500', status: 500 });
    expect(rec.counts).toEqual({ calls: 3, retries: 1, rateLimited: 1, failures: 1 });
    expect(rec.requestIds()).toEqual(['rl-1', 'ok-1', 'ok-2']);
    expect(lines.map((l) => `${l.level}:${l.message}`)).toEqual([
      'debug:mux response',
      'info:mux error response',
      'warn:mux rate limited',
      'warn:mux retry',
      'debug:mux response',
      'warn:mux call failed',
    ]);
    expect(lines[1]!.fields).toMatchObject({ status: 429, muxRequestId: 'rl-1', durationMs: 12 });
    expect(JSON.stringify(lines)).not.toContain('?');
  });

  it('lists unavailable sections', () => {
    expect(
      unavailableSections({
        sections: {
          scores: 'ok',
          causes: 'ok',
          volume: 'ok',
          keyMetrics: 'ok',
          insights: 'unavailable',
          incidents: 'disabled',
          errors: 'unavailable',
          breakdowns: 'ok',
          trend: 'ok',
          history: 'ok',
          failedViews: 'ok',
        },
      }),
    ).toEqual(['insights', 'errors']);
  });
});
