/** /data/v1/metrics/... : overall, timeseries, breakdown, insights, comparison — all derived from one universe. */
import { KNOWN_DIMENSIONS, METRICS, type Measurement } from './catalog.js';
import { buildMask, type Ctx, type Envelope, envelope, iso } from './context.js';
import { globalValue, metricValue } from './metrics.js';
import {
  invalid,
  parseEnum,
  parseFilters,
  parseMeasurement,
  parseMetricFilters,
  parsePaging,
  parseTimeframe,
  requireDimension,
  requireMetric,
  type Timeframe,
} from './params.js';
import { type Agg, F, INSIGHT_DIMENSIONS } from './universe.js';

interface Common {
  tf: Timeframe;
  mask: Uint8Array;
  hours: number;
}

function common(ctx: Ctx, extra: ReturnType<typeof parseFilters> = []): Common {
  const tf = parseTimeframe(ctx);
  const filters = [...parseFilters(ctx.query), ...extra];
  parseMetricFilters(ctx.query);
  return { tf, mask: buildMask(ctx.universe, filters), hours: (tf[1] - tf[0]) / 3600 };
}

const total = (ctx: Ctx, c: Common): Agg => ctx.universe.sum(c.tf[0], c.tf[1], ctx.nowSec, c.mask);

/**
 * `meta.aggregation` is the view time a metric is bucketed on: every example in Mux's description says
 * `view_end`. The fake buckets every view on its end time (Mux buckets engagement metrics on view start).
 */
const AGGREGATION = { aggregation: 'view_end' } as const;

/** Signed drag of a segment on the overall value: negative = the segment makes the metric worse. */
function impact(metric: string, overall: number | null, value: number | null, views: number): number {
  if (overall === null || value === null) return 0;
  const dir = METRICS.get(metric)?.direction ?? 'neutral';
  return (dir === 'lower_is_better' ? overall - value : value - overall) * views;
}

export function overall(ctx: Ctx, metric: string): Envelope {
  requireMetric(metric);
  const measurement = parseMeasurement(ctx.query, metric);
  const c = common(ctx);
  const agg = total(ctx, c);
  return envelope(
    {
      // Deliberately null for a window without views although the description types `value` as a number: the
      // report must tell "no data" from 0 (fake-mux/README.md, Known simplifications).
      value: metricValue(metric, measurement, agg, c.hours),
      total_watch_time: agg[F.WATCH],
      total_views: agg[F.V],
      total_playing_time: agg[F.PLAY],
      global_value: globalValue(metric, measurement),
    },
    null,
    c.tf,
    AGGREGATION,
  );
}

const GRANULARITY = { minute: 60, ten_minutes: 600, hour: 3600, day: 86_400 } as const;
type Granularity = keyof typeof GRANULARITY;
const MAX_POINTS = 20_000;

function defaultGranularity(seconds: number): Granularity {
  if (seconds < 90 * 60) return 'minute';
  if (seconds <= 6 * 3600) return 'ten_minutes';
  if (seconds <= 15 * 86_400) return 'hour';
  return 'day';
}

export function timeseries(ctx: Ctx, metric: string): Envelope {
  requireMetric(metric);
  const measurement = parseMeasurement(ctx.query, metric);
  const c = common(ctx);
  const granularity = parseEnum(
    ctx.query,
    'group_by',
    Object.keys(GRANULARITY) as Granularity[],
    defaultGranularity(c.tf[1] - c.tf[0]),
  );
  const direction = parseEnum(ctx.query, 'order_direction', ['asc', 'desc'] as const, 'asc');
  const size = GRANULARITY[granularity];
  const first = Math.floor(c.tf[0] / size) * size;
  if ((c.tf[1] - first) / size > MAX_POINTS) {
    throw invalid(
      `Too many data points for group_by=${granularity} over this timeframe (max ${MAX_POINTS}); use a coarser granularity`,
    );
  }
  const rows: Array<[string, string | null, string | null]> = [];
  for (let b = first; b < c.tf[1]; b += size) {
    const agg = ctx.universe.sumRange(Math.max(b, c.tf[0]), Math.min(b + size, c.tf[1]), ctx.nowSec, c.mask);
    const views = agg[F.V]!;
    const value = views === 0 ? null : metricValue(metric, measurement, agg, size / 3600);
    // Mux sends value and views as strings (the description's example: ["…T14:00:00Z", "0.87…", "154240"]) and
    // [time, null, null] for empty buckets (seed example).
    rows.push([iso(b), value === null ? null : String(value), views === 0 ? null : String(views)]);
  }
  if (direction === 'desc') rows.reverse();
  return envelope(rows, rows.length, c.tf, { granularity, ...AGGREGATION });
}

type OrderBy = 'negative_impact' | 'value' | 'views' | 'field';

/**
 * `group_by` is optional in the description and Mux does not document what an omitted one means. The fake's
 * choice: no grouping, i.e. one row for all views with `field: null` (the description makes `field` nullable),
 * so overall == Σ breakdown still holds.
 */
const NO_GROUPING = '';

export function breakdown(ctx: Ctx, metric: string): Envelope {
  requireMetric(metric);
  const measurement = parseMeasurement(ctx.query, metric);
  const groupBy = ctx.query.get('group_by');
  const dim = groupBy === null || groupBy === '' ? NO_GROUPING : requireDimension(groupBy, 'group_by');
  const c = common(ctx);
  const orderBy = parseEnum(
    ctx.query,
    'order_by',
    ['negative_impact', 'value', 'views', 'field'] as OrderBy[],
    'negative_impact',
  );
  const defaultDir = orderBy === 'negative_impact' || orderBy === 'field' ? 'asc' : 'desc';
  const direction = parseEnum(ctx.query, 'order_direction', ['asc', 'desc'] as const, defaultDir);
  const { page, limit } = parsePaging(ctx.query);
  const all = total(ctx, c);
  const overallValue = metricValue(metric, measurement, all, c.hours);
  const groups =
    dim !== NO_GROUPING
      ? ctx.universe.groupBy(c.tf[0], c.tf[1], ctx.nowSec, c.mask, dim)
      : new Map<string, Agg>(all[F.V]! > 0 ? [[NO_GROUPING, all]] : []);
  const rows = [...groups].map(([field, agg]) => {
    const value = metricValue(metric, measurement, agg, c.hours);
    return {
      views: agg[F.V]!,
      value,
      total_watch_time: agg[F.WATCH]!,
      total_playing_time: agg[F.PLAY]!,
      negative_impact: 0,
      field,
      score: impact(metric, overallValue, value, agg[F.V]!),
    };
  });
  // negative_impact is a rank: 1 = the segment that drags the metric down the most.
  [...rows]
    .sort((a, b) => a.score - b.score || a.field.localeCompare(b.field))
    .forEach((r, i) => {
      r.negative_impact = i + 1;
    });
  const key = (r: (typeof rows)[number]): number | string =>
    orderBy === 'field'
      ? r.field
      : orderBy === 'views'
        ? r.views
        : orderBy === 'value'
          ? (r.value ?? -Infinity)
          : r.negative_impact;
  rows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const cmp = typeof ka === 'string' ? ka.localeCompare(kb as string) : ka - (kb as number);
    return (direction === 'asc' ? cmp : -cmp) || a.field.localeCompare(b.field);
  });
  const data = rows
    .slice((page - 1) * limit, page * limit)
    .map(({ score: _score, field, ...r }) => ({ ...r, field: dim === NO_GROUPING ? null : field }));
  return envelope(data, rows.length, c.tf, AGGREGATION);
}

export function insights(ctx: Ctx, metric: string): Envelope {
  requireMetric(metric);
  const measurement = parseMeasurement(ctx.query, metric);
  const c = common(ctx);
  const direction = parseEnum(ctx.query, 'order_direction', ['asc', 'desc'] as const, 'asc');
  const all = total(ctx, c);
  const overallValue = metricValue(metric, measurement, all, c.hours);
  const minViews = Math.max(5, all[F.V]! * 0.005);
  const rows: Array<
    Record<string, unknown> & { negative_impact_score: number; filter_column: string; filter_value: string }
  > = [];
  for (const dim of INSIGHT_DIMENSIONS) {
    for (const [field, agg] of ctx.universe.groupBy(c.tf[0], c.tf[1], ctx.nowSec, c.mask, dim)) {
      if (agg[F.V]! < minViews) continue;
      const value = metricValue(metric, measurement, agg, c.hours);
      const score = impact(metric, overallValue, value, agg[F.V]!);
      if (!(score < 0)) continue;
      rows.push({
        total_watch_time: agg[F.WATCH]!,
        total_views: agg[F.V]!,
        total_playing_time: agg[F.PLAY]!,
        negative_impact_score: score,
        metric: value,
        filter_value: field,
        filter_column: dim,
      });
    }
  }
  rows.sort(
    (a, b) =>
      (direction === 'asc'
        ? a.negative_impact_score - b.negative_impact_score
        : b.negative_impact_score - a.negative_impact_score) ||
      a.filter_column.localeCompare(b.filter_column) ||
      a.filter_value.localeCompare(b.filter_value),
  );
  return envelope(rows, rows.length, c.tf, AGGREGATION);
}

type ItemType = 'percentage' | 'milliseconds' | 'number' | 'per_minute' | 'score' | 'mbps';
const MEASUREMENT_LABEL: Record<string, string> = { median: 'median', '95th': '95th %', avg: 'average' };

/** The seed's scorecard layout (mux-elixir fixture), including the legacy playback_failure_score naming. */
const SCORECARD: Array<{
  name: string;
  metric: string;
  source: string;
  items: Array<[string, string, ItemType, Measurement[] | null]>;
}> = [
  { name: 'Overall Score', metric: 'viewer_experience_score', source: 'viewer_experience_score', items: [] },
  {
    name: 'Playback Failure Score',
    metric: 'playback_failure_score',
    source: 'playback_success_score',
    items: [['Playback Failure Percentage', 'playback_failure_percentage', 'percentage', null]],
  },
  {
    name: 'Startup Time Score',
    metric: 'startup_time_score',
    source: 'startup_time_score',
    items: [
      ['Video Startup Time', 'video_startup_time', 'milliseconds', ['median', '95th']],
      ['Player Startup Time', 'player_startup_time', 'milliseconds', ['median', '95th']],
      ['Page Load Time', 'page_load_time', 'milliseconds', ['median', '95th']],
      ['Aggregate Startup Time', 'aggregate_startup_time', 'milliseconds', ['median', '95th']],
      ['Seek Latency', 'seek_latency', 'milliseconds', null],
      ['Exits Before Video Start', 'exits_before_video_start', 'percentage', null],
    ],
  },
  {
    name: 'Rebuffer Score',
    metric: 'rebuffer_score',
    source: 'rebuffer_score',
    items: [
      ['Rebuffer Percentage', 'rebuffer_percentage', 'percentage', null],
      ['Rebuffer Frequency', 'rebuffer_frequency', 'per_minute', null],
      ['Rebuffer Duration', 'rebuffer_duration', 'milliseconds', ['median', '95th']],
      ['Rebuffer Count', 'rebuffer_count', 'number', ['median', '95th']],
    ],
  },
  {
    name: 'Video Quality Score',
    metric: 'video_quality_score',
    source: 'video_quality_score',
    items: [
      ['Upscale Percentage', 'upscale_percentage', 'percentage', ['median', '95th', 'avg']],
      ['Downscale Percentage', 'downscale_percentage', 'percentage', ['median', '95th', 'avg']],
      ['Max Upscale Percentage', 'max_upscale_percentage', 'percentage', ['median', '95th']],
      ['Max Downscale Percentage', 'max_downscale_percentage', 'percentage', ['median', '95th']],
      ['Weighted Average Bitrate', 'weighted_average_bitrate', 'mbps', ['median', '95th']],
    ],
  },
];

export function comparison(ctx: Ctx): Envelope {
  const dimension = ctx.query.get('dimension');
  const value = ctx.query.get('value');
  if ((dimension === null) !== (value === null)) throw invalid('dimension and value must be provided together');
  const extra =
    dimension !== null
      ? [
          {
            dim: requireDimension(dimension, 'dimension', KNOWN_DIMENSIONS),
            negate: false,
            op: 'eq' as const,
            value: value!,
          },
        ]
      : [];
  if (ctx.query.has('measurement')) throw invalid('measurement is not supported on the comparison endpoint');
  const c = common(ctx, extra);
  const agg = total(ctx, c);
  const views = agg[F.V]!;
  const mv = (metric: string, m: Measurement) => metricValue(metric, m, agg, c.hours);
  const data: unknown[] = [
    {
      watch_time: agg[F.WATCH]!,
      view_count: views,
      name: 'totals',
      total_playing_time: agg[F.PLAY]!,
      unique_viewers: views === 0 ? 0 : mv('unique_viewers', 'count'),
      started_views: views - agg[F.EBVS]! - agg[F.SF]!,
      ended_views: views,
    },
  ];
  for (const group of SCORECARD) {
    const value = mv(group.source, 'avg');
    // A segment without views has no score: the description's `Score.value` is a number, not nullable, and not
    // required, so the fake leaves it out (item values are nullable and stay null).
    const row: Record<string, unknown> = {
      ...(value === null ? {} : { value }),
      type: 'score',
      name: group.name,
      metric: group.metric,
    };
    if (group.items.length > 0) {
      row.items = group.items.flatMap(([name, metric, type, measurements]) =>
        measurements === null
          ? [{ value: mv(metric, METRICS.get(metric)!.defaultMeasurement), type, name, metric }]
          : measurements.map((m) => ({
              value: mv(metric, m),
              type,
              name: `${name} (${MEASUREMENT_LABEL[m]})`,
              metric,
              measurement: m,
            })),
      );
    }
    data.push(row);
  }
  return envelope(data, null, c.tf);
}
