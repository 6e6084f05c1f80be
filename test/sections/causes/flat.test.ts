/**
 * Flat data: both periods answer exactly the same numbers, so nothing moved beyond tolerance. The causes section must
 * say so in one line (snapshot, HTML, text) and claim no cause, nor spend a breakdown call on it.
 */
import { describe, expect, it } from 'vitest';
import type { MuxEnvelope } from '../../../functions/commons/mux/index.js';
import { renderEmail } from '../../../functions/commons/render/index.js';
import { collectFromSource } from '../../../functions/commons/report/collect.js';
import type { ReportSource } from '../../../functions/commons/sections/source.js';
import { reportConfig, WEEK_45, WEEK_46 } from '../../helpers/report-fixtures.js';

const ok = <T>(data: T, totalRowCount: number | null = null): MuxEnvelope<T> => ({
  data,
  totalRowCount,
  timeframe: null,
});

/** The same answers for any span. */
function flatSource(): { source: ReportSource; calls: string[] } {
  const calls: string[] = [];
  const on =
    <A extends unknown[], R>(name: string, fn: (...a: A) => R) =>
    (...a: A): R => {
      calls.push(name);
      return fn(...a);
    };
  const source: ReportSource = {
    comparison: on('comparison', async () =>
      ok([
        { name: 'totals', view_count: 1000, watch_time: 3_600_000, unique_viewers: 300 },
        { name: 'Overall Score', type: 'score', metric: 'viewer_experience_score', value: 0.8 },
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
    breakdown: on('breakdown', async () =>
      ok(
        [
          { field: 'FR', value: 0.8, views: 600, negative_impact: 1 },
          { field: 'US', value: 0.8, views: 400, negative_impact: 2 },
        ],
        2,
      ),
    ),
    timeseries: on('timeseries', async () =>
      ok<Array<[string, number | null, number | null]>>([['2026-11-09T00:00:00.000Z', 0.8, 1000]]),
    ),
    incidents: on('incidents', async () => ok([], 0)),
    relatedIncidents: on('relatedIncidents', async () => ok([], 0)),
    errors: on('errors', async () => ok([])),
    annotations: on('annotations', async () => ok([], 0)),
    failedViews: on('failedViews', async () => ok([], 0)),
    stats: () => ({ calls: calls.length, retries: 0, rateLimited: 0, bytes: 0 }),
  };
  return { source, calls };
}

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
