/**
 * The report engine: plans the Mux calls for one report and period, runs them through the shared client
 * (its rate limiter and concurrency bound do the pacing; we just `Promise.all` the independent calls) and
 * assembles a validated, byte-stable snapshot.
 *
 * Plan for a default weekly report (≈ 21 calls, budget ≤ 30, asserted in test/report/collect.test.ts):
 *   core        2  comparison (current, previous)           → scores, volume, key metrics; failure = ReportError
 *   overall     5  the 5 scores for the current period      → Mux global benchmark (+ any value the scorecard lacks)
 *   insights    2  the 2 sub-scores that dropped most (else the worst two)
 *   incidents   1+ one page of 100 (≤ 5 pages) + ≤ 3 `related` for incidents still open
 *   errors      2  current + previous
 *   breakdowns  1 per dimension (4 by default), one page of topN×3 ordered by views
 *   trend       1  timeseries, group_by day (hour for daily reports)
 *   failedViews 1  video views with any error, newest first
 * Non-core failures make their section `unavailable` with a one-line reason; the report still completes.
 *
 * Every call carries the period's span ALIGNED to Mux's timeframe rounding (period/timeframe.ts: each bound to the nearest
 * boundary of the class, ties earlier, one class for the current and the previous period), so Mux's rounding is a
 * no-op whatever its direction; `coverage` records what was sent and what Mux echoed (coverage.ts).
 * Mux refusing the current period (4xx, e.g. older than its retention) is a `PeriodRefusedError`; refusing only
 * the previous one leaves the report without comparison (deltas N/A), recorded in `coverage.previousPeriod.refused`.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_KEY_METRICS, parseMetricRef, SCORE_METRICS } from '../catalog/metrics.js';
import type { EnvironmentConfig, ReportConfig, SectionId } from '../config/schema.js';
import { SECTION_IDS } from '../config/schema.js';
import { isNum } from '../format/index.js';
import {
  type ComparisonRow,
  type Measurement,
  MuxApiError,
  type MuxClient,
  type MuxEnvelope,
  type OverallValues,
} from '../mux/index.js';
import { buildCoverage, planRequest, TimeframeLog } from './coverage.js';
import { headlineText } from './headline.js';
import { buildMetricValue } from '../snapshot/metric-value.js';
import { muxReportSource } from './mux-source.js';
import { PeriodRefusedError, ReportError } from './report-error.js';
import { parseScorecard, type Scorecard, valueKey } from './scorecard.js';
import { unavailableReason } from './section-reason.js';
import {
  collectBreakdown,
  collectErrors,
  collectFailedViews,
  collectIncidents,
  collectInsights,
  collectTrend,
  type SectionContext,
  TREND_METRIC,
  trendGranularity,
} from './sections.js';
import {
  type MetricValue,
  type PeriodJson,
  type SectionStatus,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  snapshotSchema,
} from './snapshot-schema.js';
import type { ReportSource, SourceStats, Span } from './source.js';

export const INSIGHT_METRIC_COUNT = 2;
export const DISABLED_REASON = 'switched off in the report configuration';

export interface CollectFromSourceOptions {
  report: ReportConfig;
  environment: EnvironmentConfig;
  period: PeriodJson;
  previousPeriod: PeriodJson;
  source: ReportSource;
  /** Used for `generatedAt` unless `generatedAt` is given. */
  now?: Date;
  generatedAt?: Date;
  archiveLocation?: string | null;
}

/** True when the period has views; a period without views still yields a complete snapshot (`hasViews: false`). */
export function emptyPeriodCheck(totalViews: number | null | undefined): { hasViews: boolean; totalViews: number } {
  const views = isNum(totalViews) ? Math.max(0, Math.round(totalViews)) : 0;
  return { hasViews: views > 0, totalViews: views };
}

interface SectionResult<T> {
  status: SectionStatus;
  reason: string | null;
  value: T;
}

async function guarded<T>(enabled: boolean, noun: string, empty: T, run: () => Promise<T>): Promise<SectionResult<T>> {
  if (!enabled) return { status: 'disabled', reason: DISABLED_REASON, value: empty };
  try {
    return { status: 'ok', reason: null, value: await run() };
  } catch (err) {
    return { status: 'unavailable', reason: unavailableReason(noun, err), value: empty };
  }
}

/** Memoised `overall` calls (the same metric/period is never fetched twice); failures resolve to null. */
function overallFetcher(source: ReportSource) {
  const cache = new Map<string, Promise<OverallValues | null>>();
  return (metric: string, span: Span, measurement: Measurement | null): Promise<OverallValues | null> => {
    const key = `${metric}|${measurement ?? ''}|${span.startEpoch}|${span.endEpoch}`;
    let p = cache.get(key);
    if (!p) {
      p = source
        .overall(metric, span, measurement)
        .then((r) => r.data)
        .catch(() => null);
      cache.set(key, p);
    }
    return p;
  };
}

/** Sub-scores ranked for insights: those that dropped (largest drop first), then the lowest, ties by id. */
export function rankForInsights(subScores: readonly MetricValue[]): string[] {
  const dropped = (m: MetricValue) => m.deltaAbsolute !== null && m.deltaAbsolute < 0;
  return [...subScores]
    .filter((m) => m.value !== null)
    .sort((a, b) => {
      const da = dropped(a);
      const db = dropped(b);
      if (da !== db) return da ? -1 : 1;
      if (da && db && a.deltaAbsolute !== b.deltaAbsolute) return (a.deltaAbsolute ?? 0) - (b.deltaAbsolute ?? 0);
      if (a.value !== b.value) return (a.value ?? 0) - (b.value ?? 0);
      return a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0;
    })
    .map((m) => m.metric);
}

/**
 * Mux refusing a timeframe: a 400/422 validation answer (the retention refusal is one). A plan without filters
 * also answers 400 ("Maximum number of filters for the requested metric is 0", mux-node-sdk #126): that one is
 * about the configuration, not the period.
 */
function refusal(err: unknown): string | null {
  if (!(err instanceof MuxApiError) || (err.status !== 400 && err.status !== 422)) return null;
  if (err.messages.some((m) => /maximum number of filters/i.test(m))) return null;
  return err.messages.join('; ') || `${err.status} ${err.type}`;
}

const EMPTY_SCORECARD: Scorecard = { values: new Map(), views: null, uniqueViewers: null, watchTime: null };

function coreFailure(err: unknown): ReportError {
  return new ReportError(`core scorecard unavailable: ${unavailableReason('scorecards', err)}`, { cause: err });
}

function diffStats(before: SourceStats, after: SourceStats, durationMs: number): Snapshot['cost'] {
  return {
    calls: after.calls - before.calls,
    retries: after.retries - before.retries,
    rateLimited: after.rateLimited - before.rateLimited,
    bytes: after.bytes - before.bytes,
    durationMs: Math.round(durationMs),
  };
}

export async function collectFromSource(opts: CollectFromSourceOptions): Promise<Snapshot> {
  const { report, environment, period, previousPeriod, source } = opts;
  const t0 = performance.now();
  const statsBefore = source.stats();
  const enabled = (id: SectionId): boolean => report.sections[id];
  const plan = planRequest(period, previousPeriod);
  const log = new TimeframeLog(plan);
  const core = log.sourceFor(source, 'core');
  const span = plan.current;
  const previousSpan = plan.previous;

  // 1. Core: both scorecards, or nothing is delivered (but a previous period Mux refuses only loses the comparison).
  const [a, b] = await Promise.allSettled([core.comparison(span), core.comparison(previousSpan)]);
  if (a.status === 'rejected') {
    const refused = refusal(a.reason);
    throw refused === null ? coreFailure(a.reason) : new PeriodRefusedError(period, span, refused, { cause: a.reason });
  }
  const previousRefused = b.status === 'rejected' ? refusal(b.reason) : null;
  if (b.status === 'rejected' && previousRefused === null) throw coreFailure(b.reason);
  const scorecardOf = (r: MuxEnvelope<ComparisonRow[]>): Scorecard => parseScorecard(r.data);
  const cur = scorecardOf(a.value);
  const prev = b.status === 'fulfilled' ? scorecardOf(b.value) : EMPTY_SCORECARD;

  const overall = overallFetcher(core);
  const ctx = (section: SectionId): SectionContext => ({
    source: log.sourceFor(source, section),
    report,
    environment,
    period,
    previousPeriod,
    span,
    previousSpan,
  });

  // Value of metric:measurement for a period: the scorecard, else the overall endpoint (not for a refused period).
  const metricValueIn = async (sc: Scorecard, s: Span, metric: string, measurement: Measurement | null) => {
    const v = sc.values.get(valueKey(metric, measurement));
    if (isNum(v)) return v;
    if (sc === EMPTY_SCORECARD) return null;
    const o = await overall(metric, s, measurement);
    return isNum(o?.value) ? o.value : null;
  };

  // 2. Scores (+ global benchmarks), volume and key metrics.
  const scoresP: Promise<MetricValue[]> = enabled('scores')
    ? Promise.all(
        SCORE_METRICS.map(async (metric) => {
          const [o, value, previous] = await Promise.all([
            overall(metric, span, null),
            metricValueIn(cur, span, metric, null),
            metricValueIn(prev, previousSpan, metric, null),
          ]);
          return buildMetricValue({ metric, value, previous, globalValue: o?.global_value ?? null });
        }),
      )
    : Promise.resolve([]);

  const totalsOf = async (sc: Scorecard, s: Span) => {
    const needsOverall = sc !== EMPTY_SCORECARD && (sc.views === null || sc.watchTime === null);
    const o = needsOverall ? await overall(TREND_METRIC, s, null) : null;
    const unique = sc.uniqueViewers ?? (await metricValueIn(sc, s, 'unique_viewers', null));
    return {
      views: sc.views ?? (isNum(o?.total_views) ? o.total_views : null),
      uniqueViewers: unique,
      watchTime: sc.watchTime ?? o?.total_watch_time ?? o?.total_playing_time ?? null,
    };
  };
  const [curTotals, prevTotals] = await Promise.all([totalsOf(cur, span), totalsOf(prev, previousSpan)]);
  const { hasViews, totalViews } = emptyPeriodCheck(curTotals.views);
  const volume: MetricValue[] = enabled('volume')
    ? [
        buildMetricValue({ metric: 'views', value: curTotals.views, previous: prevTotals.views }),
        buildMetricValue({
          metric: 'unique_viewers',
          value: curTotals.uniqueViewers,
          previous: prevTotals.uniqueViewers,
        }),
        buildMetricValue({ metric: 'playing_time', value: curTotals.watchTime, previous: prevTotals.watchTime }),
      ]
    : [];

  const keyMetricsP: Promise<MetricValue[]> = enabled('keyMetrics')
    ? Promise.all(
        (report.keyMetrics ?? [...DEFAULT_KEY_METRICS]).map(async (ref) => {
          const { metric, measurement } = parseMetricRef(ref);
          const [value, previous] = await Promise.all([
            metricValueIn(cur, span, metric, measurement),
            metricValueIn(prev, previousSpan, metric, measurement),
          ]);
          return buildMetricValue({ metric, measurement, value, previous });
        }),
      )
    : Promise.resolve([]);

  // 3–8. Independent sections, concurrently (the client paces the calls).
  const insightsP = scoresP.then((scores) =>
    guarded(enabled('insights'), 'insights', [] as Snapshot['insights']['items'], async () => {
      // Without the scores section we still rank sub-scores from the scorecards (no extra calls).
      const subs =
        scores.length > 0
          ? scores.slice(1)
          : SCORE_METRICS.slice(1).map((metric) =>
              buildMetricValue({
                metric,
                value: cur.values.get(valueKey(metric, null)),
                previous: prev.values.get(valueKey(metric, null)),
              }),
            );
      const metrics = rankForInsights(subs).slice(0, INSIGHT_METRIC_COUNT);
      return collectInsights(ctx('insights'), metrics);
    }),
  );
  const incidentsP = guarded(
    enabled('incidents'),
    'incidents',
    { opened: 0, resolved: 0, stillOpen: 0, items: [] } as Omit<Snapshot['incidents'], 'status' | 'reason'>,
    () => collectIncidents(ctx('incidents')),
  );
  const errorsP = guarded(
    enabled('errors'),
    'errors',
    { items: [], other: null, totalErrorViews: 0 } as Omit<Snapshot['errors'], 'status' | 'reason'>,
    () => collectErrors(ctx('errors')),
  );
  const breakdownsP = guarded(
    enabled('breakdowns'),
    'breakdowns',
    { items: [] as Snapshot['breakdowns']['items'], partialReason: null as string | null },
    async () => {
      const breakdownCtx = ctx('breakdowns');
      const results = await Promise.allSettled(
        report.breakdownDimensions.map((d) => collectBreakdown(breakdownCtx, d, curTotals.views)),
      );
      const items = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const failures = results.flatMap((r, i) =>
        r.status === 'rejected'
          ? [`${report.breakdownDimensions[i]}: ${unavailableReason('breakdowns', r.reason)}`]
          : [],
      );
      // All dimensions failed → the section is unavailable; some failed → ok, with the failures in `reason`.
      if (items.length === 0 && failures.length > 0) throw (results[0] as PromiseRejectedResult).reason;
      return { items, partialReason: failures.length > 0 ? failures.join('; ') : null };
    },
  );
  const trendP = guarded(enabled('trend'), 'trend', [] as Snapshot['trend']['points'], () =>
    collectTrend(ctx('trend')),
  );
  const failedViewsP =
    report.topN.failedViews === 0 && enabled('failedViews')
      ? Promise.resolve<SectionResult<{ totalFailed: number | null; items: Snapshot['failedViews']['items'] }>>({
          status: 'disabled',
          reason: 'topN.failedViews is 0',
          value: { totalFailed: null, items: [] },
        })
      : guarded(
          enabled('failedViews'),
          'failed views',
          { totalFailed: null as number | null, items: [] as Snapshot['failedViews']['items'] },
          () => collectFailedViews(ctx('failedViews')),
        );

  const [scores, keyMetrics, insights, incidents, errors, breakdowns, trend, failedViews] = await Promise.all([
    scoresP,
    keyMetricsP,
    insightsP,
    incidentsP,
    errorsP,
    breakdownsP,
    trendP,
    failedViewsP,
  ]);

  const coreSection = (id: 'scores' | 'volume' | 'keyMetrics') =>
    enabled(id) ? { status: 'ok' as const, reason: null } : { status: 'disabled' as const, reason: DISABLED_REASON };
  const statuses: Record<SectionId, SectionStatus> = {
    scores: coreSection('scores').status,
    volume: coreSection('volume').status,
    keyMetrics: coreSection('keyMetrics').status,
    insights: insights.status,
    incidents: incidents.status,
    errors: errors.status,
    breakdowns: breakdowns.status,
    trend: trend.status,
    failedViews: failedViews.status,
  };
  // Overall VES for the headline even when the scores section is off (no extra calls: scorecards only).
  const headlineScore =
    scores[0] ??
    buildMetricValue({
      metric: 'viewer_experience_score',
      value: cur.values.get(valueKey('viewer_experience_score', null)),
      previous: prev.values.get(valueKey('viewer_experience_score', null)),
    });

  const generatedAtDate = opts.generatedAt ?? opts.now ?? new Date();
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    report: { id: report.id, title: report.title, cadence: report.cadence, filters: [...report.filters] },
    environment: { name: environment.name, dashboardUrl: environment.dashboardUrl },
    period,
    previousPeriod,
    coverage: buildCoverage({
      log,
      period,
      previousPeriod,
      previousRefused,
      enabled,
      generatedAtMs: generatedAtDate.getTime(),
    }),
    generatedAt: generatedAtDate.toISOString(),
    archiveLocation: opts.archiveLocation ?? null,
    headline: { text: headlineText({ overall: headlineScore, period, hasViews }), totalViews, hasViews },
    sections: Object.fromEntries(SECTION_IDS.map((id) => [id, statuses[id]])) as Snapshot['sections'],
    scores: { ...coreSection('scores'), items: scores },
    volume: { ...coreSection('volume'), items: volume },
    keyMetrics: { ...coreSection('keyMetrics'), items: keyMetrics },
    insights: { status: insights.status, reason: insights.reason, items: insights.value },
    incidents: { status: incidents.status, reason: incidents.reason, ...incidents.value },
    errors: { status: errors.status, reason: errors.reason, ...errors.value },
    breakdowns: {
      status: breakdowns.status,
      reason: breakdowns.reason ?? breakdowns.value.partialReason,
      items: breakdowns.value.items,
    },
    trend: {
      status: trend.status,
      reason: trend.reason,
      metric: TREND_METRIC,
      granularity: trendGranularity(period),
      points: trend.value,
    },
    failedViews: { status: failedViews.status, reason: failedViews.reason, ...failedViews.value },
    cost: diffStats(statsBefore, source.stats(), performance.now() - t0),
  };
  return snapshotSchema.parse(snapshot);
}

export interface CollectReportOptions extends Omit<CollectFromSourceOptions, 'source'> {
  client: MuxClient;
}

/** Collects one report for one period through the shared Mux client. Throws `ReportError` when the core fails. */
export function collectReport(opts: CollectReportOptions): Promise<Snapshot> {
  const { client, ...rest } = opts;
  return collectFromSource({ ...rest, source: muxReportSource(client, opts.report.filters) });
}
