/**
 * Collectors for the non-core sections. Each returns the section's snapshot shape; failures are thrown and turned
 * into `unavailable` by the caller (collect.ts). Every list is sorted with explicit tie-breakers.
 */

import { metricDef } from '../catalog/metrics.js';
import type { EnvironmentConfig, ReportConfig } from '../config/schema.js';
import { formatValue, isNum } from '../format/index.js';
import { type Incident as IncidentRaw, type PlaybackError, paginate } from '../mux/index.js';
import type { Span } from '../period/timeframe.js';
import { incidentUrl, segmentUrl, videoViewUrl } from './dashboard-links.js';
import { dimensionLabel } from './dimensions.js';
import { foldBreakdownRows, foldErrors, type RawError } from './fold.js';
import { classifyIncident, countIncidents, type InPeriod } from './incidents.js';
import type { PeriodJson, Snapshot } from './snapshot-schema.js';
import type { ReportSource } from './source.js';
import { buildTrendPoints, type Granularity } from './trend.js';

type Insight = Snapshot['insights']['items'][number];
type Incident = Snapshot['incidents']['items'][number];
type Breakdown = Snapshot['breakdowns']['items'][number];
type FailedView = Snapshot['failedViews']['items'][number];

export const BREAKDOWN_METRIC = 'viewer_experience_score';
export const TREND_METRIC = 'viewer_experience_score';
export const INCIDENT_PAGE_LIMIT = 100;
export const INCIDENT_MAX_PAGES = 5;
export const MAX_RELATED_CALLS = 3;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const int = (v: number | null | undefined): number => (isNum(v) ? Math.max(0, Math.round(v)) : 0);
const str = (v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

export interface SectionContext {
  source: ReportSource;
  report: ReportConfig;
  environment: EnvironmentConfig;
  /** The local periods: labels, cadence, time zone, and the incident window (incidents have no timeframe). */
  period: PeriodJson;
  previousPeriod: PeriodJson;
  /** The timeframes sent to Mux for them (aligned to its rounding, period/timeframe.ts). */
  span: Span;
  previousSpan: Span;
}

/** Insights for the given metrics (already ranked), segments with ≥ minViews, top N overall, grouped by metric. */
export async function collectInsights(ctx: SectionContext, metrics: readonly string[]): Promise<Insight[]> {
  const perMetric = await Promise.all(
    metrics.map(async (metric) => {
      const res = await ctx.source.insights(metric, ctx.span);
      const rows = res.data;
      const def = metricDef(metric);
      // Mux returns insights already ranked by negative impact; we keep that order (stable for the same data).
      return rows
        .filter((r) => r.filter_column && int(r.total_views) >= Math.max(1, ctx.report.minViews))
        .map(
          (r): Insight => ({
            metric,
            metricLabel: def.label,
            dimension: r.filter_column,
            dimensionValue: r.filter_value ?? '',
            value: isNum(r.metric) ? r.metric : null,
            display: formatValue(def.unit, r.metric),
            negativeImpactScore: isNum(r.negative_impact_score) ? r.negative_impact_score : null,
            views: int(r.total_views),
            url: segmentUrl(ctx.environment, ctx.span, metric, r.filter_column, r.filter_value ?? ''),
          }),
        );
    }),
  );
  // Round-robin so both metrics are represented, then regroup by metric rank for reading.
  const picked: Array<{ rank: number; pos: number; item: Insight }> = [];
  const limit = ctx.report.topN.insights;
  for (let pos = 0; picked.length < limit && perMetric.some((list) => pos < list.length); pos++) {
    perMetric.forEach((list, rank) => {
      const item = list[pos];
      if (item && picked.length < limit) picked.push({ rank, pos, item });
    });
  }
  return picked.sort((a, b) => a.rank - b.rank || a.pos - b.pos).map((p) => p.item);
}

export async function collectIncidents(ctx: SectionContext): Promise<Omit<Snapshot['incidents'], 'status' | 'reason'>> {
  // At most INCIDENT_MAX_PAGES pages (500 incidents): a bound on calls; the rest is left out.
  const { items: all } = await paginate((page, limit) => ctx.source.incidents({ page, limit }), {
    limit: INCIDENT_PAGE_LIMIT,
    maxPages: INCIDENT_MAX_PAGES,
  });
  const inPeriod: Array<{ raw: IncidentRaw; cls: InPeriod }> = [];
  const seen = new Set<string>();
  for (const raw of all) {
    const id = str(raw.id);
    if (id === null || seen.has(id)) continue;
    seen.add(id);
    const cls = classifyIncident(raw, ctx.period);
    if (cls) inPeriod.push({ raw, cls });
  }
  // Newest first, ties by id.
  inPeriod.sort(
    (a, b) =>
      cmp(isoOrNull(b.raw.started_at) ?? '', isoOrNull(a.raw.started_at) ?? '') ||
      cmp(str(a.raw.id) ?? '', str(b.raw.id) ?? ''),
  );
  const openIds = inPeriod
    .filter((i) => i.raw.status === 'open')
    .slice(0, MAX_RELATED_CALLS)
    .map((i) => str(i.raw.id) as string);
  const related = new Map<string, number | null>();
  await Promise.all(
    openIds.map(async (id) => {
      try {
        const res = await ctx.source.relatedIncidents(id, { limit: INCIDENT_PAGE_LIMIT });
        related.set(id, res.totalRowCount ?? res.data.length);
      } catch {
        // A missing related count is not worth losing the section: it stays null.
        related.set(id, null);
      }
    }),
  );
  const items: Incident[] = inPeriod.map(({ raw, cls }) => {
    const id = str(raw.id) as string;
    return {
      id,
      status: raw.status ?? 'unknown',
      severity: raw.severity ?? 'unknown',
      startedAt: isoOrNull(raw.started_at),
      resolvedAt: isoOrNull(raw.resolved_at),
      inPeriod: cls,
      description: raw.description ?? '',
      impact: raw.impact ?? null,
      measurement: raw.measurement ?? null,
      measuredValue: isNum(raw.measured_value) ? raw.measured_value : null,
      threshold: isNum(raw.threshold) ? raw.threshold : null,
      affectedViews: isNum(raw.affected_views) ? Math.round(raw.affected_views) : null,
      breakdowns: (raw.breakdowns ?? [])
        .filter((b) => b.name)
        .map((b) => ({ name: b.name as string, value: str(b.value) ?? '' })),
      relatedCount: related.get(id) ?? null,
      url: incidentUrl(ctx.environment, id),
    };
  });
  return { ...countIncidents(items.map((i) => i.inPeriod)), items };
}

function isoOrNull(v: string | null | undefined): string | null {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function toRawErrors(data: readonly PlaybackError[]): RawError[] {
  return data.map((e) => ({
    id: isNum(e.id) ? Math.round(e.id) : null,
    code: str(e.player_error_code) ?? str(e.code),
    message: e.message ?? null,
    description: e.description ?? null,
    count: int(e.count),
    percentage: isNum(e.percentage) ? e.percentage : null,
    lastSeen: isoOrNull(e.last_seen),
  }));
}

export async function collectErrors(ctx: SectionContext): Promise<Omit<Snapshot['errors'], 'status' | 'reason'>> {
  const [current, previous] = await Promise.all([
    ctx.source.errors(ctx.span).then((r) => toRawErrors(r.data)),
    // The previous period only feeds the "change" column: if it fails, deltas become N/A.
    ctx.source
      .errors(ctx.previousSpan)
      .then((r) => toRawErrors(r.data))
      .catch(() => null),
  ]);
  return foldErrors({ current, previous, topN: ctx.report.topN.errors });
}

export async function collectBreakdown(
  ctx: SectionContext,
  dimension: string,
  totalViews: number | null,
): Promise<Breakdown> {
  const limit = Math.min(100, ctx.report.topN.breakdown * 3);
  const res = await ctx.source.breakdown(BREAKDOWN_METRIC, ctx.span, {
    groupBy: dimension,
    orderBy: 'views',
    orderDirection: 'desc',
    limit,
  });
  const rows = res.data.map((r) => ({
    field: r.field,
    value: isNum(r.value) ? r.value : null,
    views: int(r.views),
    negativeImpact: isNum(r.negative_impact) ? r.negative_impact : null,
  }));
  const complete = res.totalRowCount !== null ? res.totalRowCount <= rows.length : rows.length < limit;
  const def = metricDef(BREAKDOWN_METRIC);
  return {
    dimension,
    dimensionLabel: dimensionLabel(dimension),
    metric: BREAKDOWN_METRIC,
    metricLabel: def.label,
    unit: def.unit,
    // Complete list → shares of the breakdown's own views; partial → of the period's views (rest = Other).
    rows: foldBreakdownRows({
      rows,
      unit: def.unit,
      topN: ctx.report.topN.breakdown,
      minViews: ctx.report.minViews,
      totalViews: complete ? null : totalViews,
      complete,
    }),
    totalSegments: Math.max(res.totalRowCount ?? 0, rows.length),
  };
}

export function trendGranularity(period: PeriodJson): Granularity {
  return period.cadence === 'daily' ? 'hour' : 'day';
}

export async function collectTrend(ctx: SectionContext): Promise<Snapshot['trend']['points']> {
  const granularity = trendGranularity(ctx.period);
  const res = await ctx.source.timeseries(TREND_METRIC, ctx.span, granularity);
  const data = res.data;
  // The buckets of the span the numbers cover: Mux's echo, else what was sent.
  const [startEpoch, endEpoch] = res.timeframe ?? [ctx.span.startEpoch, ctx.span.endEpoch];
  return buildTrendPoints({
    data,
    granularity,
    period: { startEpoch, endEpoch, timeZone: ctx.period.timeZone },
    unit: metricDef(TREND_METRIC).unit,
  });
}

export async function collectFailedViews(
  ctx: SectionContext,
): Promise<{ totalFailed: number | null; items: FailedView[] }> {
  const limit = ctx.report.topN.failedViews;
  const res = await ctx.source.failedViews(ctx.span, { limit });
  const items = res.data
    .filter((r) => r.id)
    .map(
      (r): FailedView => ({
        id: r.id,
        viewStart: isoOrNull(r.view_start),
        viewEnd: isoOrNull(r.view_end),
        videoTitle: r.video_title ?? '',
        country: r.country_code ?? null,
        browser: r.viewer_application_name ?? null,
        os: r.viewer_os_family ?? null,
        errorTypeId: errorTypeId(r.error_type_id),
        errorCode: str(r.player_error_code),
        errorMessage: r.player_error_message ?? null,
        url: videoViewUrl(ctx.environment, r.id),
      }),
    )
    .sort((a, b) => cmp(b.viewEnd ?? '', a.viewEnd ?? '') || cmp(a.id, b.id))
    .slice(0, limit);
  return { totalFailed: res.totalRowCount ?? items.length, items };
}

function errorTypeId(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) ? n : null;
}
