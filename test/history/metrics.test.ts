/** Which metrics the history charts (sections/history/metrics.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEASUREMENTS, METRIC_IDS } from '../../functions/commons/catalog/metrics.js';
import { historyMetrics, MAX_HISTORY_KEY_METRICS } from '../../functions/commons/sections/history/metrics.js';

describe('historyMetrics', () => {
  it('defaults: the score, views, then startup time (median), rebuffering and failures', () => {
    expect(historyMetrics(undefined)).toEqual([
      { metric: 'viewer_experience_score', measurement: null },
      { metric: 'views', measurement: null },
      { metric: 'video_startup_time', measurement: 'median' },
      { metric: 'rebuffer_percentage', measurement: 'avg' },
      { metric: 'playback_failure_percentage', measurement: 'avg' },
    ]);
  });

  it('the first three distinct metrics of the list, each at its first measurement; score and views once', () => {
    expect(
      historyMetrics([
        'views',
        'video_startup_time:95th',
        'video_startup_time:median',
        'viewer_experience_score',
        'upscale_percentage',
      ]),
    ).toEqual([
      { metric: 'viewer_experience_score', measurement: null },
      { metric: 'views', measurement: null },
      { metric: 'video_startup_time', measurement: '95th' },
      { metric: 'upscale_percentage', measurement: 'avg' },
    ]);
  });

  it('any list: score and views first, at most three more, no metric twice, in the list order', () => {
    const ref = fc
      .tuple(fc.constantFrom(...METRIC_IDS), fc.option(fc.constantFrom(...MEASUREMENTS), { nil: undefined }))
      .map(([m, x]) => (x ? `${m}:${x}` : m));
    fc.assert(
      fc.property(fc.array(ref, { minLength: 1, maxLength: 12 }), (refs) => {
        const got = historyMetrics(refs).map((m) => m.metric);
        expect(got.slice(0, 2)).toEqual(['viewer_experience_score', 'views']);
        expect(new Set(got).size).toBe(got.length);
        const listed = [...new Set(refs.map((r) => r.split(':')[0]!))].filter((m) => !got.slice(0, 2).includes(m));
        expect(got.slice(2)).toEqual(listed.slice(0, MAX_HISTORY_KEY_METRICS));
      }),
    );
  });
});
