/** Dimensions: `/data/v1/dimensions[/{id}[/elements]]` and the deprecated `/data/v1/filters[/{id}]`. */
import * as z from 'zod';
import { envelopeSchema } from '../envelope.js';
import { listParam, pathSegment, type Timeframe, timeframeParam } from '../query.js';
import type { MuxTransport } from '../transport.js';
import type { OrderDirection } from './metrics.js';

export const dimensionNamesSchema = z.looseObject({
  basic: z.array(z.string()),
  advanced: z.array(z.string()),
});
export type DimensionNames = z.infer<typeof dimensionNamesSchema>;

export const dimensionValueSchema = z.looseObject({
  value: z.string().nullable(),
  total_count: z.number().nullable(),
});
export type DimensionValue = z.infer<typeof dimensionValueSchema>;

export const dimensionNamesResponseSchema = envelopeSchema(dimensionNamesSchema);
export const dimensionValuesResponseSchema = envelopeSchema(z.array(dimensionValueSchema));

export interface DimensionValuesParams {
  timeframe?: Timeframe;
  filters?: readonly string[];
  metricFilters?: readonly string[];
  page?: number;
  limit?: number;
}

export interface DimensionElementsParams extends DimensionValuesParams {
  orderBy?: string;
  orderDirection?: OrderDirection;
}

function valuesQuery(p: DimensionValuesParams) {
  return {
    timeframe: timeframeParam(p.timeframe),
    filters: listParam(p.filters),
    metric_filters: listParam(p.metricFilters),
    page: p.page,
    limit: p.limit,
  };
}

export class Dimensions {
  constructor(private readonly t: MuxTransport) {}

  /** `{ basic, advanced }` dimension ids (valid `filters[]` / `group_by` names). */
  list() {
    return this.t.get('/data/v1/dimensions', {}, dimensionNamesResponseSchema);
  }

  /** Values of one dimension with their view counts (paged). */
  values(dimensionId: string, params: DimensionValuesParams = {}) {
    return this.t.get(
      `/data/v1/dimensions/${pathSegment('dimensionId', dimensionId)}`,
      valuesQuery(params),
      dimensionValuesResponseSchema,
    );
  }

  /** Elements of a trace dimension (e.g. `video_cdn_trace`). */
  elements(dimensionId: string, params: DimensionElementsParams = {}) {
    return this.t.get(
      `/data/v1/dimensions/${pathSegment('dimensionId', dimensionId)}/elements`,
      { ...valuesQuery(params), order_by: params.orderBy, order_direction: params.orderDirection },
      dimensionValuesResponseSchema,
    );
  }
}

/** @deprecated by Mux in favour of `Dimensions`; kept callable. */
export class Filters {
  constructor(private readonly t: MuxTransport) {}

  list() {
    return this.t.get('/data/v1/filters', {}, dimensionNamesResponseSchema);
  }

  values(filterId: string, params: DimensionValuesParams = {}) {
    return this.t.get(
      `/data/v1/filters/${pathSegment('filterId', filterId)}`,
      valuesQuery(params),
      dimensionValuesResponseSchema,
    );
  }
}
