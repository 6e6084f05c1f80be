/**
 * `ReportSource` over the shared `MuxClient`: every metric/errors/views call carries the report's `filters[]`
 * and an explicit epoch `timeframe[]`. Incidents have no filter or timeframe parameter in the API, so they are
 * account-wide and filtered by period client-side (see sections/incidents).
 */
import type { MuxClient } from '../mux/index.js';
import type { ReportSource, Span } from '../sections/source.js';

const tf = (s: Span): readonly [number, number] => [s.startEpoch, s.endEpoch];

export function muxReportSource(client: MuxClient, filters: readonly string[]): ReportSource {
  const f = filters.length > 0 ? { filters } : {};
  return {
    comparison: (span) => client.metrics.comparison({ timeframe: tf(span), ...f }),
    overall: (metric, span, measurement) =>
      client.metrics.overall(metric, { timeframe: tf(span), ...f, ...(measurement ? { measurement } : {}) }),
    insights: (metric, span) => client.metrics.insights(metric, { timeframe: tf(span), ...f }),
    breakdown: (metric, span, o) =>
      client.metrics.breakdown(metric, {
        timeframe: tf(span),
        ...f,
        groupBy: o.groupBy,
        orderBy: o.orderBy,
        orderDirection: o.orderDirection,
        limit: o.limit,
        page: 1,
        ...(o.measurement ? { measurement: o.measurement } : {}),
      }),
    timeseries: (metric, span, groupBy) =>
      client.metrics.timeseries(metric, { timeframe: tf(span), ...f, groupBy, orderDirection: 'asc' }),
    incidents: (o) => client.incidents.list({ page: o.page, limit: o.limit }),
    relatedIncidents: (id, o) => client.incidents.related(id, { limit: o.limit, page: 1 }),
    errors: (span) => client.errors.list({ timeframe: tf(span), ...f }),
    // Annotations have no filters parameter: they are the environment's.
    annotations: (span, o) =>
      client.annotations.list({ timeframe: tf(span), orderDirection: 'asc', limit: o.limit, page: 1 }),
    failedViews: (span, o) =>
      client.videoViews.list({
        timeframe: tf(span),
        ...f,
        errorId: 'any',
        orderDirection: 'desc',
        limit: o.limit,
        page: 1,
      }),
    stats: () => {
      const s = client.stats();
      return { calls: s.calls, retries: s.retries, rateLimited: s.rateLimited, bytes: s.bytes };
    },
  };
}
