/**
 * Dimensions: `/data/v1/dimensions[/{id}[/elements]]` and the deprecated `/data/v1/filters[/{id}]`. The dimension
 * names are a fixed list checked against the description (config/dimensions.ts); the values of one dimension are
 * listed for fan-out reports (config/fan-out.ts, `values: { top, minViews }`). test/mux/openapi-examples.test.ts
 * keeps the schemas true to Mux's description.
 */
import * as z from 'zod';
import { envelopeSchema, numeric } from '../envelope.js';
import { listParam, pathSegment, type Timeframe, timeframeParam } from '../query.js';
import type { MuxTransport } from '../transport.js';

export const dimensionNamesSchema = z.looseObject({
  basic: z.array(z.string()),
  advanced: z.array(z.string()),
});
export type DimensionNames = z.infer<typeof dimensionNamesSchema>;

export const dimensionValueSchema = z.looseObject({
  value: z.string().nullable(),
  /** A number in the description, a numeric string in recorded responses (resources/metrics.ts `count`). */
  total_count: numeric,
});
export type DimensionValue = z.infer<typeof dimensionValueSchema>;

export const dimensionNamesResponseSchema = envelopeSchema(dimensionNamesSchema);
export const dimensionValuesResponseSchema = envelopeSchema(z.array(dimensionValueSchema));

export interface DimensionValuesParams {
  timeframe: Timeframe;
  filters?: readonly string[];
  /** Rows per page (Mux's `limit`; the description's default is 25). */
  limit?: number;
  /** 1-based page (Mux's `page`); the first when left out. */
  page?: number;
}

export class Dimensions {
  constructor(private readonly t: MuxTransport) {}

  /** `GET /data/v1/dimensions/{id}`: the values with their view counts (one page; most viewed first). */
  values(dimension: string, params: DimensionValuesParams) {
    return this.t.get(
      `/data/v1/dimensions/${pathSegment('dimension', dimension)}`,
      {
        timeframe: timeframeParam(params.timeframe),
        filters: listParam(params.filters),
        limit: params.limit,
        page: params.page,
      },
      dimensionValuesResponseSchema,
    );
  }
}
