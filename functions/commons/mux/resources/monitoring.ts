/**
 * Near-real-time monitoring (`/data/v1/monitoring/...`, hyphenated metric ids, 24 h window) and its deprecated
 * predecessor `/data/v1/realtime/...` (same shapes). Both draw from the monitoring rate-limit bucket.
 */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';
import { listParam, pathSegment, type Timeframe, timeframeParam } from '../query.js';
import type { MuxTransport } from '../transport.js';
import type { OrderDirection } from './metrics.js';

const num = z.number().nullish();

export const monitoringNameSchema = z.looseObject({ name: z.string(), display_name: z.string().nullish() });
export type MonitoringName = z.infer<typeof monitoringNameSchema>;

export const monitoringBreakdownRowSchema = z.looseObject({
  value: z.string().nullable(),
  display_value: z.string().nullish(),
  metric_value: num,
  concurrent_viewers: num,
  starting_up_viewers: num,
  negative_impact: num,
});
export type MonitoringBreakdownRow = z.infer<typeof monitoringBreakdownRowSchema>;

export const monitoringBreakdownTimeseriesSchema = z.looseObject({
  date: z.string(),
  values: z.array(
    z.looseObject({
      value: z.string().nullish(),
      metric_value: num,
      concurrent_viewers: num,
      starting_up_viewers: num,
    }),
  ),
});

export const monitoringTimeseriesPointSchema = z.looseObject({
  date: z.string(),
  value: num,
  concurrent_viewers: num,
});

export const histogramPointSchema = z.looseObject({
  timestamp: z.string(),
  average: num,
  median: num,
  p95: num,
  sum: num,
  max_percentage: num,
  bucket_values: z.array(z.looseObject({ count: num, percentage: num })),
});

export const histogramMetaSchema = z.looseObject({
  bucket_unit: z.string().nullish(),
  /** The last bucket is open-ended (`end: null`). */
  buckets: z.array(z.looseObject({ start: z.number(), end: z.number().nullable() })),
});

export const monitoringNamesResponseSchema = envelopeSchema(z.array(monitoringNameSchema));
export const monitoringBreakdownResponseSchema = envelopeSchema(z.array(monitoringBreakdownRowSchema));
export const monitoringBreakdownTimeseriesResponseSchema = envelopeSchema(z.array(monitoringBreakdownTimeseriesSchema));
export const monitoringTimeseriesResponseSchema = envelopeSchema(z.array(monitoringTimeseriesPointSchema));
export const histogramTimeseriesResponseSchema = envelopeSchema(z.array(histogramPointSchema), histogramMetaSchema);

export interface MonitoringBreakdownParams {
  dimension: string;
  /** Epoch seconds; default now. */
  timestamp?: number;
  filters?: readonly string[];
  orderBy?: string;
  orderDirection?: OrderDirection;
}

export interface MonitoringBreakdownTimeseriesParams {
  dimension: string;
  /** Window ≤ 10 min within the last 24 h; default the last 60 s. */
  timeframe?: Timeframe;
  /** Default 10, max 100. */
  limit?: number;
  filters?: readonly string[];
  orderBy?: string;
  orderDirection?: OrderDirection;
}

export interface MonitoringTimeseriesParams {
  /** Start, epoch seconds; default 30 min ago. */
  timestamp?: number;
  filters?: readonly string[];
}

class MonitoringBase {
  constructor(
    protected readonly t: MuxTransport,
    protected readonly prefix: '/data/v1/monitoring' | '/data/v1/realtime',
  ) {}

  protected metricPath(metricId: string, op: string): string {
    return `${this.prefix}/metrics/${pathSegment('metricId', metricId)}/${op}`;
  }

  dimensions() {
    return this.t.get(`${this.prefix}/dimensions`, {}, monitoringNamesResponseSchema);
  }

  metrics() {
    return this.t.get(`${this.prefix}/metrics`, {}, monitoringNamesResponseSchema);
  }

  breakdown(metricId: string, params: MonitoringBreakdownParams) {
    return this.t.get(
      this.metricPath(metricId, 'breakdown'),
      {
        dimension: params.dimension,
        timestamp: params.timestamp,
        filters: listParam(params.filters),
        order_by: params.orderBy,
        order_direction: params.orderDirection,
      },
      monitoringBreakdownResponseSchema,
    );
  }

  /** Only `video-startup-time` has a histogram. */
  histogramTimeseries(metricId = 'video-startup-time', params: { filters?: readonly string[] } = {}) {
    return this.t.get(
      this.metricPath(metricId, 'histogram-timeseries'),
      { filters: listParam(params.filters) },
      histogramTimeseriesResponseSchema,
    );
  }

  timeseries(metricId: string, params: MonitoringTimeseriesParams = {}) {
    return this.t.get(
      this.metricPath(metricId, 'timeseries'),
      { timestamp: params.timestamp, filters: listParam(params.filters) },
      monitoringTimeseriesResponseSchema,
    );
  }
}

export class Monitoring extends MonitoringBase {
  constructor(t: MuxTransport) {
    super(t, '/data/v1/monitoring');
  }

  breakdownTimeseries(metricId: string, params: MonitoringBreakdownTimeseriesParams) {
    return this.t.get(
      this.metricPath(metricId, 'breakdown-timeseries'),
      {
        dimension: params.dimension,
        timeframe: timeframeParam(params.timeframe),
        limit: params.limit,
        filters: listParam(params.filters),
        order_by: params.orderBy,
        order_direction: params.orderDirection,
      },
      monitoringBreakdownTimeseriesResponseSchema,
    );
  }
}

/** @deprecated by Mux in favour of `Monitoring`; kept callable (no breakdown-timeseries existed there). */
export class RealTime extends MonitoringBase {
  constructor(t: MuxTransport) {
    super(t, '/data/v1/realtime');
  }
}
