/**
 * Flat data: both periods answer exactly the same numbers, so nothing moved beyond tolerance. The causes section must
 * say so in one line (snapshot, HTML, text) and claim no cause, nor spend a breakdown call on it.
 */
import { describe, expect, it } from 'vitest';
import type { Incident, MuxEnvelope } from '../../../functions/commons/mux/index.js';
import { renderEmail } from '../../../functions/commons/render/index.js';
import { collectFromSource } from '../../../functions/commons/report/collect.js';
import type { ReportSource } from '../../../functions/commons/sections/source.js';
import { reportConfig, WEEK_45, WEEK_46 } from '../../helpers/report-fixtures.js';

const ok = <T>(data: T, totalRowCount: number | null = null): MuxEnvelope<T> => ({
  data,
  totalRowCount,
  timeframe: null,
});

interface World {
  ves: number;
  fr: number;
  incidents?: Incident[];
}
const FLAT: World = { ves: 0.8, fr: 0.8 };

/** The same answers for any span, unless `previous` says otherwise for the previous week (WEEK_45). */
function flatSource(previous: World = FLAT, current: World = FLAT): { source: ReportSource; calls: string[] } {
  const w = (span: { startEpoch: number }) => (span.startEpoch === WEEK_45.startEpoch ? previous : current);
  const calls: string[] = [];
  const on =
    <A extends unknown[], R>(name: string, fn: (...a: A) => R) =>
    (...a: A): R => {
      calls.push(name);
      return fn(...a);
    };
  const source: ReportSource = {
    comparison: on('comparison', async (span) =>
      ok([
        { name: 'totals', view_count: 1000, watch_time: 3_600_000, unique_viewers: 300 },
        { name: 'Overall Score', type: 'score', metric: 'viewer_experience_score', value: w(span).ves },
        {
          name: 'Startup Time Score',
          type: 'score',
          metric: 'startup_time_score',
          value: 0.7,
          items: [{ metric: 'video_startup_time', measurement: 'median', type: 'milliseconds', value: 900 }],
        },
      ]),
    ),
    overall: on('overall', async () => ok({ value: 0.5, total_views: 1000, global_value: 0.75 })),
    insights: on('insights', async () => ok([])),
    breakdown: on('breakdown', async (_metric, span) =>
      ok(
        [
          { field: 'FR', value: w(span).fr, views: 600, negative_impact: 1 },
          { field: 'US', value: 0.8, views: 400, negative_impact: 2 },
        ],
        2,
      ),
    ),
    timeseries: on('timeseries', async () =>
      ok<Array<[string, number | null, number | null]>>([['2026-11-09T00:00:00.000Z', 0.8, 1000]]),
    ),
    incidents: on('incidents', async () => ok(current.incidents ?? [], current.incidents?.length ?? 0)),
    relatedIncidents: on('relatedIncidents', async () => ok([], 0)),
    errors: on('errors', async () => ok([])),
    annotations: on('annotations', async () => ok([], 0)),
    failedViews: on('failedViews', async () => ok([], 0)),
    stats: () => ({ calls: calls.length, retries: 0, rateLimited: 0, bytes: 0 }),
  };
  return { source, calls };
}

const environment = {
  name: 'prod',
  dashboardUrl: 'https://dashboard.mux.com',
  rateLimit: { dataPerSecond: 5, monitoringPerSecond: 1 },
  archiveExports: false,
};

describe('causes on flat data', () => {
  it('claims no cause and says so in one line, without a breakdown call of its own', async () => {
    const { source, calls } = flatSource();
    const snap = await collectFromSource({
      report: reportConfig({ keyMetrics: ['video_startup_time:median', 'rebuffer_percentage'] }),
      environment: {
        name: 'prod',
        dashboardUrl: 'https://dashboard.mux.com',
        rateLimit: { dataPerSecond: 5, monitoringPerSecond: 1 },
        archiveExports: false,
      },
      period: WEEK_46,
      previousPeriod: WEEK_45,
      source,
      now: new Date('2026-11-16T08:00:00Z'),
    });
    expect(snap.causes).toMatchObject({ status: 'ok', moved: 0, items: [], calls: 0 });
    const line = 'Nothing moved beyond tolerance vs last week: no causes to report.';
    expect(snap.causes.summary).toBe(line);
    // Only the breakdowns section's own calls (one per dimension), shared by nobody.
    expect(calls.filter((c) => c === 'breakdown')).toHaveLength(reportConfig().breakdownDimensions.length);
    const { html, text } = renderEmail(snap);
    expect(html).toContain(line);
    const section = text.slice(text.indexOf('WHAT CHANGED AND WHY'), text.indexOf('VOLUME'));
    expect(section.trim().split('\n')).toEqual(['WHAT CHANGED AND WHY', '====================', line]);
  });
});

describe('causes with one segment that moved', () => {
  it('names it, links it to the dashboard and to the incident that names it', async () => {
    // FR (60% of views) drops 0.8 → 0.6, US stays at 0.8: the score drops 0.8 → 0.68, all of it from FR.
    const incident = {
      id: 'inc1',
      status: 'open',
      severity: 'alert',
      started_at: '2026-11-10T10:00:00Z',
      resolved_at: null,
      description: 'Playback failures in France',
      breakdowns: [{ id: 'b1', name: 'country', value: 'FR' }],
    };
    const { source } = flatSource(FLAT, { ves: 0.68, fr: 0.6, incidents: [incident] });
    const snap = await collectFromSource({
      report: reportConfig({ keyMetrics: ['video_startup_time:median'], breakdownDimensions: ['country'] }),
      environment,
      period: WEEK_46,
      previousPeriod: WEEK_45,
      source,
      now: new Date('2026-11-16T08:00:00Z'),
    });
    const [item] = snap.causes.items;
    expect(item?.metric).toBe('viewer_experience_score');
    expect(item?.causes.map((c) => [c.dimension, c.field, c.kind])).toEqual([['country', 'FR', 'rate']]);
    expect(item!.causes[0]!.share).toBeCloseTo(1, 9);
    expect(item!.causes[0]!.contribution).toBeCloseTo(-0.12, 9);
    expect(item!.sentence).toBe(
      'Overall Viewer Experience −12 vs last week — 100% of it from country FR: −20 on 60% of views',
    );
    expect(item!.causes[0]!.url).toContain('/data/metrics/viewer_experience_score/breakdown?dimension=country');
    expect(item!.causes[0]!.incidents).toEqual([
      { id: 'inc1', description: 'Playback failures in France', url: 'https://dashboard.mux.com/data/incidents/inc1' },
    ]);
  });
});
