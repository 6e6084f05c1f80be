/**
 * Period specs as given on the command line / API (`last-week`, `2026-W46`, `2026-11-02..2026-11-09`,
 * `this-week`, …) → a Period, with errors that say what is accepted.
 */
import { Temporal } from 'temporal-polyfill';
import { isoWeeksInYear, mondayOfIsoWeek } from './calendar.js';
import { calendarPeriod, customRange, periodFirstDay, scheduledPeriod, toDatePeriod } from './period.js';
import { type Period, type PeriodCadence, PeriodError } from './types.js';
import { assertTimeZone, dayStart, formatIso, isSkippedDay, resolveWallTime, zonedAt } from './zone.js';

export interface PeriodSpecContext {
  /** The report's cadence: what `previous` / `last` mean. */
  cadence: PeriodCadence;
  timeZone: string;
  now: Date;
}

const MAX_CUSTOM_DAYS = 31;

const TO_DATE = {
  'this-week': { cadence: 'weekly', unit: 'week' },
  today: { cadence: 'daily', unit: 'day' },
  'this-month': { cadence: 'monthly', unit: 'month' },
} as const;

/** A calendar date from the digits of a spec, or null when there is no such date (2026-02-30). */
function plainDate(year: string, month: string, day: string): Temporal.PlainDate | null {
  try {
    return Temporal.PlainDate.from(
      { year: Number(year), month: Number(month), day: Number(day) },
      { overflow: 'reject' },
    );
  } catch {
    return null;
  }
}

/**
 * Parses a period given on the command line / API:
 * - `last` / `previous`: the last full period of `ctx.cadence` (what the scheduled run would report)
 * - `last-week`, `last-day` / `yesterday`, `last-month`: the last full week / day / month
 * - `this-week`, `today`, `this-month`: to date, from the local start of the current week / day / month
 *   to `now` rounded down to the local hour (cadence `custom`; compared with the same span one unit earlier)
 * - `2026-W46` (ISO week), `2026-11-16` (a day), `2026-11` (a month)
 * - `2026-11-02..2026-11-09`: whole local days, end exclusive, 1–31 days (cadence `custom`)
 * Every period must have ended by `ctx.now` (to-date ones end at `now`) and contain some time.
 */
export function parsePeriodSpec(spec: string, ctx: PeriodSpecContext): Period {
  const { timeZone, now } = ctx;
  assertTimeZone(timeZone);
  const raw = spec.trim();
  const word = raw.toLowerCase();
  const fail = (why: string): never => {
    throw new PeriodError(`invalid period "${spec}": ${why}`);
  };
  const ensureEnded = (p: Period): Period => {
    if (p.endEpoch * 1000 > now.getTime()) {
      fail(
        `it ends ${p.end}, after now (${formatIso(zonedAt(now.getTime(), timeZone))}); pick a finished period, or "this-week" / "today" / "this-month" for a period to date`,
      );
    }
    return p;
  };

  switch (word) {
    case 'last':
    case 'previous':
      return scheduledPeriod(ctx.cadence, now, timeZone);
    case 'last-week':
      return scheduledPeriod('weekly', now, timeZone);
    case 'last-day':
    case 'yesterday':
      return scheduledPeriod('daily', now, timeZone);
    case 'last-month':
      return scheduledPeriod('monthly', now, timeZone);
    case 'this-week':
    case 'today':
    case 'this-month': {
      const { cadence, unit } = TO_DATE[word];
      const nowZoned = zonedAt(now.getTime(), timeZone);
      const start = dayStart(periodFirstDay(cadence, nowZoned.toPlainDate()), timeZone);
      // Rounded down on the wall clock; a repeated hour counts from its first occurrence (resolveWallTime).
      const end = resolveWallTime(
        nowZoned.toPlainDateTime().round({ smallestUnit: 'hour', roundingMode: 'floor' }),
        timeZone,
      );
      if (end.epochNanoseconds <= start.epochNanoseconds) {
        fail(`the current ${unit} started less than an hour ago, there is nothing to report yet`);
      }
      return toDatePeriod(start, end, timeZone);
    }
  }

  let m = /^(\d{4})-W(\d{2})$/i.exec(raw);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const max = isoWeeksInYear(year);
    if (week < 1 || week > max) fail(`ISO year ${year} has weeks 01–${max}`);
    return ensureEnded(calendarPeriod('weekly', mondayOfIsoWeek(year, week), timeZone));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (m) {
    const day = plainDate(m[1]!, m[2]!, m[3]!) ?? fail('not a calendar date');
    if (isSkippedDay(day, timeZone))
      fail(`${day.toString()} did not happen in ${timeZone} (its clocks skipped that day)`);
    return ensureEnded(calendarPeriod('daily', day, timeZone));
  }
  m = /^(\d{4})-(\d{2})$/.exec(raw);
  if (m) {
    const first = plainDate(m[1]!, m[2]!, '01') ?? fail('month must be 01–12');
    return ensureEnded(calendarPeriod('monthly', first, timeZone));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (m) {
    const first = plainDate(m[1]!, m[2]!, m[3]!) ?? fail(`${m[1]}-${m[2]}-${m[3]} is not a calendar date`);
    const end = plainDate(m[4]!, m[5]!, m[6]!) ?? fail(`${m[4]}-${m[5]}-${m[6]} is not a calendar date`);
    const days = first.until(end).days;
    if (days <= 0) fail('the end date is exclusive and must be after the start date');
    if (days > MAX_CUSTOM_DAYS) fail(`a range covers at most ${MAX_CUSTOM_DAYS} days, this one covers ${days}`);
    const p = customRange(first, end, timeZone);
    if (p.startEpoch === p.endEpoch) fail(`none of these days happened in ${timeZone} (its clocks skipped them)`);
    return ensureEnded(p);
  }
  return fail(
    'expected last | previous | last-week | last-day | yesterday | last-month | this-week | today | this-month | ' +
      'YYYY-Www (ISO week) | YYYY-MM-DD (day) | YYYY-MM (month) | YYYY-MM-DD..YYYY-MM-DD (end exclusive)',
  );
}
