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
import * as z from 'zod';
import type { Cadence } from './schema.js';

export const HISTORY_PERIODS: Readonly<Record<Cadence, number>> = { daily: 14, weekly: 12, monthly: 13 };

export const HISTORY_PERIOD_BOUNDS: Readonly<Record<Cadence, { min: number; max: number }>> = {
  daily: { min: 7, max: 60 },
  weekly: { min: 4, max: 52 },
  monthly: { min: 3, max: 36 },
};

const range = (end: 'min' | 'max'): string =>
  Object.entries(HISTORY_PERIOD_BOUNDS)
    .map(([cadence, b]) => `${cadence} ${b[end]}`)
    .join(', ');
const lowest = Math.min(...Object.values(HISTORY_PERIOD_BOUNDS).map((b) => b.min));
const highest = Math.max(...Object.values(HISTORY_PERIOD_BOUNDS).map((b) => b.max));

export const historyOptionsSchema = z
  .object({
    periods: z
      .number()
      .int('must be a whole number')
      .min(lowest, `must be at least ${lowest} (${range('min')})`)
      .max(highest, `must be at most ${highest} (${range('max')})`)
      .optional()
      .describe(
        `Periods the history reads, this one included: daily 7–60 (default 14), weekly 4–52 (12), monthly 3–36 (13). The email charts them all, one column each.`,
      ),
  })
  .strict();
export type HistoryOptions = z.output<typeof historyOptionsSchema>;

/** Why `periods` does not suit the report's cadence (the schema checks only the widest bounds), or null. */
export function historyPeriodsIssue(cadence: Cadence, periods: number | undefined): string | null {
  // Outside the widest bounds or not whole: the schema said so already (one message per field).
  if (periods === undefined || !Number.isInteger(periods) || periods < lowest || periods > highest) return null;
  const { min, max } = HISTORY_PERIOD_BOUNDS[cadence];
  return periods < min || periods > max
    ? `a ${cadence} report's history is ${min} to ${max} periods (got ${periods})`
    : null;
}

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
