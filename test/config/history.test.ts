/** `reports[].history.periods` (config/history.ts): defaults, bounds per cadence, errors that name the field. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HISTORY_PERIOD_BOUNDS, HISTORY_PERIODS, historyPeriodsFor } from '../../functions/commons/config/history.js';
import { ConfigError, parseConfig } from '../../functions/commons/config/load.js';
import { CADENCES } from '../../functions/commons/config/schema.js';
import { minimalReport } from './fixtures.js';

const report = (patch: Record<string, unknown>) => ({
  environments: [{ name: 'demo' }],
  reports: [minimalReport(patch)],
});

function issues(patch: Record<string, unknown>): { path: string; message: string }[] {
  try {
    parseConfig(report(patch), 'x.jsonc');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('history.periods', () => {
  it('defaults to 14 days, 12 weeks, 13 months; absent from the parsed report when not set', () => {
    expect(HISTORY_PERIODS).toEqual({ daily: 14, weekly: 12, monthly: 13 });
    for (const cadence of CADENCES) {
      const r = parseConfig(report({ cadence }), 'x.jsonc').reports[0]!;
      expect(r.history).toBeUndefined();
      expect(historyPeriodsFor(r)).toBe(HISTORY_PERIODS[cadence]);
    }
  });

  it('a configured length is used for the report cadence only (an on-demand month of a daily report: 13)', () => {
    const r = parseConfig(report({ cadence: 'daily', history: { periods: 60 } }), 'x.jsonc').reports[0]!;
    expect(historyPeriodsFor(r)).toBe(60);
    expect(historyPeriodsFor(r, 'daily')).toBe(60);
    expect(historyPeriodsFor(r, 'monthly')).toBe(13);
    expect(historyPeriodsFor(r, 'weekly')).toBe(12);
  });

  it('errors name the field and the bounds of the cadence', () => {
    expect(issues({ history: { periods: 53 } })).toEqual([
      { path: 'reports[r1].history.periods', message: "a weekly report's history is 4 to 52 periods (got 53)" },
    ]);
    expect(issues({ cadence: 'daily', history: { periods: 6 } })).toEqual([
      { path: 'reports[r1].history.periods', message: "a daily report's history is 7 to 60 periods (got 6)" },
    ]);
    expect(issues({ cadence: 'monthly', history: { periods: 37 } })).toEqual([
      { path: 'reports[r1].history.periods', message: "a monthly report's history is 3 to 36 periods (got 37)" },
    ]);
    expect(issues({ history: { periods: 12.5 } })).toEqual([
      { path: 'reports[r1].history.periods', message: 'must be a whole number' },
    ]);
    expect(issues({ history: { periods: 61 } })).toEqual([
      { path: 'reports[r1].history.periods', message: 'must be at most 60 (daily 60, weekly 52, monthly 36)' },
    ]);
    expect(issues({ cadence: 'daily', history: { periods: 0 } })).toEqual([
      { path: 'reports[r1].history.periods', message: 'must be at least 3 (daily 7, weekly 4, monthly 3)' },
    ]);
    expect(issues({ history: { period: 12 } })).toEqual([
      { path: 'reports[r1].history.period', message: 'unknown field; did you mean "periods"?' },
    ]);
  });

  it('any whole number: accepted exactly within its cadence bounds and then used as is, else one error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CADENCES), fc.integer({ min: -5, max: 80 }), (cadence, periods) => {
        const { min, max } = HISTORY_PERIOD_BOUNDS[cadence];
        const patch = { cadence, history: { periods } };
        if (periods >= min && periods <= max) {
          expect(historyPeriodsFor(parseConfig(report(patch), 'x.jsonc').reports[0]!)).toBe(periods);
        } else {
          expect(issues(patch).map((i) => i.path)).toEqual(['reports[r1].history.periods']);
        }
      }),
      { numRuns: 200 },
    );
  });
});
