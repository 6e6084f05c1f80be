import { describe, expect, it } from 'vitest';
import { foldBreakdownRows } from '../../../functions/commons/sections/breakdowns/fold.js';

describe('foldBreakdownRows', () => {
  const rows = [
    { field: 'FR', value: 0.8, views: 500, negativeImpact: 3 },
    { field: 'US', value: 0.9, views: 300, negativeImpact: 1 },
    { field: 'DE', value: 0.7, views: 300, negativeImpact: 2 },
    { field: 'IT', value: 0.6, views: 50, negativeImpact: 4 },
    { field: 'ES', value: 0.5, views: 150, negativeImpact: 5 },
  ];
  it('top N by views (ties by field), minViews folds into Other with the exact weighted mean', () => {
    const out = foldBreakdownRows({ rows, unit: 'score', topN: 3, minViews: 100, complete: true });
    expect(out.map((r) => [r.field, r.views, r.isOther])).toEqual([
      ['FR', 500, false],
      ['DE', 300, false],
      ['US', 300, false],
      ['Other', 200, true],
    ]);
    expect(out[0]?.viewShare).toBeCloseTo(500 / 1300, 12);
    expect(out[3]?.value).toBeCloseTo((0.6 * 50 + 0.5 * 150) / 200, 12);
    expect(out[3]?.display).toBe('53');
  });
  it('Other covers views beyond the fetched page, then its value is unknown', () => {
    const out = foldBreakdownRows({ rows, unit: 'score', topN: 5, minViews: 100, totalViews: 2000 });
    expect(out.map((r) => r.field)).toEqual(['FR', 'DE', 'US', 'ES', 'Other']);
    expect(out[4]).toMatchObject({ views: 750, value: null, display: 'N/A', viewShare: 0.375 });
  });
  it('no Other row when everything is shown', () => {
    const out = foldBreakdownRows({ rows: rows.slice(0, 2), unit: 'score', topN: 5, minViews: 0 });
    expect(out.some((r) => r.isOther)).toBe(false);
  });
});
