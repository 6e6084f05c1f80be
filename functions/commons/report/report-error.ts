import type { Span } from '../period/timeframe.js';
import type { PeriodJson } from './snapshot-schema.js';

/** The report cannot be produced (the core scorecard is missing): nothing must be delivered. */
export class ReportError extends Error {
  override readonly name: string = 'ReportError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const utc = (epochS: number): string => new Date(epochS * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Mux refused the timeframe of the report's own period with a 4xx (typically: older than the data it keeps). The
 * caller picked a period Mux cannot answer for, so it is the caller's to fix: on-demand answers 400
 * `period_out_of_range`, the CLI prints the message. Retention is not guessed here: Mux's answer decides.
 */
export class PeriodRefusedError extends ReportError {
  override readonly name = 'PeriodRefusedError';
  readonly periodKey: string;
  /** Mux's own words (its error messages, joined). */
  readonly muxMessage: string;
  constructor(period: PeriodJson, sent: Span, muxMessage: string, options?: { cause?: unknown }) {
    super(
      `Mux Data refused period ${period.key} (${period.label}, ${period.timeZone}; timeframe ${utc(sent.startEpoch)} – ${utc(sent.endEpoch)}): ${muxMessage}`,
      options,
    );
    this.periodKey = period.key;
    this.muxMessage = muxMessage;
  }
}
