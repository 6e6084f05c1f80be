/** Which metrics the history charts: the overall score, views and the report's first three key metrics. */
import { DEFAULT_KEY_METRICS, type Measurement, parseMetricRef } from '../../catalog/metrics.js';

/** Always charted first: the overall score and views. */
const HEADLINE_METRICS = ['viewer_experience_score', 'views'] as const;
/**
 * Key metrics charted after them, at most three: five column charts (sections/chart-kit.ts) of up to 36 months
 * stay within the worst-case email's 96 KiB (bench/measures/render.ts), and five charts are a phone screen.
 */
export const MAX_HISTORY_KEY_METRICS = 3;

export interface HistoryMetric {
  metric: string;
  /** The measurement read and shown; null for the score and views (one measurement each). */
  measurement: Measurement | null;
}

/**
 * The overall score, views, then the first three distinct metrics of the report's `keyMetrics` (the catalog's
 * DEFAULT_KEY_METRICS when unset), each at the first measurement listed: a metric listed twice (startup time at
 * its median and 95th) counts once, so the defaults give startup time (median), rebuffering and failures.
 */
export function historyMetrics(keyMetrics: readonly string[] | undefined): HistoryMetric[] {
  const out: HistoryMetric[] = HEADLINE_METRICS.map((metric) => ({ metric, measurement: null }));
  for (const ref of keyMetrics ?? DEFAULT_KEY_METRICS) {
    if (out.length === HEADLINE_METRICS.length + MAX_HISTORY_KEY_METRICS) break;
    const { metric, measurement } = parseMetricRef(ref);
    if (!out.some((m) => m.metric === metric)) out.push({ metric, measurement });
  }
  return out;
}
