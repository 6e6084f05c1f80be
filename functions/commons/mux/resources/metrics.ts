/** Historical metrics: `/data/v1/metrics/{METRIC_ID}/{overall,insights,breakdown,timeseries}` and `/comparison`. */
import * as z from 'zod';
import type { Measurement } from '../../catalog/metrics.js';
import { envelopeSchema, numeric } from '../envelope.js';
import { listParam, pathSegment, type Timeframe, timeframeParam } from '../query.js';
import type { MuxTransport } from '../transport.js';

export type { Measurement };
export type OrderDirection = 'asc' | 'desc';
export type BreakdownOrderBy = 'negative_impact' | 'value' | 'views' | 'field';
export type Granularity = 'minute' | 'ten_minutes' | 'hour' | 'day';

export interface MetricScope {
  /** Always send it: Mux's default window is undocumented. */
  timeframe: Timeframe;
  /** `dim:value` / `!dim:value` (AND across dimensions, OR within one). */
  filters?: readonly string[];
  /** e.g. `aggregate_startup_time>=1000`. */
  metricFilters?: readonly string[];
  /** Omitted → the metric's default measurement. */
  measurement?: Measurement;
}

export interface BreakdownParams extends MetricScope {
  /** The breakdown dimension (`country`, `browser`, `video_title`…). */
  groupBy: string;
  orderBy?: BreakdownOrderBy;
  orderDirection?: OrderDirection;
  page?: number;
  limit?: number;
}

export interface TimeseriesParams extends MetricScope {
  /** Always set it: Mux's default depends on the window length and "is subject to change". */
  groupBy?: Granularity;
  orderDirection?: OrderDirection;
}

export interface InsightsParams extends MetricScope {
  orderDirection?: OrderDirection;
}

export interface ComparisonParams {
  timeframe: Timeframe;
  filters?: readonly string[];
  metricFilters?: readonly string[];
  /** With `value`: the scorecard of one segment (e.g. `browser` / `Safari`). */
  dimension?: string;
  value?: string;
}

const num = z.number().nullish();
/**
 * Counts that real responses recorded from Mux carry as numeric strings (the official Node SDK's integration
 * recordings, mux-go issue #16: `"total_views": "1234"`, `"negative_impact": "3"`) although the description types
 * them as numbers: accepted and normalised, like the timeseries rows, instead of failing the whole response.
 */
const count = numeric.optional();

export const overallValuesSchema = z.looseObject({
  value: z.number().nullable(),
  total_views: count,
  total_watch_time: num,
  total_playing_time: num,
  global_value: num,
});
export type OverallValues = z.infer<typeof overallValuesSchema>;

export const insightSchema = z.looseObject({
  filter_column: z.string(),
  filter_value: z.string().nullable(),
  metric: z.number().nullable(),
  negative_impact_score: z.number().nullable(),
  total_views: count,
  total_watch_time: num,
  total_playing_time: num,
});
export type Insight = z.infer<typeof insightSchema>;

export const breakdownValueSchema = z.looseObject({
  field: z.string().nullable(),
  value: z.number().nullable(),
  views: num,
  negative_impact: count,
  total_watch_time: num,
  total_playing_time: num,
});
export type BreakdownValue = z.infer<typeof breakdownValueSchema>;

/**
 * `[interval start ISO-8601 UTC, value | null, views with a valid value | null]`, with value and views as numbers.
 * Mux sends both as strings (`["2021-01-07T14:00:00Z", "0.8743536882994202", "154240"]`, the description's example)
 * or as numbers / null (empty buckets are `[time, null, null]`); `numeric` normalises them to numbers.
 * Deliberately a 3-tuple although the description types the row as an array of `string | integer | number`:
 * the operation's own text documents exactly these three elements, and a longer or shorter row is a shape change
 * we want to fail on, naming the row.
 */
export const timeseriesPointSchema = z.tuple([z.string(), numeric, numeric]);
/** A parsed row: `[iso, value, views]` with numbers (never strings) or null. */
export type TimeseriesPoint = z.output<typeof timeseriesPointSchema>;

export const comparisonItemSchema = z.looseObject({
  name: z.string().nullish(),
  metric: z.string().nullish(),
  type: z.string().nullish(),
  value: z.number().nullish(),
  measurement: z.string().nullish(),
});

export const comparisonRowSchema = z.looseObject({
  name: z.string(),
  metric: z.string().nullish(),
  type: z.string().nullish(),
  value: z.number().nullish(),
  measurement: z.string().nullish(),
  items: z.array(comparisonItemSchema).nullish(),
  view_count: num,
  watch_time: num,
  total_playing_time: num,
  unique_viewers: num,
  started_views: num,
  ended_views: num,
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export const overallResponseSchema = envelopeSchema(overallValuesSchema);
export const insightsResponseSchema = envelopeSchema(z.array(insightSchema));
export const breakdownResponseSchema = envelopeSchema(z.array(breakdownValueSchema));
export const timeseriesResponseSchema = envelopeSchema(z.array(timeseriesPointSchema));
export const comparisonResponseSchema = envelopeSchema(z.array(comparisonRowSchema));

function scope(p: MetricScope | ComparisonParams) {
  return {
    timeframe: timeframeParam(p.timeframe),
    filters: listParam(p.filters),
    metric_filters: listParam(p.metricFilters),
  };
}

export class Metrics {
  constructor(private readonly t: MuxTransport) {}

  private path(metricId: string, op: string): string {
    return `/data/v1/metrics/${pathSegment('metricId', metricId)}/${op}`;
  }

  /** Overall value + total views/watch time + Mux global benchmark (`global_value`). */
  overall(metricId: string, params: MetricScope) {
    return this.t.get(
      this.path(metricId, 'overall'),
      { ...scope(params), measurement: params.measurement },
      overallResponseSchema,
    );
  }

  /** Worst segments across all dimensions, by negative impact. Not paginated. */
  insights(metricId: string, params: InsightsParams) {
    return this.t.get(
      this.path(metricId, 'insights'),
      { ...scope(params), measurement: params.measurement, order_direction: params.orderDirection },
      insightsResponseSchema,
    );
  }

  /** One page of values of `groupBy` (Mux default page size 25). */
  breakdown(metricId: string, params: BreakdownParams) {
    return this.t.get(
      this.path(metricId, 'breakdown'),
      {
        group_by: params.groupBy,
        ...scope(params),
        measurement: params.measurement,
        order_by: params.orderBy,
        order_direction: params.orderDirection,
        page: params.page,
        limit: params.limit,
      },
      breakdownResponseSchema,
    );
  }

  timeseries(metricId: string, params: TimeseriesParams) {
    return this.t.get(
      this.path(metricId, 'timeseries'),
      {
        ...scope(params),
        measurement: params.measurement,
        group_by: params.groupBy,
        order_direction: params.orderDirection,
      },
      timeseriesResponseSchema,
    );
  }

  /** The whole scorecard (totals + every score with its component metrics) in one call. SDK name: `metrics.list`. */
  comparison(params: ComparisonParams) {
    return this.t.get(
      '/data/v1/metrics/comparison',
      { ...scope(params), dimension: params.dimension, value: params.value },
      comparisonResponseSchema,
    );
  }
}
