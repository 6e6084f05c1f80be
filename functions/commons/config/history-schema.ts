/**
 * The zod schema of `reports[].history` (config/schema.ts; what it means: ./history.ts). Apart from the periods the
 * functions read at run time (./history.ts), so that only the validator of a configuration (load.ts) builds it.
 */
import * as z from 'zod';
import type { Cadence } from './cadence.js';
import { HISTORY_PERIOD_BOUNDS } from './history.js';

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
