/** The period an on-demand request names (the report and snapshot routes). */
import type { ReportConfig } from '../commons/config/schema.js';
import { HttpError } from '../commons/http/http-error.js';
import { type Period, PeriodError, parsePeriodSpec, scheduledPeriod } from '../commons/period/index.js';

/**
 * The period a spec names (null = the last full period of the report's cadence), as the pipeline's
 * `resolvePeriod` computes it; a bad or unfinished spec is `invalid_field`. Retention is not guessed here:
 * a period Mux no longer has is refused by Mux (`PeriodRefusedError` → `period_out_of_range`, errors.ts).
 */
export function periodOf(report: ReportConfig, spec: string | null, now: Date): Period {
  try {
    return spec === null
      ? scheduledPeriod(report.cadence, now, report.timeZone)
      : parsePeriodSpec(spec, { cadence: report.cadence, timeZone: report.timeZone, now });
  } catch (error) {
    if (error instanceof PeriodError) throw new HttpError(400, 'invalid_field', error.message, 'period');
    throw error;
  }
}
