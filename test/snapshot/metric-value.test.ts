import { describe, expect, it } from 'vitest';
import { buildMetricValue } from '../../functions/commons/snapshot/metric-value.js';
import { metricValueSchema } from '../../functions/commons/snapshot/parts.js';

describe('buildMetricValue', () => {
  it('score up 3 points is better, with global benchmark', () => {
    const m = buildMetricValue({ metric: 'viewer_experience_score', value: 0.82, previous: 0.79, globalValue: 0.7912 });
    expect(metricValueSchema.parse(m)).toEqual(m);
    expect(m).toMatchObject({
      label: 'Overall Viewer Experience',
      unit: 'score',
      display: '82',
      previousDisplay: '79',
      deltaDisplay: '+3',
      globalDisplay: '79',
      verdict: 'better',
      measurement: null,
    });
    expect(m.deltaAbsolute).toBeCloseTo(0.03, 12);
    expect(m.deltaRelative).toBeCloseTo(0.03 / 0.79, 12);
  });
  it('score within half a point is flat', () => {
    expect(buildMetricValue({ metric: 'rebuffer_score', value: 0.904, previous: 0.9 }).verdict).toBe('flat');
    expect(buildMetricValue({ metric: 'rebuffer_score', value: 0.894, previous: 0.9 }).verdict).toBe('worse');
  });
  it('lower-is-better metric that went down is better', () => {
    const m = buildMetricValue({
      metric: 'video_startup_time',
      measurement: 'median',
      value: 850,
      previous: 970,
    });
    expect(m).toMatchObject({
      label: 'Video startup time',
      display: '850 ms',
      deltaAbsolute: -120,
      deltaDisplay: '\u2212120 ms',
      verdict: 'better',
      globalValue: null,
      globalDisplay: null,
    });
    expect(buildMetricValue({ metric: 'video_startup_time', value: 990, previous: 970 }).verdict).toBe('worse');
    // +1.9 % is inside the 2 % tolerance
    expect(buildMetricValue({ metric: 'video_startup_time', value: 988, previous: 970 }).verdict).toBe('flat');
  });
  it('percentages: flat under 0.05 pp or 2 % relative, pp deltas', () => {
    const m = buildMetricValue({ metric: 'playback_failure_percentage', value: 0.0047, previous: 0.0041 });
    expect(m.deltaDisplay).toBe('+0.06 pp');
    expect(m.verdict).toBe('worse');
    expect(buildMetricValue({ metric: 'playback_failure_percentage', value: 0.0044, previous: 0.0041 }).verdict).toBe(
      'flat',
    );
    expect(buildMetricValue({ metric: 'rebuffer_percentage', value: 0.2, previous: 0.203 }).verdict).toBe('flat');
    expect(buildMetricValue({ metric: 'rebuffer_percentage', value: 0.1, previous: 0.2 }).verdict).toBe('better');
  });
  it('neutral volume metrics are flat with a relative delta', () => {
    const m = buildMetricValue({ metric: 'views', value: 1041, previous: 1000 });
    expect(m).toMatchObject({ display: '1,041', deltaDisplay: '+4.1%', verdict: 'flat', direction: 'neutral' });
    const w = buildMetricValue({ metric: 'playing_time', value: 7_500_000, previous: 10_000_000 });
    expect(w).toMatchObject({ display: '2 h 5 min', deltaDisplay: '\u221225%', deltaRelative: -0.25 });
  });
  it('missing values give n/a and N/A, previous 0 gives no relative delta', () => {
    const a = buildMetricValue({ metric: 'views', value: 10, previous: null });
    expect(a).toMatchObject({ verdict: 'n/a', deltaAbsolute: null, deltaRelative: null, deltaDisplay: 'N/A' });
    const b = buildMetricValue({ metric: 'views', value: 10, previous: 0 });
    expect(b).toMatchObject({ deltaAbsolute: 10, deltaRelative: null, deltaDisplay: 'N/A', verdict: 'flat' });
    const c = buildMetricValue({ metric: 'viewer_experience_score', value: null, previous: 0.8 });
    expect(c).toMatchObject({ display: 'N/A', verdict: 'n/a', deltaDisplay: 'N/A' });
    const d = buildMetricValue({ metric: 'video_startup_failure_percentage', value: 0, previous: 0 });
    expect(d.verdict).toBe('flat');
  });
});
