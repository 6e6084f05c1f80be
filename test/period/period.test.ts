import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  formatLocalIso,
  instantOfLocal,
  isoWeekOf,
  isoWeeksInYear,
  localFields,
  offsetSecondsAt,
  type Period,
  PeriodError,
  parsePeriodSpec,
  previousPeriod,
  scheduledPeriod,
  startOfLocalDay,
} from '../../functions/commons/period/index.js';
import { type PeriodJson, periodSchema } from '../../functions/commons/snapshot/parts.js';
import { WEEK_46 } from '../helpers/report-fixtures.js';

const hours = (p: { startEpoch: number; endEpoch: number }) => (p.endEpoch - p.startEpoch) / 3600;

describe('scheduledPeriod', () => {
  it('weekly run on Monday 08:00 Paris reports the week that just ended', () => {
    const p = scheduledPeriod('weekly', new Date('2026-11-16T07:00:00Z'), 'Europe/Paris');
    // The shared fixture of the engine tests is this computed period.
    expect(p).toEqual(WEEK_46);
    expect([p.startEpoch, p.endEpoch]).toEqual([
      Date.parse('2026-11-08T23:00:00Z') / 1000,
      Date.parse('2026-11-15T23:00:00Z') / 1000,
    ]);
    expect(periodSchema.parse(p)).toEqual(p);
  });

  it('a run exactly at local Monday midnight gets the week ending at that instant', () => {
    const p = scheduledPeriod('weekly', new Date('2026-11-15T23:00:00Z'), 'Europe/Paris');
    expect(p.key).toBe('2026-W46');
    const justBefore = scheduledPeriod('weekly', new Date('2026-11-15T22:59:59Z'), 'Europe/Paris');
    expect(justBefore.key).toBe('2026-W45');
  });

  it('uses +00:00 (never Z) for UTC', () => {
    const p = scheduledPeriod('daily', new Date('2026-11-17T08:00:00Z'), 'UTC');
    expect(p.start).toBe('2026-11-16T00:00:00+00:00');
    expect(p.end).toBe('2026-11-17T00:00:00+00:00');
    expect(p.label).toBe('16 Nov 2026');
    expect(p.key).toBe('2026-11-16');
  });

  it('DST weeks in Europe/Paris are 167 and 169 hours', () => {
    const spring = scheduledPeriod('weekly', new Date('2026-03-30T06:00:00Z'), 'Europe/Paris');
    expect(spring.key).toBe('2026-W13');
    expect(spring.start).toBe('2026-03-23T00:00:00+01:00');
    expect(spring.end).toBe('2026-03-30T00:00:00+02:00');
    expect(hours(spring)).toBe(167);
    const autumn = scheduledPeriod('weekly', new Date('2026-10-26T07:00:00Z'), 'Europe/Paris');
    expect(autumn.start).toBe('2026-10-19T00:00:00+02:00');
    expect(autumn.end).toBe('2026-10-26T00:00:00+01:00');
    expect(hours(autumn)).toBe(169);
  });

  it('DST weeks and days in America/New_York', () => {
    expect(hours(scheduledPeriod('weekly', new Date('2026-03-09T13:00:00Z'), 'America/New_York'))).toBe(167);
    expect(hours(scheduledPeriod('weekly', new Date('2026-11-02T13:00:00Z'), 'America/New_York'))).toBe(169);
    const d = scheduledPeriod('daily', new Date('2026-03-09T13:00:00Z'), 'America/New_York');
    expect([d.key, d.start, d.end, hours(d)]).toEqual([
      '2026-03-08',
      '2026-03-08T00:00:00-05:00',
      '2026-03-09T00:00:00-04:00',
      23,
    ]);
  });

  it('2026-W53 runs from 28 Dec 2026 to 4 Jan 2027', () => {
    const p = scheduledPeriod('weekly', new Date('2027-01-04T07:00:00Z'), 'Europe/Paris');
    expect([p.key, p.label, p.start, p.end]).toEqual([
      '2026-W53',
      'week of 28 Dec 2026',
      '2026-12-28T00:00:00+01:00',
      '2027-01-04T00:00:00+01:00',
    ]);
    expect(previousPeriod(p).key).toBe('2026-W52');
    expect(scheduledPeriod('weekly', new Date('2027-01-11T07:00:00Z'), 'Europe/Paris').key).toBe('2027-W01');
  });

  it('ISO week 1 can start in December', () => {
    const p = scheduledPeriod('weekly', new Date('2025-01-06T12:00:00Z'), 'UTC');
    expect([p.key, p.start]).toEqual(['2025-W01', '2024-12-30T00:00:00+00:00']);
    expect(scheduledPeriod('weekly', new Date('2021-01-04T12:00:00Z'), 'UTC').key).toBe('2020-W53');
  });

  it('monthly periods: February in leap and common years, DST months', () => {
    const feb28 = scheduledPeriod('monthly', new Date('2026-03-01T12:00:00Z'), 'UTC');
    expect([feb28.key, feb28.label, hours(feb28)]).toEqual(['2026-02', 'February 2026', 28 * 24]);
    const feb29 = scheduledPeriod('monthly', new Date('2028-03-01T12:00:00Z'), 'UTC');
    expect(hours(feb29)).toBe(29 * 24);
    expect(hours(scheduledPeriod('monthly', new Date('2026-04-01T12:00:00Z'), 'Europe/Paris'))).toBe(31 * 24 - 1);
    expect(hours(scheduledPeriod('monthly', new Date('2026-11-01T12:00:00Z'), 'Europe/Paris'))).toBe(31 * 24 + 1);
    const jan = scheduledPeriod('monthly', new Date('2027-01-01T12:00:00Z'), 'Europe/Paris');
    expect([jan.key, jan.label, jan.start]).toEqual(['2026-12', 'December 2026', '2026-12-01T00:00:00+01:00']);
  });

  it('zones with odd offsets', () => {
    const ktm = scheduledPeriod('weekly', new Date('2026-11-16T03:00:00Z'), 'Asia/Kathmandu');
    expect([ktm.start, ktm.end]).toEqual(['2026-11-09T00:00:00+05:45', '2026-11-16T00:00:00+05:45']);
    const stj = scheduledPeriod('daily', new Date('2026-03-09T12:00:00Z'), 'America/St_Johns');
    expect([stj.start, stj.end, hours(stj)]).toEqual(['2026-03-08T00:00:00-03:30', '2026-03-09T00:00:00-02:30', 23]);
    const cht = scheduledPeriod('daily', new Date('2026-04-06T00:00:00Z'), 'Pacific/Chatham');
    expect([cht.key, cht.start, cht.end, hours(cht)]).toEqual([
      '2026-04-05',
      '2026-04-05T00:00:00+13:45',
      '2026-04-06T00:00:00+12:45',
      25,
    ]);
  });

  it('Australia/Lord_Howe has 30-minute DST: 23.5 h and 24.5 h days', () => {
    const on = scheduledPeriod('daily', new Date('2026-10-05T12:00:00Z'), 'Australia/Lord_Howe');
    expect([on.key, on.start, on.end, hours(on)]).toEqual([
      '2026-10-04',
      '2026-10-04T00:00:00+10:30',
      '2026-10-05T00:00:00+11:00',
      23.5,
    ]);
    expect(hours(scheduledPeriod('daily', new Date('2026-04-06T12:00:00Z'), 'Australia/Lord_Howe'))).toBe(24.5);
  });

  it('days whose midnight does not exist start at the end of the gap', () => {
    const scl = scheduledPeriod('daily', new Date('2026-09-07T12:00:00Z'), 'America/Santiago');
    expect([scl.start, scl.end, hours(scl)]).toEqual(['2026-09-06T01:00:00-03:00', '2026-09-07T00:00:00-03:00', 23]);
    const bey = scheduledPeriod('daily', new Date('2026-03-30T12:00:00Z'), 'Asia/Beirut');
    expect([bey.start, hours(bey)]).toEqual(['2026-03-29T01:00:00+03:00', 23]);
    // The previous day ends where this one starts: no hole.
    expect(previousPeriod(scl).endEpoch).toBe(scl.startEpoch);
  });

  it('a midnight that happens twice (America/Havana) starts the day at the first one', () => {
    const hav = scheduledPeriod('daily', new Date('2026-11-02T12:00:00Z'), 'America/Havana');
    expect([hav.start, hav.end, hours(hav)]).toEqual(['2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 25]);
  });

  it('rejects an unknown zone with a PeriodError', () => {
    expect(() => scheduledPeriod('daily', new Date(), 'Mars/Olympus')).toThrow(PeriodError);
  });
});

describe('previousPeriod', () => {
  it('steps back one calendar unit', () => {
    const m = scheduledPeriod('monthly', new Date('2026-03-15T00:00:00Z'), 'Europe/Paris');
    expect(previousPeriod(m)).toMatchObject({ key: '2026-01', label: 'January 2026' });
    const d = scheduledPeriod('daily', new Date('2026-03-01T12:00:00Z'), 'UTC');
    expect(previousPeriod(d).key).toBe('2026-02-27');
  });

  it('custom ranges: same number of days immediately before', () => {
    const ctx = { cadence: 'weekly' as const, timeZone: 'Europe/Paris', now: new Date('2026-11-23T08:00:00Z') };
    const p = parsePeriodSpec('2026-11-02..2026-11-09', ctx);
    expect([p.key, p.label, p.cadence]).toEqual(['2026-11-02..2026-11-09', '2–8 Nov 2026', 'custom']);
    const prev = previousPeriod(p);
    expect([prev.key, prev.label, prev.end]).toEqual(['2026-10-26..2026-11-02', '26 Oct – 1 Nov 2026', p.start]);
    expect(hours(prev)).toBe(24 * 7);
    const acrossDst = previousPeriod(parsePeriodSpec('2026-10-27..2026-11-03', ctx));
    expect([acrossDst.key, acrossDst.label, hours(acrossDst)]).toEqual([
      '2026-10-20..2026-10-27',
      '20–26 Oct 2026',
      24 * 7 + 1, // contains the end of DST on 25 Oct
    ]);
  });

  it('to-date periods compare with the same span one unit earlier', () => {
    const now = new Date('2026-11-18T13:20:00Z'); // Wednesday 14:20 in Paris
    const p = parsePeriodSpec('this-week', { cadence: 'weekly', timeZone: 'Europe/Paris', now });
    expect(p).toMatchObject({
      key: '2026-11-16..2026-11-18T1400',
      label: '16–18 Nov 2026, until 14:00',
      cadence: 'custom',
      start: '2026-11-16T00:00:00+01:00',
      end: '2026-11-18T14:00:00+01:00',
    });
    expect(previousPeriod(p)).toMatchObject({
      start: '2026-11-09T00:00:00+01:00',
      end: '2026-11-11T14:00:00+01:00',
    });
  });
});

describe('parsePeriodSpec', () => {
  const ctx = { cadence: 'weekly' as const, timeZone: 'Europe/Paris', now: new Date('2026-11-23T07:00:00Z') };

  it('relative keywords', () => {
    expect(parsePeriodSpec('last-week', ctx).key).toBe('2026-W47');
    expect(parsePeriodSpec('previous', ctx).key).toBe('2026-W47');
    expect(parsePeriodSpec('last', { ...ctx, cadence: 'monthly' }).key).toBe('2026-10');
    expect(parsePeriodSpec('yesterday', ctx).key).toBe('2026-11-22');
    expect(parsePeriodSpec('last-day', ctx).key).toBe('2026-11-22');
    expect(parsePeriodSpec('last-month', ctx).key).toBe('2026-10');
    expect(parsePeriodSpec(' Last-Week ', ctx).key).toBe('2026-W47');
  });

  it('explicit keys', () => {
    expect(parsePeriodSpec('2026-W46', ctx)).toEqual(
      scheduledPeriod('weekly', new Date('2026-11-16T07:00:00Z'), 'Europe/Paris'),
    );
    expect(parsePeriodSpec('2026-11-16', ctx)).toMatchObject({ cadence: 'daily', start: '2026-11-16T00:00:00+01:00' });
    expect(parsePeriodSpec('2026-02', ctx)).toMatchObject({ cadence: 'monthly', end: '2026-03-01T00:00:00+01:00' });
    expect(parsePeriodSpec('2026-w46', ctx).key).toBe('2026-W46');
  });

  it('today and this-month are to-date periods', () => {
    const now = new Date('2026-11-18T13:20:00Z');
    expect(parsePeriodSpec('today', { ...ctx, now })).toMatchObject({
      start: '2026-11-18T00:00:00+01:00',
      end: '2026-11-18T14:00:00+01:00',
    });
    expect(parsePeriodSpec('this-month', { ...ctx, now }).start).toBe('2026-11-01T00:00:00+01:00');
  });

  it.each([
    ['bogus', /invalid period "bogus": expected last \| previous/],
    ['2026-W54', /invalid period "2026-W54": ISO year 2026 has weeks 01–53/],
    ['2025-W53', /ISO year 2025 has weeks 01–52/],
    ['2026-W00', /has weeks 01–53/],
    ['2026-02-30', /"2026-02-30": not a calendar date/],
    ['2026-13', /"2026-13": month must be 01–12/],
    ['2026-11-09..2026-11-02', /end date is exclusive and must be after the start date/],
    ['2026-11-09..2026-11-09', /end date is exclusive/],
    ['2026-09-01..2026-10-15', /at most 31 days, this one covers 44/],
    ['2026-11-20..2026-11-24', /ends 2026-11-24T00:00:00\+01:00, after now \(2026-11-23T08:00:00\+01:00\)/],
    ['2026-W48', /after now/],
    ['2026-11', /after now/],
  ])('%s → PeriodError', (spec, message) => {
    let error: unknown;
    try {
      parsePeriodSpec(spec, ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PeriodError);
    expect((error as PeriodError).field).toBe('period');
    expect((error as Error).message).toMatch(message);
  });

  it('this-week right after Monday midnight is empty and refused', () => {
    expect(() => parsePeriodSpec('this-week', { ...ctx, now: new Date('2026-11-22T23:30:00Z') })).toThrow(
      /the current week started less than an hour ago/,
    );
  });
});

describe('isoWeekOf / isoWeeksInYear', () => {
  it('handles year boundaries and 53-week years', () => {
    expect(isoWeekOf(new Date('2027-01-03T12:00:00Z'), 'UTC')).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(new Date('2024-12-30T12:00:00Z'), 'UTC')).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf(new Date('2021-01-01T12:00:00Z'), 'UTC')).toEqual({ year: 2020, week: 53 });
    // 23:30 UTC on Sunday is already Monday in Paris: next ISO week.
    expect(isoWeekOf(new Date('2026-11-15T23:30:00Z'), 'Europe/Paris')).toEqual({ year: 2026, week: 47 });
    expect(isoWeekOf(new Date('2026-11-15T23:30:00Z'), 'UTC')).toEqual({ year: 2026, week: 46 });
    expect([2015, 2020, 2026, 2032].map(isoWeeksInYear)).toEqual([53, 53, 53, 53]);
    expect([2021, 2024, 2025, 2027].map(isoWeeksInYear)).toEqual([52, 52, 52, 52]);
  });
});

describe('Period type', () => {
  it('is the shape the snapshot schema validates (checked by tsc)', () => {
    expectTypeOf<Period>().toEqualTypeOf<PeriodJson>();
  });
});

describe('zone wrappers', () => {
  it('read and write local wall clocks, with the DST rules of the period code', () => {
    const paris = Date.parse('2026-03-29T01:30:00Z'); // 03:30 CEST, just after the 02:00→03:00 gap
    expect(localFields(paris + 999, 'Europe/Paris')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 3,
      minute: 30,
      second: 0,
    });
    expect(offsetSecondsAt(paris, 'Europe/Paris')).toBe(7200);
    expect(formatLocalIso(paris, 'Europe/Paris')).toBe('2026-03-29T03:30:00+02:00');
    // A wall time in the gap is the end of the gap; a repeated one is its first occurrence.
    const wall = { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 };
    expect(instantOfLocal(wall, 'Europe/Paris')).toBe(Date.parse('2026-03-29T01:00:00Z'));
    expect(instantOfLocal({ ...wall, month: 10, day: 25 }, 'Europe/Paris')).toBe(Date.parse('2026-10-25T00:30:00Z'));
    expect(startOfLocalDay({ year: 2029, month: 3, day: 25 }, 'Asia/Beirut')).toBe(Date.parse('2029-03-24T22:00:00Z'));
    expect(() => instantOfLocal({ ...wall, day: 32 }, 'Europe/Paris')).toThrow(RangeError);
  });

  it('keeps historic second-level offsets exact in epochs and rounds them to the minute in text', () => {
    expect(offsetSecondsAt(Date.parse('1880-01-01T12:00:00Z'), 'Europe/Paris')).toBe(561); // Paris mean time +00:09:21
    expect(formatLocalIso(Date.parse('1880-01-01T12:00:00Z'), 'Europe/Paris')).toBe('1880-01-01T12:09:21+00:09');
  });

  it('rejects offsets and unknown names as time zones', () => {
    for (const tz of ['+01:00', 'Mars/Olympus', '']) {
      expect(() => parsePeriodSpec('last-week', { cadence: 'weekly', timeZone: tz, now: new Date() })).toThrow(
        /must be an IANA time zone/,
      );
    }
  });
});

/** Bugs found by the property tests (and their siblings), each pinned by the case that showed it. */
describe('regressions', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const spec = (s: string, timeZone: string, at = now) => parsePeriodSpec(s, { cadence: 'weekly', timeZone, now: at });

  it('Beirut: a range ending on a day with no midnight is whole days, its previous range ends where it starts', () => {
    // 2029-03-25 starts at 01:00+03:00 (clocks jump from 00:00 to 01:00): the end is the start of that
    // day, not a "to-date" end at 01:00 (was: previous 2029-02-24..2029-03-24T0100).
    const p = spec('2029-02-25..2029-03-25', 'Asia/Beirut');
    expect([p.key, p.label, p.end]).toEqual([
      '2029-02-25..2029-03-25',
      '25 Feb – 24 Mar 2029',
      '2029-03-25T01:00:00+03:00',
    ]);
    const prev = previousPeriod(p);
    expect([prev.key, prev.start, prev.end]).toEqual([
      '2029-01-28..2029-02-25',
      '2029-01-28T00:00:00+02:00',
      '2029-02-25T00:00:00+02:00',
    ]);
    expect(prev.endEpoch).toBe(p.startEpoch);
    // Starting on that day too.
    const q = spec('2029-03-25..2029-03-26', 'Asia/Beirut');
    expect([q.start, hours(q)]).toEqual(['2029-03-25T01:00:00+03:00', 23]);
    expect(previousPeriod(q)).toMatchObject({ key: '2029-03-24..2029-03-25', end: q.start });
  });

  it('the same in America/Santiago (September) and Atlantic/Azores (March, midnight → 01:00)', () => {
    const scl = spec('2026-08-30..2026-09-06', 'America/Santiago');
    expect(scl.end).toBe('2026-09-06T01:00:00-03:00');
    expect(previousPeriod(scl)).toMatchObject({ key: '2026-08-23..2026-08-30', end: scl.start });
    const azo = spec('2026-03-22..2026-03-29', 'Atlantic/Azores');
    expect(azo.end).toBe('2026-03-29T01:00:00+00:00');
    expect(previousPeriod(azo)).toMatchObject({ key: '2026-03-15..2026-03-22', end: azo.start });
  });

  it('this-month early in a month compares with the month before, not with an overlapping span a day earlier', () => {
    // Thursday 1 Oct → Monday 5 Oct 14:00 (was: previous 30 Sep → 4 Oct 14:00, overlapping p).
    const p = spec('this-month', 'Europe/Paris', new Date('2026-10-05T12:20:00Z'));
    expect(p.key).toBe('2026-10-01..2026-10-05T1400');
    expect(previousPeriod(p)).toMatchObject({
      key: '2026-09-01..2026-09-05T1400',
      start: '2026-09-01T00:00:00+02:00',
      end: '2026-09-05T14:00:00+02:00',
    });
    // 31 March → 28 February: the month step keeps the wall time and constrains the day.
    const march = previousPeriod(spec('this-month', 'UTC', new Date('2026-03-31T09:10:00Z')));
    expect([march.start, march.end]).toEqual(['2026-02-01T00:00:00+00:00', '2026-02-28T09:00:00+00:00']);
  });

  it('to-date periods in a midnight-gap zone compare with a span that starts at the start of its day', () => {
    // "today" on Beirut's midnight-less day starts at 01:00; yesterday started at 00:00 (was: 01:00).
    const p = spec('today', 'Asia/Beirut', new Date('2029-03-25T11:20:00Z'));
    expect([p.key, p.start]).toEqual(['2029-03-25..2029-03-25T1400', '2029-03-25T01:00:00+03:00']);
    expect(previousPeriod(p)).toMatchObject({ start: '2029-03-24T00:00:00+02:00', end: '2029-03-24T14:00:00+02:00' });
    // The first hour of the next day has no 00:00–01:00 the day before (was: an empty previous period):
    // the comparison is the first hour of that day.
    const q = spec('today', 'Asia/Beirut', new Date('2029-03-25T22:30:00Z'));
    expect([q.start, q.end]).toEqual(['2029-03-26T00:00:00+03:00', '2029-03-26T01:00:00+03:00']);
    const prev = previousPeriod(q);
    expect([prev.start, prev.end, hours(prev)]).toEqual(['2029-03-25T01:00:00+03:00', '2029-03-25T02:00:00+03:00', 1]);
  });

  it('to-date ends rounded down into a DST change: end of a 30-minute gap, first of a repeated hour', () => {
    // Australia/Lord_Howe springs forward 02:00 → 02:30: at 02:50 the hour so far starts at 02:30.
    const lh = spec('today', 'Australia/Lord_Howe', new Date('2026-10-03T15:50:00Z'));
    expect([lh.key, lh.label, lh.end]).toEqual([
      '2026-10-04..2026-10-04T0230',
      '4 Oct 2026, until 02:30',
      '2026-10-04T02:30:00+11:00',
    ]);
    // New York repeats 01:00–02:00 on 1 Nov 2026: at the second 01:30 (EST), 01:00 is the first one (EDT).
    const ny = spec('today', 'America/New_York', new Date('2026-11-01T06:30:00Z'));
    expect(ny.end).toBe('2026-11-01T01:00:00-04:00');
    expect(previousPeriod(ny)).toMatchObject({ start: '2026-10-31T00:00:00-04:00', end: '2026-10-31T01:00:00-04:00' });
  });

  it('a month that starts in a midnight gap (America/Asuncion, 1 Oct 2023) starts at 01:00 and chains', () => {
    const oct = scheduledPeriod('monthly', new Date('2023-11-15T12:00:00Z'), 'America/Asuncion');
    expect([oct.key, oct.start, oct.end]).toEqual([
      '2023-10',
      '2023-10-01T01:00:00-03:00',
      '2023-11-01T00:00:00-03:00',
    ]);
    expect(previousPeriod(oct)).toMatchObject({ key: '2023-09', end: oct.start });
    expect(spec('2023-10', 'America/Asuncion')).toEqual(oct);
  });

  it('Pacific/Apia skipped 30 Dec 2011: no empty period, the day before 31 Dec is 29 Dec', () => {
    const apia = 'Pacific/Apia';
    expect(() => spec('2011-12-30', apia)).toThrow(/2011-12-30 did not happen in Pacific\/Apia/);
    expect(() => spec('2011-12-30..2011-12-31', apia)).toThrow(/none of these days happened/);
    // Run on 31 Dec 2011 22:00 local: the last full day is 29 Dec (24 h, ending at 31 Dec 00:00+14:00).
    const d = scheduledPeriod('daily', new Date('2011-12-31T08:00:00Z'), apia);
    expect([d.key, d.start, d.end, hours(d)]).toEqual([
      '2011-12-29',
      '2011-12-29T00:00:00-10:00',
      '2011-12-31T00:00:00+14:00',
      24,
    ]);
    const dec31 = spec('2011-12-31', apia);
    expect(previousPeriod(dec31)).toEqual(d);
    expect(hours(scheduledPeriod('weekly', new Date('2012-01-02T08:00:00Z'), apia))).toBe(6 * 24);
    const c = previousPeriod(spec('2011-12-31..2012-01-01', apia));
    expect([c.key, c.end, hours(c)]).toEqual(['2011-12-29..2011-12-31', dec31.start, 24]);
    // "today" on 31 Dec compares with 29 Dec (30 Dec would give an empty span at 31 Dec 00:00).
    const today = spec('today', apia, new Date('2011-12-31T00:20:00Z'));
    expect(previousPeriod(today)).toMatchObject({
      start: '2011-12-29T00:00:00-10:00',
      end: '2011-12-29T14:00:00-10:00',
    });
  });

  it('far-future years keep their DST rules', () => {
    const w = scheduledPeriod('weekly', new Date('2200-03-31T12:00:00Z'), 'Europe/Paris');
    expect([w.key, w.end, hours(w)]).toEqual(['2200-W13', '2200-03-31T00:00:00+02:00', 167]);
    const bey = spec('2400-03-26..2400-03-27', 'Asia/Beirut', new Date('2401-01-01T00:00:00Z'));
    expect([bey.start, hours(bey)]).toEqual(['2400-03-26T01:00:00+03:00', 23]);
    expect(previousPeriod(bey)).toMatchObject({ key: '2400-03-25..2400-03-26', end: bey.start });
  });
});
