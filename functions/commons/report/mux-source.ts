/**
 * `ReportSource` over the shared `MuxClient`: every metric/errors/views call carries the report's `filters[]`
 * and an explicit epoch `timeframe[]`. Incidents have no filter or timeframe parameter in the API, so they are
 * account-wide and filtered by period client-side (see sections.ts).
 */

import type { Measurement } from '../catalog/metrics.js';
import type { MuxClient } from '../mux/index.js';
import type { ReportSource, SourceResult, Span } from './source.js';

const tf = (s: Span): readonly [number, number] => [s.startEpoch, s.endEpoch];

const result = (env: {
  data: unknown;
  totalRowCount: number | null;
  timeframe: readonly [number, number] | null;
}): SourceResult => ({
  data: env.data,
  totalRowCount: env.totalRowCount,
  timeframe: env.timeframe,
});

export function muxReportSource(client: MuxClient, filters: readonly string[]): ReportSource {
  const f = filters.length > 0 ? { filters } : {};
  return {
    comparison: async (span) => result(await client.metrics.comparison({ timeframe: tf(span), ...f })),
    overall: async (metric, span, measurement) =>
      result(
        await client.metrics.overall(metric, {
          timeframe: tf(span),
          ...f,
          ...(measurement ? { measurement: measurement as Measurement } : {}),
        }),
      ),
    insights: async (metric, span) => result(await client.metrics.insights(metric, { timeframe: tf(span), ...f })),
    breakdown: async (metric, span, o) =>
      result(
        await client.metrics.breakdown(metric, {
          timeframe: tf(span),
          ...f,
          groupBy: o.groupBy,
          orderBy: o.orderBy,
          orderDirection: o.orderDirection,
          limit: o.limit,
          page: 1,
        }),
      ),
    timeseries: async (metric, span, groupBy) =>
      result(await client.metrics.timeseries(metric, { timeframe: tf(span), ...f, groupBy, orderDirection: 'asc' })),
    incidents: async (o) => result(await client.incidents.list({ page: o.page, limit: o.limit })),
    relatedIncidents: async (id, o) => result(await client.incidents.related(id, { limit: o.limit, page: 1 })),
    errors: async (span) => result(await client.errors.list({ timeframe: tf(span), ...f })),
    failedViews: async (span, o) =>
      result(
        await client.videoViews.list({
          timeframe: tf(span),
          ...f,
          errorId: 'any',
          orderDirection: 'desc',
          limit: o.limit,
          page: 1,
        }),
      ),
    stats: () => {
      const s = client.stats();
      return { calls: s.calls, retries: s.retries, rateLimited: s.rateLimited, bytes: s.bytes };
    },
  };
}
