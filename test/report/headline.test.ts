import { describe, expect, it } from 'vitest';
import { headlineText } from '../../functions/commons/report/headline.js';
import { buildMetricValue } from '../../functions/commons/snapshot/metric-value.js';
import { WEEK_46 } from '../helpers/report-fixtures.js';

const week = WEEK_46;

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
