/**
 * The period record the rest of the pipeline passes around (and the snapshot archives). It is defined
 * here, not imported from `report/`: periods are a lower layer. `report/snapshot-schema.ts` validates
 * the same shape (`periodSchema`); test/period/period.test.ts checks at compile time that the two stay
 * identical.
 */
export type PeriodCadence = 'daily' | 'weekly' | 'monthly';

export interface Period {
  /** `2026-W46` (weekly), `2026-11-16` (daily), `2026-11` (monthly), `2026-11-02..2026-11-09` or `2026-11-16..2026-11-18T1400` (custom). */
  key: string;
  /** "week of 9 Nov 2026", "16–18 Nov 2026, until 14:00". */
  label: string;
  cadence: PeriodCadence | 'custom';
  timeZone: string;
  /** Local start (inclusive) with its UTC offset: `2026-11-09T00:00:00+01:00`. */
  start: string;
  /** Local end (exclusive) with its UTC offset. */
  end: string;
  /** Epoch seconds (sent to Mux as `timeframe[]`). */
  startEpoch: number;
  endEpoch: number;
}

export class PeriodError extends Error {
  readonly field = 'period';
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}
