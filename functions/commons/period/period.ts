/**
 * Report periods: which local calendar span a run covers, in the report's time zone, and the period
 * it is compared with.
 *
 * A period is a non-empty half-open interval [start, end) of instants. Calendar and whole-day periods
 * are bounded by first instants of local days (midnight, or the end of a midnight DST gap), so a day
 * can be 23 or 25 hours long (23.5/24.5 in Australia/Lord_Howe) and a week 167 or 169 hours; they
 * chain without gaps: `previousPeriod(p).end === p.start`. Calendar steps are PlainDate arithmetic
 * (no instant, so no DST, is involved); instants only appear at the bounds (zone.ts).
 */
import { Temporal } from 'temporal-polyfill';
import { dayLabel, isoWeekKey, isoWeekOfDate, monthLabel, rangeLabel } from './calendar.js';
import type { Period, PeriodCadence } from './types.js';
import { PeriodError } from './types.js';
import { assertTimeZone, dayStart, formatIso, isDayStart, isSkippedDay, resolveWallTime, zonedAt } from './zone.js';

/** A step on the calendar (PlainDate arithmetic: no time zone, no DST). */
type CalendarStep = { days: number } | { weeks: number } | { months: number };

const STEP: Record<PeriodCadence, CalendarStep> = {
  daily: { days: 1 },
  weekly: { weeks: 1 },
  monthly: { months: 1 },
};

function build(
  cadence: Period['cadence'],
  key: string,
  label: string,
  start: Temporal.ZonedDateTime,
  end: Temporal.ZonedDateTime,
  timeZone: string,
): Period {
  return {
    key,
    label,
    cadence,
    timeZone,
    start: formatIso(start),
    end: formatIso(end),
    startEpoch: Math.floor(start.epochMilliseconds / 1000),
    endEpoch: Math.floor(end.epochMilliseconds / 1000),
  };
}

/** The calendar period of `cadence` that begins on local date `first` (a Monday / a 1st for weeks / months). */
export function calendarPeriod(cadence: PeriodCadence, first: Temporal.PlainDate, timeZone: string): Period {
  const start = dayStart(first, timeZone);
  const end = dayStart(first.add(STEP[cadence]), timeZone);
  switch (cadence) {
    case 'daily':
      return build('daily', first.toString(), dayLabel(first), start, end, timeZone);
    case 'weekly':
      return build('weekly', isoWeekKey(first), `week of ${dayLabel(first)}`, start, end, timeZone);
    case 'monthly':
      return build('monthly', first.toString().slice(0, 7), monthLabel(first), start, end, timeZone);
  }
}

/** First day of the `cadence` period containing local date `d`. */
export function periodFirstDay(cadence: PeriodCadence, d: Temporal.PlainDate): Temporal.PlainDate {
  switch (cadence) {
    case 'daily':
      return d;
    case 'weekly':
      return d.subtract({ days: d.dayOfWeek - 1 });
    case 'monthly':
      return d.with({ day: 1 });
  }
}

const HOUR_MS = 3_600_000;

/**
 * How many days of [first, end) happened in `timeZone` (Pacific/Apia skipped 2011-12-30). A skipped
 * day takes 24 h out of the span while DST changes move it by 1–2 h, so a span longer than
 * days × 24 h − 12 h has none and needs no day-by-day look (2 start-of-day lookups instead of 2 per day).
 */
function daysThatHappened(first: Temporal.PlainDate, end: Temporal.PlainDate, timeZone: string): number {
  const days = first.until(end).days;
  const span = dayStart(end, timeZone).epochMilliseconds - dayStart(first, timeZone).epochMilliseconds;
  if (span > (days * 24 - 12) * HOUR_MS) return days;
  let happened = 0;
  for (let d = first; Temporal.PlainDate.compare(d, end) < 0; d = d.add({ days: 1 })) {
    if (!isSkippedDay(d, timeZone)) happened++;
  }
  return happened;
}

/**
 * The date `n` days before `date`, counting only days that happened in `timeZone`: the day before
 * Pacific/Apia's 2011-12-31 is 2011-12-29 (30 December was skipped: it would be an empty period).
 */
function daysBefore(date: Temporal.PlainDate, n: number, timeZone: string): Temporal.PlainDate {
  const candidate = date.subtract({ days: n });
  if (daysThatHappened(candidate, date, timeZone) === n) return candidate;
  let d = date;
  for (let counted = 0; counted < n; ) {
    d = d.subtract({ days: 1 });
    if (!isSkippedDay(d, timeZone)) counted++;
  }
  return d;
}

/**
 * The calendar period before the one that starts on `first`. Only a day can be empty (a skipped day:
 * step back once more); every week and month has days that happened.
 */
function previousCalendarPeriod(cadence: PeriodCadence, first: Temporal.PlainDate, timeZone: string): Period {
  let prevFirst = first.subtract(STEP[cadence]);
  let p = calendarPeriod(cadence, prevFirst, timeZone);
  while (p.startEpoch === p.endEpoch) {
    prevFirst = prevFirst.subtract({ days: 1 });
    p = calendarPeriod(cadence, prevFirst, timeZone);
  }
  return p;
}

/** A period bound (epoch seconds) seen in its time zone. */
function boundAt(epochSeconds: number, timeZone: string): Temporal.ZonedDateTime {
  return zonedAt(epochSeconds * 1000, timeZone);
}

/**
 * The last full period that ended at or before `scheduledTime`, in `timeZone`: for a run on Monday
 * 08:00 the week Monday 00:00 → Monday 00:00 that just ended; a run exactly at the first instant of a
 * local day gets the period ending at that instant.
 */
export function scheduledPeriod(cadence: PeriodCadence, scheduledTime: Date, timeZone: string): Period {
  assertTimeZone(timeZone);
  const ms = scheduledTime.getTime();
  if (!Number.isFinite(ms)) throw new PeriodError('scheduled time is not a valid date');
  const currentFirst = periodFirstDay(cadence, zonedAt(ms, timeZone).toPlainDate());
  return previousCalendarPeriod(cadence, currentFirst, timeZone);
}

/** ISO-8601 week of the local date of `date` in `timeZone`. */
export function isoWeekOf(date: Date, timeZone: string): { year: number; week: number } {
  return isoWeekOfDate(zonedAt(date.getTime(), timeZone).toPlainDate());
}

/** Whole local days [first, endExclusive), cadence `custom`. */
export function customRange(first: Temporal.PlainDate, endExclusive: Temporal.PlainDate, timeZone: string): Period {
  return build(
    'custom',
    `${first.toString()}..${endExclusive.toString()}`,
    rangeLabel(first, endExclusive.subtract({ days: 1 })),
    dayStart(first, timeZone),
    dayStart(endExclusive, timeZone),
    timeZone,
  );
}

/**
 * A span from the start of a local day to a wall time that is not the start of a day: key
 * `2026-11-16..2026-11-18T1400` (no colon: keys end up in S3 keys and local file names), label
 * "16–18 Nov 2026, until 14:00".
 */
export function toDatePeriod(start: Temporal.ZonedDateTime, end: Temporal.ZonedDateTime, timeZone: string): Period {
  const hhmm = `${String(end.hour).padStart(2, '0')}:${String(end.minute).padStart(2, '0')}`;
  return build(
    'custom',
    `${start.toPlainDate().toString()}..${end.toPlainDate().toString()}T${hhmm.replace(':', '')}`,
    `${rangeLabel(start.toPlainDate(), end.toPlainDate())}, until ${hhmm}`,
    start,
    end,
    timeZone,
  );
}

/**
 * The comparison period just before `p`:
 * - calendar periods: the previous day / week / month (a skipped day is no day: see `daysBefore`);
 * - custom periods of whole local days, i.e. whose end is the first instant of a local day whatever
 *   the clock shows there (01:00 on Asia/Beirut's 2029-03-25, which has no midnight): the same number
 *   of days (that happened) immediately before, so they chain without a gap;
 * - to-date periods (`this-week`, `today`, `this-month`: the end is inside a day): the same wall-clock
 *   span one week / day / month earlier, the like-for-like comparison.
 */
export function previousPeriod(p: Period): Period {
  const tz = p.timeZone;
  assertTimeZone(tz);
  const start = boundAt(p.startEpoch, tz);
  const end = boundAt(p.endEpoch, tz);
  if (p.cadence !== 'custom') {
    return previousCalendarPeriod(p.cadence, start.toPlainDate(), tz);
  }
  if (isDayStart(end)) {
    const first = start.toPlainDate();
    return customRange(daysBefore(first, daysThatHappened(first, end.toPlainDate(), tz), tz), first, tz);
  }
  return previousToDate(start, end, tz);
}

/**
 * Which unit a to-date span counts from, from its local dates: within one day → `today`; from a Monday,
 * ending within 7 days → `this-week`; from a 1st → `this-month`. (A span from Monday the 1st to the 7th
 * is both this-week and this-month: the same period, compared with the week before.)
 */
function toDateUnit(first: Temporal.PlainDate, last: Temporal.PlainDate): CalendarStep {
  const days = first.until(last).days;
  if (days === 0) return { days: 1 };
  if (first.dayOfWeek === 1 && days < 7) return { weeks: 1 };
  if (first.day === 1) return { months: 1 };
  return { days: 1 };
}

function previousToDate(start: Temporal.ZonedDateTime, end: Temporal.ZonedDateTime, tz: string): Period {
  const first = start.toPlainDate();
  let unit = toDateUnit(first, end.toPlainDate());
  // "The day before" is the day before that happened (today on Pacific/Apia's 2011-12-31 compares
  // with 29 December): step back that many calendar days.
  if ('days' in unit) unit = { days: daysBefore(first, 1, tz).until(first).days };
  // A to-date span starts at the first instant of a day, and so does its comparison (00:00 on the day
  // before Asia/Beirut's midnight-less 2029-03-25, not 01:00).
  const prevStart = dayStart(first.subtract(unit), tz);
  // PlainDateTime arithmetic keeps the wall time; months constrain the day (31 March → 28 February).
  let prevEnd = resolveWallTime(end.toPlainDateTime().subtract(unit), tz);
  // 00:00–01:00 the day after a midnight gap has no same-wall-clock span the day before (that day
  // started at 01:00): compare with the same length of time from the start instead.
  if (prevEnd.epochNanoseconds <= prevStart.epochNanoseconds) {
    prevEnd = prevStart.add({ milliseconds: end.epochMilliseconds - start.epochMilliseconds });
  }
  return toDatePeriod(prevStart, prevEnd, tz);
}
