import { describe, expect, it } from 'vitest';
import { foldBreakdownRows, foldErrors, type RawError } from '../../functions/commons/report/fold.js';
import { headlineText } from '../../functions/commons/report/headline.js';
import { classifyIncident, countIncidents } from '../../functions/commons/report/incidents.js';
import { buildMetricValue } from '../../functions/commons/snapshot/metric-value.js';
import type { PeriodJson } from '../../functions/commons/report/snapshot-schema.js';
import { buildTrendPoints, trendLabel } from '../../functions/commons/report/trend.js';

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

describe('foldErrors', () => {
  const e = (id: number, count: number): RawError => ({
    id,
    code: String(id),
    message: `err ${id}`,
    description: null,
    count,
    percentage: count / 1000,
    lastSeen: null,
  });
  it('top N + Other with change vs previous', () => {
    const out = foldErrors({
      current: [e(1, 10), e(2, 40), e(3, 20), e(4, 20), e(5, 1)],
      previous: [e(2, 50), e(3, 20)],
      topN: 3,
    });
    expect(out.items.map((i) => [i.id, i.views, i.previousViews, i.deltaDisplay])).toEqual([
      [2, 40, 50, '\u221220%'],
      [3, 20, 20, '±0%'],
      [4, 20, 0, 'new'],
    ]);
    expect(out.other).toEqual({ count: 2, views: 11 });
    expect(out.totalErrorViews).toBe(91);
    expect(out.items[0]?.percentageDisplay).toBe('4%');
  });
  it('unknown previous period → N/A', () => {
    const out = foldErrors({ current: [e(1, 10)], previous: null, topN: 5 });
    expect(out.items[0]).toMatchObject({ previousViews: null, deltaDisplay: 'N/A' });
    expect(out.other).toBeNull();
  });
});

describe('classifyIncident', () => {
  const p = { startEpoch: 1000, endEpoch: 2000 };
  const iso = (s: number) => new Date(s * 1000).toISOString();
  it('classifies by overlap', () => {
    expect(classifyIncident({ started_at: iso(1500), resolved_at: null }, p)).toBe('opened');
    expect(classifyIncident({ started_at: iso(1500), resolved_at: iso(2500) }, p)).toBe('opened');
    expect(classifyIncident({ started_at: iso(1000), resolved_at: iso(1999) }, p)).toBe('opened_and_resolved');
    expect(classifyIncident({ started_at: iso(500), resolved_at: iso(1500) }, p)).toBe('resolved');
    expect(classifyIncident({ started_at: iso(500), resolved_at: null }, p)).toBe('ongoing');
    expect(classifyIncident({ started_at: iso(500), resolved_at: iso(2000) }, p)).toBe('ongoing');
    expect(classifyIncident({ started_at: iso(500), resolved_at: iso(999) }, p)).toBeNull();
    expect(classifyIncident({ started_at: iso(2000), resolved_at: null }, p)).toBeNull();
    expect(classifyIncident({ started_at: null, resolved_at: null }, p)).toBeNull();
  });
  it('counts', () => {
    expect(countIncidents(['opened', 'opened_and_resolved', 'resolved', 'ongoing'])).toEqual({
      opened: 2,
      resolved: 2,
      stillOpen: 2,
    });
  });
});

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
