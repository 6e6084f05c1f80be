/**
 * The doctor's schedule arithmetic (cli/doctor/schedule.ts): next run times as EventBridge Scheduler fires them in
 * the report's zone, and emails per run / in the busiest 24 hours for the SES quota check.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { busiest24Hours, emailsPerRun, formatRun, nextRuns } from '../../cli/doctor/schedule.js';
import { configSchema, type ReportConfig, WEEKDAYS } from '../../functions/commons/config/schema.js';

function report(fields: Record<string, unknown>): ReportConfig {
  const config = configSchema.parse({
    environments: [{ name: 'prod' }],
    reports: [{ id: 'r', title: 'R', environment: 'prod', recipients: ['a@acme.io'], from: 'r@acme.io', ...fields }],
  });
  return config.reports[0]!;
}

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];

describe('nextRuns', () => {
  it('gives runs after now, increasing, at the local time, on the weekday / day of month', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom('daily', 'weekly', 'monthly'),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...WEEKDAYS),
        fc.integer({ min: 1, max: 28 }),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        (timeZone, cadence, h, m, weekday, dayOfMonth, now) => {
          const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const r = report({ timeZone, cadence, schedule: { time, weekday, dayOfMonth } });
          const runs = nextRuns(r, now, 3);
          expect(runs.length).toBe(3);
          let previous = now.getTime();
          for (const at of runs) {
            expect(at.epochMilliseconds).toBeGreaterThan(previous);
            previous = at.epochMilliseconds;
            expect([at.hour, at.minute]).toEqual([h, m]);
            expect(at.timeZoneId).toBe(timeZone);
            if (cadence === 'weekly') expect(WEEKDAYS[at.dayOfWeek - 1]).toBe(weekday);
            if (cadence === 'monthly') expect(at.day).toBe(dayOfMonth);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('skips a local time that a DST change skips, as Scheduler does', () => {
    // Paris springs forward on 2027-03-28 at 02:00 → 03:00: 02:30 does not exist that day.
    const r = report({ cadence: 'daily', timeZone: 'Europe/Paris', schedule: { time: '02:30' } });
    const runs = nextRuns(r, new Date('2027-03-27T12:00:00Z'), 2).map((z) => z.toPlainDate().toString());
    expect(runs).toEqual(['2027-03-29', '2027-03-30']);
  });

  it('has none for a report whose schedule is off, and formats a run with its UTC time', () => {
    expect(nextRuns(report({ schedule: { enabled: false } }), new Date(), 3)).toEqual([]);
    const at = Temporal.ZonedDateTime.from('2026-12-14T08:00[Europe/Paris]');
    expect(formatRun(at)).toBe('Mon 2026-12-14 08:00 Europe/Paris (07:00 UTC)');
  });
});

describe('emails per run and the busiest 24 hours', () => {
  it('counts recipients, listed fan-out values and top-N fan-outs', () => {
    expect(emailsPerRun(report({ recipients: ['a@acme.io', 'b@acme.io'] }))).toBe(2);
    const listed = report({
      fanOut: {
        dimension: 'sub_property_id',
        values: ['x', 'y', 'z'],
        recipients: { x: ['1@x.io', '2@x.io', '3@x.io'] },
      },
    });
    expect(emailsPerRun(listed)).toBe(3 + 1 + 1);
    const top = report({
      fanOut: { dimension: 'sub_property_id', values: { top: 10 }, recipients: { x: ['1@x.io', '2@x.io'] } },
    });
    expect(emailsPerRun(top)).toBe(2 + 9 * 1);
    expect(
      emailsPerRun(report({ recipients: [], from: undefined, channels: [{ type: 'slack', webhookSecret: 's' }] })),
    ).toBe(0);
  });

  it('adds the reports that run within the same 24 hours', () => {
    const daily = { ...report({ cadence: 'daily', schedule: { time: '06:00' } }), id: 'daily' };
    const weekly = {
      ...report({ cadence: 'weekly', recipients: ['a@acme.io', 'b@acme.io'], schedule: { time: '08:00' } }),
      id: 'weekly',
    };
    const busiest = busiest24Hours([daily, weekly], new Date('2026-12-07T10:00:00Z'));
    // Monday 06:00 daily (1) + Monday 08:00 weekly (2); the next daily run is 24 hours later, outside the window.
    expect(busiest.emails).toBe(3);
    expect(busiest.reports).toEqual(expect.arrayContaining([{ id: 'weekly', emails: 2 }]));
  });
});
