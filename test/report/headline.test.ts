import { describe, expect, it } from 'vitest';
import { headlineText } from '../../functions/commons/report/headline.js';
import { buildMetricValue } from '../../functions/commons/snapshot/metric-value.js';
import type { PeriodJson } from '../../functions/commons/snapshot/parts.js';

// 2026-W46 in Europe/Paris: Mon 9 Nov 2026 00:00 +01:00 → Mon 16 Nov 2026 00:00 +01:00
const week: PeriodJson = {
  key: '2026-W46',
  label: 'week of 9 Nov 2026',
  cadence: 'weekly',
  timeZone: 'Europe/Paris',
  start: '2026-11-09T00:00:00+01:00',
  end: '2026-11-16T00:00:00+01:00',
  startEpoch: Date.parse('2026-11-08T23:00:00Z') / 1000,
  endEpoch: Date.parse('2026-11-15T23:00:00Z') / 1000,
};

describe('headlineText', () => {
  it('weekly with delta and global', () => {
    const overall = buildMetricValue({
      metric: 'viewer_experience_score',
      value: 0.82,
      previous: 0.79,
      globalValue: 0.79,
    });
    expect(headlineText({ overall, period: week, hasViews: true })).toBe(
      'Viewer experience 82 (+3 vs last week, Mux global 79) — week of 9 Nov 2026',
    );
  });
  it('daily without global, and the no-views variant', () => {
    const overall = buildMetricValue({ metric: 'viewer_experience_score', value: 0.82, previous: 0.835 });
    const day = { ...week, cadence: 'daily' as const, label: '16 Nov 2026' };
    expect(headlineText({ overall, period: day, hasViews: true })).toBe(
      'Viewer experience 82 (\u22121.5 vs previous day) — 16 Nov 2026',
    );
    expect(headlineText({ overall, period: week, hasViews: false })).toBe('No views — week of 9 Nov 2026');
  });
});
