/**
 * The port with the calls several sections make memoised per report run: a breakdown (the causes section reads the
 * breakdowns section's `viewer_experience_score` breakdowns instead of asking again), the sub-score insights
 * (insights, and causes to order a metric's dimensions), the annotations (causes and trend) and the incident pages
 * (incidents and causes). Same arguments → the same promise, so a call is made once
 * whichever section asks first; a failure is shared too (each section then reports it in its own words).
 * Without it the causes section would cost 4 more calls on the default report (its budget is ≤ 30 in total).
 */
import type { ReportSource } from '../sections/source.js';

function memo<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const cache = new Map<string, Promise<R>>();
  return (...args: A) => {
    const key = JSON.stringify(args);
    let p = cache.get(key);
    if (!p) {
      p = fn(...args);
      cache.set(key, p);
    }
    return p;
  };
}

export function memoSource(source: ReportSource): ReportSource {
  return {
    comparison: (span) => source.comparison(span),
    overall: (metric, span, measurement) => source.overall(metric, span, measurement),
    timeseries: (metric, span, groupBy) => source.timeseries(metric, span, groupBy),
    relatedIncidents: (id, opts) => source.relatedIncidents(id, opts),
    errors: (span) => source.errors(span),
    failedViews: (span, opts) => source.failedViews(span, opts),
    insights: memo((metric, span) => source.insights(metric, span)),
    breakdown: memo((metric, span, opts) => source.breakdown(metric, span, opts)),
    annotations: memo((span, opts) => source.annotations(span, opts)),
    incidents: memo((opts) => source.incidents(opts)),
    stats: () => source.stats(),
  };
}
