/**
 * Near-real-time monitoring (`/data/v1/monitoring/...`, hyphenated metric ids, 24 h window), drawn from the
 * monitoring rate-limit bucket. Methods for what the live view calls (live/view.ts); the schemas of the other
 * monitoring operations and of the deprecated `/data/v1/realtime/...` (same shapes) stay, checked against Mux's
 * description by test/mux/openapi-examples.test.ts.
 */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';
import { listParam, pathSegment } from '../query.js';
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

export interface MonitoringTimeseriesParams {
  /** Start, epoch seconds; default 30 min ago. */
  timestamp?: number;
  filters?: readonly string[];
}

export class Monitoring {
  constructor(private readonly t: MuxTransport) {}

  private metricPath(metricId: string, op: string): string {
    return `/data/v1/monitoring/metrics/${pathSegment('metricId', metricId)}/${op}`;
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
