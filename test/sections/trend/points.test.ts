import { describe, expect, it } from 'vitest';
import { buildTrendPoints, trendLabel } from '../../../functions/commons/sections/trend/points.js';
import { WEEK_46 } from '../../helpers/report-fixtures.js';

const week = WEEK_46;

describe('trend', () => {
  it('labels day buckets in the report time zone and hours as HH:00', () => {
    expect(trendLabel(Date.parse('2026-11-16T00:00:00Z') / 1000, 'day', 'Europe/Paris')).toBe('Mon 16');
    expect(trendLabel(Date.parse('2026-11-16T00:00:00Z') / 1000, 'day', 'America/New_York')).toBe('Mon 16');
    expect(trendLabel(Date.parse('2026-11-16T13:00:00Z') / 1000, 'hour', 'Europe/Paris')).toBe('14:00');
  });
  it('keeps buckets inside the period, fills gaps with null/0', () => {
    const data: [string, number | null, number | null][] = [
      ['2026-11-08T00:00:00.000Z', 0.5, 10], // before the period start (23:00Z) → dropped
      ['2026-11-09T00:00:00.000Z', 0.8, 100],
      ['2026-11-11T00:00:00.000Z', null, null],
      ['2026-11-15T00:00:00.000Z', 0.9, 50],
    ];
    const pts = buildTrendPoints({ data, granularity: 'day', period: week, unit: 'score' });
    expect(pts.map((p) => [p.label, p.value, p.views, p.display])).toEqual([
      ['Mon 9', 0.8, 100, '80'],
      ['Tue 10', null, 0, 'N/A'],
      ['Wed 11', null, 0, 'N/A'],
      ['Thu 12', null, 0, 'N/A'],
      ['Fri 13', null, 0, 'N/A'],
      ['Sat 14', null, 0, 'N/A'],
      ['Sun 15', 0.9, 50, '90'],
    ]);
    expect(pts[0]?.start).toBe('2026-11-09T00:00:00.000Z');
  });
  it('empty data → a full UTC-aligned grid', () => {
    const pts = buildTrendPoints({ data: [], granularity: 'day', period: week, unit: 'score' });
    expect(pts).toHaveLength(7);
    expect(pts.every((p) => p.value === null && p.views === 0)).toBe(true);
  });
});
