/**
 * `reports[].history: { periods }`: how many periods the history section reads from the archive and keeps in the
 * snapshot (this one included). The normal band uses all of them; the email charts all of them from the first
 * archived one on, one column each (sections/history/view.ts, sections/chart-kit.ts).
 *
 * Defaults: 12 weeks, 14 days, 13 months (a quarter, two weeks, a year and a month). Bounds per cadence:
 * - at least 4 weeks / 7 days / 3 months, shorter says nothing a week-over-week delta does not;
 * - at most 52 weeks / 60 days / 36 months: one listing and ≤ 1 GET per period (+ the same period last year), so
 *   ≤ 61 GETs at 8 in flight, ~0.3 s against s3rver for 52 (bench/measures/history.ts), a few kB of snapshot.
 * A normal band needs 8 archived periods before this one (sections/history/band.ts): fewer periods give none.
 */

import type { Cadence } from './cadence.js';
import type { HistoryOptions } from './history-schema.js';

export type { HistoryOptions } from './history-schema.js';

export const HISTORY_PERIODS: Readonly<Record<Cadence, number>> = { daily: 14, weekly: 12, monthly: 13 };

export const HISTORY_PERIOD_BOUNDS: Readonly<Record<Cadence, { min: number; max: number }>> = {
  daily: { min: 7, max: 60 },
  weekly: { min: 4, max: 52 },
  monthly: { min: 3, max: 36 },
};

/**
 * The periods a report's history shows for a period of `cadence`, this one included: the configured number when
 * it is the report's own cadence (the bounds were checked for it), else that cadence's default (an on-demand run
 * of a daily report for a month must not read 60 months).
 */
export function historyPeriodsFor(
  report: { cadence: Cadence; history?: HistoryOptions | undefined },
  cadence: Cadence = report.cadence,
): number {
  return (cadence === report.cadence ? report.history?.periods : undefined) ?? HISTORY_PERIODS[cadence];
}
