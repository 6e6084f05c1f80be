/**
 * collectFromSource against an in-memory ReportSource: call planning, disabled sections, fallbacks to the
 * overall endpoint, core failure. The HTTP path (client + fake Mux) is covered in collect.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type MuxEnvelope, MuxResponseError } from '../../functions/commons/mux/index.js';
import { collectFromSource } from '../../functions/commons/report/collect.js';
import { ReportError } from '../../functions/commons/report/report-error.js';
import type { ReportSource, Span } from '../../functions/commons/sections/source.js';
import { reportConfig, WEEK_45, WEEK_46 } from '../helpers/report-fixtures.js';

const period = WEEK_46;
const previousPeriod = WEEK_45;
/** A fixed clock: `generatedAt` and `coverage.partial` come from it. */
const NOW = new Date('2026-11-16T08:00:00Z');
const environment = {
  name: 'prod',
  dashboardUrl: 'https://dashboard.mux.com',
  rateLimit: { dataPerSecond: 5, monitoringPerSecond: 1 },
  archiveExports: false,
};

function comparison(cur: boolean, views: number) {
  const k = cur ? 1 : 0.9;
  return [
    { name: 'totals', view_count: views, watch_time: 3_600_000 * k, unique_viewers: Math.round(views / 3) },
    { name: 'Overall Score', type: 'score', metric: 'viewer_experience_score', value: 0.8 * k },
    {
      name: 'Playback Failure Score',
      type: 'score',
      metric: 'playback_failure_score',
      value: 0.95,
      items: [{ metric: 'playback_failure_percentage', type: 'percentage', value: 0.01 }],
    },
    {
      name: 'Startup Time Score',
      type: 'score',
      metric: 'startup_time_score',
      value: cur ? 0.7 : 0.8,
      items: [
        { metric: 'video_startup_time', measurement: 'median', type: 'milliseconds', value: cur ? 900 : 1000 },
        { metric: 'video_startup_time', measurement: '95th', type: 'milliseconds', value: 4000 },
        { metric: 'exits_before_video_start', type: 'percentage', value: 0.05 },
      ],
    },
    {
      name: 'Rebuffer Score',
      type: 'score',
      metric: 'rebuffer_score',
      value: cur ? 0.85 : 0.9,
      items: [{ metric: 'rebuffer_percentage', type: 'percentage', value: 0.004 }],
    },
    // video_quality_score missing on purpose → overall fallback; upscale_percentage missing → overall fallback
  ];
}

function stubSource(over: Partial<ReportSource> = {}, views = 1000) {
  const calls: string[] = [];
  const ok = <T>(data: T, totalRowCount: number | null = null): MuxEnvelope<T> => ({
    data,
    totalRowCount,
    timeframe: null,
  });
  const isCur = (s: Span) => s.startEpoch === period.startEpoch;
  const base: ReportSource = {
    comparison: async (s) => ok(comparison(isCur(s), views)),
    overall: async (metric, s) =>
      ok({
        value: metric === 'upscale_percentage' ? (isCur(s) ? 0.02 : 0.03) : 0.9,
        total_views: views,
        global_value: 0.75,
      }),
    insights: async (metric) =>
      ok([
        { filter_column: 'country', filter_value: 'BR', metric: 0.5, negative_impact_score: 0.3, total_views: 500 },
        { filter_column: 'browser', filter_value: 'Tiny', metric: 0.1, negative_impact_score: 0.9, total_views: 5 },
        { filter_column: 'browser', filter_value: metric, metric: 0.6, negative_impact_score: 0.2, total_views: 200 },
      ]),
    breakdown: async () =>
      ok(
        [
          { field: 'FR', value: 0.8, views: 600, negative_impact: 1 },
          { field: 'US', value: 0.7, views: 400, negative_impact: 2 },
        ],
        2,
      ),
    timeseries: async () => ok([['2026-11-09T00:00:00.000Z', 0.8, 100]]),
    incidents: async () =>
      ok(
        [
          {
            id: 'a',
            status: 'open',
            severity: 'alert',
            started_at: '2026-11-10T10:00:00Z',
            resolved_at: null,
            description: 'x',
          },
          {
            id: 'b',
            status: 'closed',
            severity: 'warning',
            started_at: '2026-10-01T10:00:00Z',
            resolved_at: '2026-10-02T10:00:00Z',
          },
        ],
        2,
      ),
    relatedIncidents: async () => ok([], 4),
    errors: async () => ok([{ id: 1, code: 4, message: 'm', count: 10, percentage: 0.01 }]),
    annotations: async () => ok([{ id: 'n1', note: 'Deploy', date: '2026-11-10T09:00:00Z' }], 1),
    failedViews: async () =>
      ok([{ id: 'v1', view_end: '2026-11-10T10:00:00Z', video_title: 't', error_type_id: 4 }], 7),
    stats: () => ({ calls: calls.length, retries: 0, rateLimited: 0, bytes: 0 }),
    ...over,
  };
  const counted = Object.fromEntries(
    Object.entries(base).map(([k, fn]) => [
      k,
      k === 'stats'
        ? fn
        : (...args: unknown[]) => {
            calls.push(k === 'overall' ? `overall:${String(args[0])}:${isCur(args[1] as Span) ? 'cur' : 'prev'}` : k);
            return (fn as (...a: unknown[]) => unknown)(...args);
          },
    ]),
  ) as unknown as ReportSource;
  return { source: counted, calls };
}

const report = reportConfig;

describe('collectFromSource (stub source)', () => {
  it('plans the calls, fills gaps from overall, ranks insights by drop', async () => {
    const { source, calls } = stubSource();
    const snap = await collectFromSource({
      report: report(),
      environment,
      period,
      previousPeriod,
      source,
      now: NOW,
    });
    // overall: 5 scores current + video_quality previous (missing from the scorecard) + upscale cur/prev
    expect(calls.filter((c) => c.startsWith('overall')).sort()).toEqual([
      'overall:playback_success_score:cur',
      'overall:rebuffer_score:cur',
      'overall:startup_time_score:cur',
      'overall:upscale_percentage:cur',
      'overall:upscale_percentage:prev',
      'overall:video_quality_score:cur',
      'overall:video_quality_score:prev',
      'overall:viewer_experience_score:cur',
    ]);
    // … + annotations 1 (causes and trend share it) + causes 8: the score's 4 previous breakdowns (its current ones
    // are the breakdowns section's), then startup median and upscaling, one dimension each (2 + 2), the budget.
    expect(calls.length).toBe(2 + 8 + 2 + 1 + 1 + 2 + 4 + 1 + 1 + 1 + 8);
    expect(snap.causes.calls).toBe(8);
    expect(calls.filter((c) => c === 'breakdown')).toHaveLength(4 + 8);
    expect(snap.cost.calls).toBe(calls.length);
    // playback_failure_score is used as playback success when the latter is absent
    expect(snap.scores.items.map((s) => [s.metric, s.display, s.previousDisplay, s.globalDisplay])).toEqual([
      ['viewer_experience_score', '80', '72', '75'],
      ['playback_success_score', '95', '95', '75'],
      ['startup_time_score', '70', '80', '75'],
      ['rebuffer_score', '85', '90', '75'],
      ['video_quality_score', '90', '90', '75'],
    ]);
    expect(snap.headline.text).toBe('Viewer experience 80 (+8 vs last week, Mux global 75) — week of 9 Nov 2026');
    expect(snap.keyMetrics.items.map((k) => [k.metric, k.measurement, k.display, k.verdict])).toEqual([
      ['video_startup_time', 'median', '900 ms', 'better'],
      ['video_startup_time', '95th', '4 s', 'flat'],
      ['rebuffer_percentage', 'avg', '0.4%', 'flat'],
      ['playback_failure_percentage', 'avg', '1%', 'flat'],
      ['exits_before_video_start', 'avg', '5%', 'flat'],
      ['upscale_percentage', 'avg', '2%', 'better'],
    ]);
    // startup dropped 10 points, smoothness 5 → insights for those two, tiny segments dropped
    expect(snap.insights.items.map((i) => `${i.metric}/${i.dimension}=${i.dimensionValue}`)).toEqual([
      'startup_time_score/country=BR',
      'startup_time_score/browser=startup_time_score',
      'rebuffer_score/country=BR',
      'rebuffer_score/browser=rebuffer_score',
    ]);
    expect(snap.incidents).toMatchObject({ status: 'ok', opened: 1, resolved: 0, stillOpen: 1 });
    expect(snap.incidents.items.map((i) => [i.id, i.inPeriod, i.relatedCount])).toEqual([['a', 'opened', 4]]);
    expect(snap.failedViews).toMatchObject({ status: 'ok', totalFailed: 7 });
    expect(snap.trend.points).toHaveLength(7);
    expect(snap.volume.items.map((v) => v.deltaDisplay)).toEqual(['±0%', '±0%', '+11.1%']);
  });

  it('disabled sections make no calls', async () => {
    const { source, calls } = stubSource();
    const sections = {
      causes: false,
      insights: false,
      incidents: false,
      errors: false,
      breakdowns: false,
      trend: false,
      failedViews: false,
      scores: false,
    };
    const snap = await collectFromSource({
      report: report({ sections }),
      environment,
      period,
      previousPeriod,
      source,
      now: NOW,
    });
    expect(calls.filter((c) => !c.startsWith('overall'))).toEqual(['comparison', 'comparison']);
    expect(snap.sections).toMatchObject({ insights: 'disabled', scores: 'disabled', volume: 'ok', keyMetrics: 'ok' });
    expect(snap.insights.reason).toBe('switched off in the report configuration');
    expect(snap.headline.text).toBe('Viewer experience 80 (+8 vs last week) — week of 9 Nov 2026');
  });

  it('a failing comparison is a ReportError; a failing section is unavailable', async () => {
    const boom = async (): Promise<never> => {
      throw new Error('boom');
    };
    await expect(
      collectFromSource({
        report: report(),
        environment,
        period,
        previousPeriod,
        source: stubSource({ comparison: boom }).source,
        now: NOW,
      }),
    ).rejects.toThrow(ReportError);
    const snap = await collectFromSource({
      report: report(),
      environment,
      period,
      previousPeriod,
      source: stubSource({
        trend: boom,
        timeseries: boom,
        // What the client throws for a breakdown answer its schema refuses.
        breakdown: async () => {
          throw new MuxResponseError('/data/v1/metrics/viewer_experience_score/breakdown', 'data.0.views', 'bad');
        },
      } as Partial<ReportSource>).source,
      now: NOW,
    });
    expect(snap.trend).toMatchObject({
      status: 'unavailable',
      reason: 'unexpected error while collecting trend: boom',
      points: [],
    });
    expect(snap.breakdowns.status).toBe('unavailable');
    expect(snap.breakdowns.reason).toBe('unexpected response from Mux for breakdowns: bad');
    expect(snap.errors.status).toBe('ok');
  });

  it('zero views still gives a complete snapshot', async () => {
    const { source } = stubSource({}, 0);
    const snap = await collectFromSource({ report: report(), environment, period, previousPeriod, source, now: NOW });
    expect(snap.headline).toEqual({ text: 'No views — week of 9 Nov 2026', totalViews: 0, hasViews: false });
  });
});
