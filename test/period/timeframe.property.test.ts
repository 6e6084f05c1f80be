/**
 * The alignment rule (functions/commons/report/timeframe.ts) for random periods in random zones: the bounds sent
 * are boundaries of the class Mux applies to them, each within half a step of its local bound (ties earlier), the
 * current and previous periods share the class, and Mux's rounding leaves them alone in every direction the fake
 * can model (the fake's own implementation of the rule, fake-mux/params.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RoundingDirection, roundTimeframe } from '../../fake-mux/params.js';
import {
  type Period,
  type PeriodCadence,
  parsePeriodSpec,
  previousPeriod,
  scheduledPeriod,
} from '../../functions/commons/period/index.js';
import {
  alignBound,
  alignSpans,
  ROUNDING_CLASSES,
  ROUNDING_STEP_S,
  roundingClassOf,
} from '../../functions/commons/period/timeframe.js';

/** Offsets of every kind: whole hours (±), :30 (Kolkata, St John's, Adelaide), :45 (Kathmandu, Chatham), ±14 h. */
const ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'America/St_Johns',
  'America/Santiago',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Asia/Tehran',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Pacific/Marquesas',
] as const;
const CADENCES: PeriodCadence[] = ['daily', 'weekly', 'monthly'];
const DIRECTIONS: RoundingDirection[] = ['floor', 'ceil', 'nearest', 'outward'];
const FROM = Date.UTC(2016, 0, 1);
const TO = Date.UTC(2034, 11, 31);

const civil = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Calendar periods, custom day ranges and to-date spans ("this-week" ends on a local hour, not a midnight). */
const periodArb: fc.Arbitrary<Period> = fc.oneof(
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      cadence: fc.constantFrom(...CADENCES),
      t: fc.integer({ min: FROM, max: TO }),
    })
    .map(({ zone, cadence, t }) => scheduledPeriod(cadence, new Date(t), zone)),
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      t: fc.integer({ min: FROM, max: TO }),
      days: fc.integer({ min: 1, max: 31 }),
    })
    .map(({ zone, t, days }) =>
      parsePeriodSpec(`${civil(t)}..${civil(t + days * 86_400_000)}`, {
        cadence: 'weekly',
        timeZone: zone,
        now: new Date(TO + 40 * 86_400_000),
      }),
    ),
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      spec: fc.constantFrom('this-week', 'today', 'this-month'),
      t: fc.integer({ min: FROM, max: TO }),
    })
    .chain(({ zone, spec, t }) => {
      try {
        return fc.constant(parsePeriodSpec(spec, { cadence: 'weekly', timeZone: zone, now: new Date(t) }));
      } catch {
        // The first hour of a day/week/month has nothing to report yet.
        return fc.constant(scheduledPeriod('daily', new Date(t), zone));
      }
    }),
);

describe('timeframe alignment (property)', () => {
  it('sends boundaries of the class Mux applies, within half a step of the local bounds, no-ops for Mux', () => {
    fc.assert(
      fc.property(periodArb, (period) => {
        const previous = previousPeriod(period);
        const { rounding, spans } = alignSpans([period, previous]);
        const step = ROUNDING_STEP_S[rounding];
        // One class for both, at least the class each local span needs.
        for (const local of [period, previous]) {
          expect(ROUNDING_CLASSES.indexOf(rounding)).toBeGreaterThanOrEqual(
            ROUNDING_CLASSES.indexOf(roundingClassOf(local.endEpoch - local.startEpoch)),
          );
        }
        [period, previous].forEach((local, i) => {
          const sent = spans[i]!;
          for (const [mine, theirs] of [
            [sent.startEpoch, local.startEpoch],
            [sent.endEpoch, local.endEpoch],
          ] as const) {
            expect(mine % step).toBe(0);
            expect(Math.abs(mine - theirs) * 2).toBeLessThanOrEqual(step);
            // A tie goes to the earlier boundary.
            if (Math.abs(mine - theirs) * 2 === step) expect(mine).toBeLessThan(theirs);
          }
          expect(sent.endEpoch).toBeGreaterThan(sent.startEpoch);
          // Mux picks the class from what it is sent: never coarser than the one aligned to.
          expect(ROUNDING_CLASSES.indexOf(roundingClassOf(sent.endEpoch - sent.startEpoch))).toBeLessThanOrEqual(
            ROUNDING_CLASSES.indexOf(rounding),
          );
          for (const direction of DIRECTIONS) {
            expect(roundTimeframe([sent.startEpoch, sent.endEpoch], direction)).toEqual([
              sent.startEpoch,
              sent.endEpoch,
            ]);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('alignBound: nearest multiple, ties to the earlier one, for any integer and step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -4e9, max: 4e9 }),
        fc.constantFrom(...Object.values(ROUNDING_STEP_S)),
        (t, step) => {
          const b = alignBound(t, step);
          expect(b % step === 0).toBe(true);
          const d = t - b;
          expect(d * 2 >= -step && d * 2 <= step).toBe(true);
          // Equidistant only at a tie, and then the earlier boundary (d = +step/2) is taken.
          if (d * 2 === -step) expect.unreachable('a tie must go to the earlier boundary');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('edge cases: exactly 6 h and 15 days keep their class; the two periods share the coarsest class', () => {
    const H = 3600;
    const D = 86_400;
    const T = Date.UTC(2026, 10, 2) / 1000;
    // Exactly 6 h at :05 → ten-minute class, a tie at :05 goes to :00.
    expect(alignSpans([{ startEpoch: T + 300, endEpoch: T + 6 * H + 300 }])).toEqual({
      rounding: 'ten_minutes',
      spans: [{ startEpoch: T, endEpoch: T + 6 * H }],
    });
    // 5 h 50 from :16 to :06: both bounds move later (:20, :10).
    expect(alignSpans([{ startEpoch: T + 16 * 60, endEpoch: T + 6 * H + 6 * 60 }]).spans[0]).toEqual({
      startEpoch: T + 20 * 60,
      endEpoch: T + 6 * H + 10 * 60,
    });
    // Exactly 15 days at :30 (Kolkata) → hour class, both ties earlier.
    expect(alignSpans([{ startEpoch: T + 1800, endEpoch: T + 15 * D + 1800 }])).toEqual({
      rounding: 'hour',
      spans: [{ startEpoch: T, endEpoch: T + 15 * D }],
    });
    // 15 days − 20 min: its :40 end rounds up to exactly 15 days, still the hour class Mux will apply.
    expect(alignSpans([{ startEpoch: T, endEpoch: T + 15 * D - 20 * 60 }])).toEqual({
      rounding: 'hour',
      spans: [{ startEpoch: T, endEpoch: T + 15 * D }],
    });
    // The current and previous periods share the coarsest class.
    expect(
      alignSpans([
        { startEpoch: T + 1800, endEpoch: T + 7 * D + 1800 },
        { startEpoch: T - 16 * D, endEpoch: T + 1800 },
      ]).rounding,
    ).toBe('day');
  });
});
