/**
 * Turns one `/metrics/comparison` answer into a lookup of values by `metric:measurement`, plus the volume totals.
 *
 * - Score rows (`type: "score"`) are keyed with the metric's default measurement (avg).
 * - Items without `measurement` are keyed with the catalog default of their metric (e.g. rebuffer_percentage:avg).
 * - Aliases: `smoothness_score` → `rebuffer_score`; the legacy `playback_failure_score` ("Playback Failure Score",
 *   1 = no failures) is used as `playback_success_score` only when the latter is absent.
 * - Totals (the `totals` row of Mux's description): views = `view_count`, unique viewers = `unique_viewers`,
 *   watch time = `watch_time` (falls back to `total_playing_time`).
 */

import { metricDef } from '../catalog/metrics.js';
import { isNum } from '../format/index.js';
import type { ComparisonRow } from '../mux/index.js';

export interface Scorecard {
  values: Map<string, number | null>;
  views: number | null;
  uniqueViewers: number | null;
  watchTime: number | null;
}

export const valueKey = (metric: string, measurement: string | null | undefined): string =>
  `${metric}:${measurement ?? metricDef(metric).defaultMeasurement}`;

const ALIASES: Readonly<Record<string, string>> = { smoothness_score: 'rebuffer_score' };
const FALLBACKS: Readonly<Record<string, string>> = { playback_failure_score: 'playback_success_score' };

const n = (v: number | null | undefined): number | null => (isNum(v) ? v : null);

export function parseScorecard(rows: readonly ComparisonRow[]): Scorecard {
  const values = new Map<string, number | null>();
  const fallbacks = new Map<string, number | null>();
  const put = (metric: string | null | undefined, measurement: string | null | undefined, value: number | null) => {
    if (!metric) return;
    const fallbackFor = FALLBACKS[metric];
    if (fallbackFor) {
      fallbacks.set(valueKey(fallbackFor, measurement), value);
      return;
    }
    const key = valueKey(ALIASES[metric] ?? metric, measurement);
    if (!values.has(key)) values.set(key, value);
  };
  let views: number | null = null;
  let uniqueViewers: number | null = null;
  let watchTime: number | null = null;
  for (const row of rows) {
    if (row.name === 'totals') {
      views = n(row.view_count);
      uniqueViewers = n(row.unique_viewers);
      watchTime = n(row.watch_time) ?? n(row.total_playing_time);
      continue;
    }
    put(row.metric, row.measurement, n(row.value));
    for (const item of row.items ?? []) put(item.metric, item.measurement, n(item.value));
  }
  for (const [key, value] of fallbacks) if (!values.has(key)) values.set(key, value);
  return { values, views, uniqueViewers, watchTime };
}
