/** Maps `/data/v1/...` paths to handlers (same paths as api.mux.com). */
import type { Ctx, Envelope } from './context.js';
import { notFound } from './params.js';
import { annotation, type Reply } from './routes-annotations.js';
import * as lists from './routes-lists.js';
import * as metrics from './routes-metrics.js';
import * as mon from './routes-monitoring.js';

/** Throws a 404 ApiError (Mux's shape) when no route matches. Only annotations take other methods than GET. */
export function route(ctx: Ctx): Envelope | Reply {
  const s = ctx.segments;
  const [a, b, c, d] = s;
  const n = s.length;
  if (a === 'annotations' && n <= 2) return annotation(ctx, b);
  if (ctx.method !== 'GET') throw notFound();
  switch (a) {
    case 'metrics':
      if (n === 2 && b === 'comparison') return metrics.comparison(ctx);
      if (n === 3 && b) {
        if (c === 'overall') return metrics.overall(ctx, b);
        if (c === 'timeseries') return metrics.timeseries(ctx, b);
        if (c === 'breakdown') return metrics.breakdown(ctx, b);
        if (c === 'insights') return metrics.insights(ctx, b);
      }
      break;
    case 'incidents':
      if (n === 1) return lists.listIncidents(ctx);
      if (n === 2 && b) return lists.getIncident(ctx, b);
      if (n === 3 && b && c === 'related') return lists.relatedIncidents(ctx, b);
      break;
    case 'errors':
      if (n === 1) return lists.errors(ctx);
      break;
    case 'video-views':
      if (n === 1) return lists.listViews(ctx);
      if (n === 2 && b) return lists.getView(ctx, b);
      break;
    case 'dimensions':
    case 'filters':
      if (n === 1) return lists.dimensionLists(ctx);
      if (n === 2 && b) return lists.dimensionValues(ctx, b);
      if (n === 3 && b && c === 'elements' && a === 'dimensions') return lists.dimensionElements(ctx, b);
      break;
    case 'exports':
      if (n === 1) return lists.exportsLegacy(ctx);
      if (n === 2 && b === 'views') return lists.exportsViews(ctx);
      break;
    case 'monitoring':
    case 'realtime':
      if (n === 2 && b === 'dimensions') return mon.monitoringDimensions(ctx);
      if (n === 2 && b === 'metrics') return mon.monitoringMetrics(ctx);
      if (n === 4 && b === 'metrics' && c) {
        if (d === 'timeseries') return mon.monitoringTimeseries(ctx, c);
        if (d === 'breakdown') return mon.monitoringBreakdown(ctx, c);
        if (d === 'histogram-timeseries') return mon.monitoringHistogram(ctx, c);
        if (d === 'breakdown-timeseries' && a === 'monitoring') return mon.monitoringBreakdownTimeseries(ctx, c);
      }
      break;
  }
  throw notFound();
}

/** Monitoring has its own, stricter rate-limit bucket at Mux. */
export const rateClass = (path: string): 'data' | 'monitoring' =>
  path.startsWith('/data/v1/monitoring') || path.startsWith('/data/v1/realtime') ? 'monitoring' : 'data';
