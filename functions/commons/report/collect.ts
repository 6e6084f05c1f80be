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
 * Each section is a module (functions/commons/sections/<id>/, run by sections/registry.ts): a non-core failure
 * makes its section `unavailable` with a one-line reason and the report still completes. What stays here is what
 * no section owns: the two scorecards and the memoised `overall` calls every section shares, the coverage, the
 * headline and the cost.
 *
 * Every call carries the period's span ALIGNED to Mux's timeframe rounding (period/timeframe.ts: each bound to the
 * nearest boundary of the class, ties earlier, one class for the current and the previous period), so Mux's rounding
 * is a no-op whatever its direction; `coverage` records what was sent and what Mux echoed (coverage.ts).
 * Mux refusing the current period (4xx, e.g. older than its retention) is a `PeriodRefusedError`; refusing only
 * the previous one leaves the report without comparison (deltas N/A), recorded in `coverage.previousPeriod.refused`.
 */
import { performance } from 'node:perf_hooks';
import type { Measurement } from '../catalog/metrics.js';
import type { SectionId } from '../catalog/sections.js';
import type { EnvironmentConfig, ReportConfig } from '../config/schema.js';
import { isNum } from '../format/index.js';
import { type ComparisonRow, MuxApiError, type MuxClient, type MuxEnvelope, type OverallValues } from '../mux/index.js';
import type { SnapshotArchive } from '../sections/archive.js';
import { unavailableReason } from '../sections/reason.js';
import { collectSections, sectionModule, sectionStatuses } from '../sections/registry.js';
import type { Scorecards, SectionContext, Totals, Which } from '../sections/section.js';
import type { ReportSource, SourceStats, Span } from '../sections/source.js';
import { buildMetricValue } from '../snapshot/metric-value.js';
import { buildCoverage, planRequest, TimeframeLog } from './coverage.js';
import { headlineText } from './headline.js';
import { memoSource } from './memo-source.js';
import { muxReportSource } from './mux-source.js';
import { PeriodRefusedError, ReportError } from './report-error.js';
import { parseScorecard, type Scorecard, valueKey } from './scorecard.js';
import { type PeriodJson, SNAPSHOT_SCHEMA_VERSION, type Snapshot, snapshotSchema } from './snapshot-schema.js';

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
  /** The report's archive, read-only (the history section); none: that section is unavailable and says why. */
  archive?: SnapshotArchive | null;
}

/** True when the period has views; a period without views still yields a complete snapshot (`hasViews: false`). */
export function emptyPeriodCheck(totalViews: number | null | undefined): { hasViews: boolean; totalViews: number } {
  const views = isNum(totalViews) ? Math.max(0, Math.round(totalViews)) : 0;
  return { hasViews: views > 0, totalViews: views };
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

const BEFORE_EPOCH = 'Mux Data has no timeframe before the Unix epoch (1970-01-01T00:00:00Z)';

const EMPTY_SCORECARD: Scorecard = { values: new Map(), views: null, uniqueViewers: null, watchTime: null };

/** Any metric's overall answer carries the period's totals; this one is fetched anyway (the headline score). */
const TOTALS_FALLBACK_METRIC = 'viewer_experience_score';

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
  const { report, environment, period, previousPeriod } = opts;
  const source = memoSource(opts.source);
  const t0 = performance.now();
  const statsBefore = source.stats();
  const plan = planRequest(period, previousPeriod);
  const log = new TimeframeLog(plan);
  const core = log.sourceFor(source, 'core');
  const span = plan.current;
  const previousSpan = plan.previous;

  // Mux timeframes are Unix seconds ≥ 0 (the client refuses others as a programming error): a period at the very
  // start of 1970, or its comparison period, is refused here as Mux refuses a period beyond its retention.
  for (const s of [span, previousSpan]) {
    if (s.startEpoch < 0) throw new PeriodRefusedError(period, s, BEFORE_EPOCH);
  }
  // 1. Core: both scorecards, or nothing is delivered (but a previous period Mux refuses only loses the comparison).
  const [a, b] = await Promise.allSettled([core.comparison(span), core.comparison(previousSpan)]);
  if (a.status === 'rejected') {
    const refused = refusal(a.reason);
    throw refused === null ? coreFailure(a.reason) : new PeriodRefusedError(period, span, refused, { cause: a.reason });
  }
  const previousRefused = b.status === 'rejected' ? refusal(b.reason) : null;
  if (b.status === 'rejected' && previousRefused === null) throw coreFailure(b.reason);
  const scorecardOf = (r: MuxEnvelope<ComparisonRow[]>): Scorecard => parseScorecard(r.data);
  const card: Record<Which, Scorecard> = {
    current: scorecardOf(a.value),
    previous: b.status === 'fulfilled' ? scorecardOf(b.value) : EMPTY_SCORECARD,
  };
  const spanOf: Record<Which, Span> = { current: span, previous: previousSpan };

  // 2. What every section reads: the scorecard values, else the overall endpoint (not for a refused period).
  const overall = overallFetcher(core);
  const value = async (which: Which, metric: string, measurement: Measurement | null): Promise<number | null> => {
    const sc = card[which];
    const v = sc.values.get(valueKey(metric, measurement));
    if (isNum(v)) return v;
    if (sc === EMPTY_SCORECARD) return null;
    const o = await overall(metric, spanOf[which], measurement);
    return isNum(o?.value) ? o.value : null;
  };
  const totalsOf = async (which: Which): Promise<Totals> => {
    const sc = card[which];
    const needsOverall = sc !== EMPTY_SCORECARD && (sc.views === null || sc.watchTime === null);
    const o = needsOverall ? await overall(TOTALS_FALLBACK_METRIC, spanOf[which], null) : null;
    const unique = sc.uniqueViewers ?? (await value(which, 'unique_viewers', null));
    return {
      views: sc.views ?? (isNum(o?.total_views) ? o.total_views : null),
      uniqueViewers: unique,
      watchTime: sc.watchTime ?? o?.total_watch_time ?? o?.total_playing_time ?? null,
    };
  };
  const [currentTotals, previousTotals] = await Promise.all([totalsOf('current'), totalsOf('previous')]);
  const scorecardValue = (which: Which, metric: string) => card[which].values.get(valueKey(metric, null));
  const scorecards: Scorecards = {
    value,
    scorecardValue,
    overall: (metric, measurement) => overall(metric, span, measurement),
    totals: { current: currentTotals, previous: previousTotals },
  };
  const { hasViews, totalViews } = emptyPeriodCheck(currentTotals.views);

  // 3. The sections, concurrently (the client paces the calls); core ones are recorded under the scorecard's key.
  const keyOf = (id: SectionId) => (sectionModule(id).core ? 'core' : id);
  const contextFor = (id: SectionId): SectionContext => ({
    source: log.sourceFor(source, keyOf(id)),
    report,
    environment,
    period,
    previousPeriod,
    span,
    previousSpan,
    scorecards,
    archive: opts.archive ?? null,
  });
  const parts = await collectSections(contextFor);

  // Overall VES for the headline even when the scores section is off (no extra calls: scorecards only).
  const headlineScore =
    parts.scores.items[0] ??
    buildMetricValue({
      metric: 'viewer_experience_score',
      value: scorecardValue('current', 'viewer_experience_score'),
      previous: scorecardValue('previous', 'viewer_experience_score'),
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
      keyOf: (id) => (report.sections[id] ? keyOf(id) : null),
      generatedAtMs: generatedAtDate.getTime(),
    }),
    generatedAt: generatedAtDate.toISOString(),
    archiveLocation: opts.archiveLocation ?? null,
    headline: { text: headlineText({ overall: headlineScore, period, hasViews }), totalViews, hasViews },
    sections: sectionStatuses(parts),
    ...parts,
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
