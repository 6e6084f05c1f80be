/** Alert incidents (anomaly + threshold): `/data/v1/incidents[/{id}[/related]]`. */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';
import { pathSegment } from '../query.js';
import type { MuxTransport } from '../transport.js';
import type { OrderDirection } from './metrics.js';

const num = z.number().nullish();
const str = z.string().nullish();

export const incidentSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  severity: z.string().nullish(),
  started_at: z.string(),
  resolved_at: str,
  description: str,
  error_description: str,
  impact: str,
  incident_key: str,
  measurement: str,
  /** Percent scale (55.7 = 55.7 %) for `error_rate`. */
  measured_value: num,
  measured_value_on_close: num,
  threshold: num,
  sample_size: num,
  sample_size_unit: str,
  affected_views: num,
  affected_views_per_hour: num,
  affected_views_per_hour_on_open: num,
  breakdowns: z
    .array(
      z.looseObject({ id: z.union([z.string(), z.number()]).nullish(), name: z.string(), value: z.string().nullish() }),
    )
    .nullish(),
  notification_rules: z.array(z.unknown()).nullish(),
  notifications: z
    .array(z.looseObject({ id: z.union([z.number(), z.string()]).nullish(), queued_at: str, attempted_at: str }))
    .nullish(),
});
export type Incident = z.infer<typeof incidentSchema>;

export const incidentListResponseSchema = envelopeSchema(z.array(incidentSchema));
export const incidentResponseSchema = envelopeSchema(incidentSchema);

export type IncidentStatus = 'open' | 'closed' | 'expired';
export type IncidentSeverity = 'warning' | 'alert';

export interface IncidentPageParams {
  /** SDK enum is `negative_impact|value|views|field` (looks copy-pasted; passed through as given). */
  orderBy?: string;
  orderDirection?: OrderDirection;
  page?: number;
  limit?: number;
}

export interface IncidentListParams extends IncidentPageParams {
  status?: IncidentStatus;
  severity?: IncidentSeverity;
}

export class Incidents {
  constructor(private readonly t: MuxTransport) {}

  /** One page; there is no timeframe filter, so page through and filter on `started_at` client-side. */
  list(params: IncidentListParams = {}) {
    return this.t.get(
      '/data/v1/incidents',
      {
        status: params.status,
        severity: params.severity,
        order_by: params.orderBy,
        order_direction: params.orderDirection,
        page: params.page,
        limit: params.limit,
      },
      incidentListResponseSchema,
    );
  }

  related(incidentId: string, params: IncidentPageParams = {}) {
    return this.t.get(
      `/data/v1/incidents/${pathSegment('incidentId', incidentId)}/related`,
      { order_by: params.orderBy, order_direction: params.orderDirection, page: params.page, limit: params.limit },
      incidentListResponseSchema,
    );
  }
}
