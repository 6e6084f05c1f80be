/**
 * Report periods: which local calendar span a run covers, in the report's time zone.
 *
 * A period is always a half-open interval [start, end) of instants whose bounds are local
 * midnights (the first instant of the local day when midnight falls in a DST gap), so a local day can
 * be 23 or 25 hours long (23.5/24.5 in Australia/Lord_Howe) and a week 167 or 169 hours.
 * Periods chain without gaps: `previousPeriod(p).end === p.start`.
 */
import type { PeriodJson } from '../report/snapshot-schema.js';
import {
  addDays,
  addMonths,
  type CivilDate,
  dayNumber,
  formatCivilDate,
  formatLocalIso,
  instantOfLocal,
  isoWeekday,
  isValidCivilDate,
  localDate,
  localFields,
  startOfLocalDay,
} from './zone.js';

export type Period = PeriodJson;
export type PeriodCadence = 'daily' | 'weekly' | 'monthly';

export class PeriodError extends Error {
  readonly field = 'period';
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function shortMonth(month: number): string {
  return MONTHS[month - 1]!.slice(0, 3);
}

/** "9 Nov 2026" */
function dayLabel(d: CivilDate): string {
  return `${d.day} ${shortMonth(d.month)} ${d.year}`;
}

/** "2–8 Nov 2026", "28 Oct – 3 Nov 2026", "28 Dec 2026 – 3 Jan 2027", "2 Nov 2026" (inclusive days). */
function rangeLabel(first: CivilDate, last: CivilDate): string {
  if (dayNumber(first) === dayNumber(last)) return dayLabel(first);
  if (first.year !== last.year) return `${dayLabel(first)} – ${dayLabel(last)}`;
  if (first.month !== last.month) return `${first.day} ${shortMonth(first.month)} – ${dayLabel(last)}`;
  return `${first.day}–${last.day} ${shortMonth(last.month)} ${last.year}`;
}

/** ISO-8601 week (year, week) of a civil date: the week belongs to the year of its Thursday. */
function isoWeekOfCivil(d: CivilDate): { year: number; week: number } {
  const thursday = addDays(d, 4 - isoWeekday(d));
  const jan1 = dayNumber({ year: thursday.year, month: 1, day: 1 });
  return { year: thursday.year, week: Math.floor((dayNumber(thursday) - jan1) / 7) + 1 };
}

/** ISO-8601 week of the local date of `date` in `timeZone`. */
export function isoWeekOf(date: Date, timeZone: string): { year: number; week: number } {
  return isoWeekOfCivil(localDate(date.getTime(), timeZone));
}

/** Monday of ISO week `week` of ISO year `year`. */
function mondayOfIsoWeek(year: number, week: number): CivilDate {
  const jan4 = { year, month: 1, day: 4 }; // always in week 1
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  return addDays(week1Monday, (week - 1) * 7);
}

/** 52 or 53. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOfCivil({ year, month: 12, day: 28 }).week;
}

function weekKey(monday: CivilDate): string {
  const { year, week } = isoWeekOfCivil(monday);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function build(
  cadence: Period['cadence'],
  key: string,
  label: string,
  startMs: number,
  endMs: number,
  timeZone: string,
): Period {
  return {
    key,
    label,
    cadence,
    timeZone,
    start: formatLocalIso(startMs, timeZone),
    end: formatLocalIso(endMs, timeZone),
    startEpoch: Math.floor(startMs / 1000),
    endEpoch: Math.floor(endMs / 1000),
  };
}

/** The calendar period of `cadence` that begins on the local date `first` (a Monday / 1st of month for weekly / monthly). */
function calendarPeriod(cadence: PeriodCadence, first: CivilDate, timeZone: string): Period {
  const start = startOfLocalDay(first, timeZone);
  switch (cadence) {
    case 'daily':
      return build(
        'daily',
        formatCivilDate(first),
        dayLabel(first),
        start,
        startOfLocalDay(addDays(first, 1), timeZone),
        timeZone,
      );
    case 'weekly':
      return build(
        'weekly',
        weekKey(first),
        `week of ${dayLabel(first)}`,
        start,
        startOfLocalDay(addDays(first, 7), timeZone),
        timeZone,
      );
    case 'monthly':
      return build(
        'monthly',
        formatCivilDate(first).slice(0, 7),
        `${MONTHS[first.month - 1]} ${first.year}`,
        start,
        startOfLocalDay(addMonths(first, 1), timeZone),
        timeZone,
      );
  }
}

/** First day of the `cadence` period containing local date `d`. */
function periodFirstDay(cadence: PeriodCadence, d: CivilDate): CivilDate {
  switch (cadence) {
    case 'daily':
      return d;
    case 'weekly':
      return addDays(d, 1 - isoWeekday(d));
    case 'monthly':
      return { year: d.year, month: d.month, day: 1 };
  }
}

function stepBack(cadence: PeriodCadence, d: CivilDate): CivilDate {
  switch (cadence) {
    case 'daily':
      return addDays(d, -1);
    case 'weekly':
      return addDays(d, -7);
    case 'monthly':
      return addMonths(d, -1);
  }
}

function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new PeriodError(`unknown time zone "${timeZone}": must be an IANA time zone such as "Europe/Paris"`);
  }
}

/**
 * The last full period that ended at or before `scheduledTime`, in `timeZone`: for a run on Monday
 * 08:00 the week Monday 00:00 → Monday 00:00 that just ended; a run exactly at local midnight gets the
 * period ending at that instant.
 */
export function scheduledPeriod(cadence: PeriodCadence, scheduledTime: Date, timeZone: string): Period {
  assertTimeZone(timeZone);
  const ms = scheduledTime.getTime();
  if (!Number.isFinite(ms)) throw new PeriodError('scheduled time is not a valid date');
  const currentFirst = periodFirstDay(cadence, localDate(ms, timeZone));
  return calendarPeriod(cadence, stepBack(cadence, currentFirst), timeZone);
}

/** Parses the local date part of a period's `start`/`end` (`2026-11-09T…`). */
function civilOf(iso: string): CivilDate {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/**
 * The comparison period just before `p`: previous day/week/month for calendar periods. Custom periods
 * made of whole local days get the same number of days immediately before (so they chain without a
 * gap); a to-date period (`this-week`, `today`, `this-month`: its end is not a local midnight) gets
 * the same wall-clock span one week / day / month earlier, the like-for-like comparison.
 */
export function previousPeriod(p: Period): Period {
  if (p.cadence !== 'custom') {
    return calendarPeriod(p.cadence, stepBack(p.cadence, civilOf(p.start)), p.timeZone);
  }
  const tz = p.timeZone;
  const start = localFields(p.startEpoch * 1000, tz);
  const end = localFields(p.endEpoch * 1000, tz);
  const wholeDays = end.hour === 0 && end.minute === 0 && end.second === 0;
  if (wholeDays) {
    const days = dayNumber(end) - dayNumber(start);
    return customRange(addDays(start, -days), start, tz);
  }
  // To-date spans: shift both bounds by the unit the span started on (month if it starts on the 1st
  // and is longer than a week, week if it starts on a Monday, else a day).
  const unit = toDateUnit(p);
  const shift = (d: CivilDate): CivilDate =>
    unit === 'month' ? addMonths(d, -1) : addDays(d, unit === 'week' ? -7 : -1);
  const prevStart = instantOfLocal({ ...shift(start), hour: start.hour, minute: start.minute, second: 0 }, tz);
  const prevEnd = instantOfLocal({ ...shift(end), hour: end.hour, minute: end.minute, second: 0 }, tz);
  return toDatePeriod(prevStart, prevEnd, tz);
}

function toDateUnit(p: Period): 'day' | 'week' | 'month' {
  const lengthDays = (p.endEpoch - p.startEpoch) / 86_400;
  const first = civilOf(p.start);
  if (first.day === 1 && lengthDays > 7) return 'month';
  if (isoWeekday(first) === 1 && lengthDays > 1) return 'week';
  return 'day';
}

/** Whole local days [first, endExclusive). */
function customRange(first: CivilDate, endExclusive: CivilDate, timeZone: string): Period {
  return build(
    'custom',
    `${formatCivilDate(first)}..${formatCivilDate(endExclusive)}`,
    rangeLabel(first, addDays(endExclusive, -1)),
    startOfLocalDay(first, timeZone),
    startOfLocalDay(endExclusive, timeZone),
    timeZone,
  );
}

/**
 * A span whose end is not a local midnight: key `2026-11-16..2026-11-18T1400` (no colon: keys end up
 * in S3 keys and local file names), label "16–18 Nov 2026, until 14:00".
 */
function toDatePeriod(startMs: number, endMs: number, timeZone: string): Period {
  const s = localFields(startMs, timeZone);
  const e = localFields(endMs, timeZone);
  const hhmm = `${String(e.hour).padStart(2, '0')}:${String(e.minute).padStart(2, '0')}`;
  return build(
    'custom',
    `${formatCivilDate(s)}..${formatCivilDate(e)}T${hhmm.replace(':', '')}`,
    `${rangeLabel(s, e)}, until ${hhmm}`,
    startMs,
    endMs,
    timeZone,
  );
}

export interface PeriodSpecContext {
  /** The report's cadence: what `previous` / `last` mean. */
  cadence: PeriodCadence;
  timeZone: string;
  now: Date;
}

const MAX_CUSTOM_DAYS = 31;

/**
 * Parses a period given on the command line / API:
 * - `last` / `previous`: the last full period of `ctx.cadence` (what the scheduled run would report)
 * - `last-week`, `last-day` / `yesterday`, `last-month`: the last full week / day / month
 * - `this-week`, `today`, `this-month`: to date, from the local start of the current week / day / month
 *   to `now` rounded down to the local hour (cadence `custom`; compared with the same span one unit earlier)
 * - `2026-W46` (ISO week), `2026-11-16` (a day), `2026-11` (a month)
 * - `2026-11-02..2026-11-09`: whole local days, end exclusive, 1–31 days (cadence `custom`)
 * Every period must have ended by `ctx.now` (to-date ones end at `now`).
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
        `it ends ${p.end}, after now (${formatLocalIso(now.getTime(), timeZone)}); pick a finished period, or "this-week" / "today" / "this-month" for a period to date`,
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
      const cadence = word === 'this-week' ? 'weekly' : word === 'today' ? 'daily' : 'monthly';
      const nowFields = localFields(now.getTime(), timeZone);
      const first = periodFirstDay(cadence, nowFields);
      const start = startOfLocalDay(first, timeZone);
      const end = instantOfLocal({ ...nowFields, minute: 0, second: 0 }, timeZone);
      const unit = word === 'this-week' ? 'week' : word === 'today' ? 'day' : 'month';
      if (end <= start) fail(`the current ${unit} started less than an hour ago, there is nothing to report yet`);
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
    const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    if (!isValidCivilDate(d)) fail('not a calendar date');
    return ensureEnded(calendarPeriod('daily', d, timeZone));
  }
  m = /^(\d{4})-(\d{2})$/.exec(raw);
  if (m) {
    const d = { year: Number(m[1]), month: Number(m[2]), day: 1 };
    if (!isValidCivilDate(d)) fail('month must be 01–12');
    return ensureEnded(calendarPeriod('monthly', d, timeZone));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (m) {
    const first = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    const end = { year: Number(m[4]), month: Number(m[5]), day: Number(m[6]) };
    if (!isValidCivilDate(first)) fail(`${formatCivilDate(first)} is not a calendar date`);
    if (!isValidCivilDate(end)) fail(`${formatCivilDate(end)} is not a calendar date`);
    const days = dayNumber(end) - dayNumber(first);
    if (days <= 0) fail('the end date is exclusive and must be after the start date');
    if (days > MAX_CUSTOM_DAYS) fail(`a range covers at most ${MAX_CUSTOM_DAYS} days, this one covers ${days}`);
    return ensureEnded(customRange(first, end, timeZone));
  }
  return fail(
    'expected last | previous | last-week | last-day | yesterday | last-month | this-week | today | this-month | ' +
      'YYYY-Www (ISO week) | YYYY-MM-DD (day) | YYYY-MM (month) | YYYY-MM-DD..YYYY-MM-DD (end exclusive)',
  );
}

/** Mux Data keeps 100 days of history: refuse periods starting earlier (relative to `now`). */
export function assertWithinRetention(p: Period, now: Date, retentionDays = 100): void {
  const oldest = now.getTime() - retentionDays * 86_400_000;
  if (p.startEpoch * 1000 < oldest) {
    const startDay = p.start.slice(0, 10);
    const today = formatCivilDate(localDate(now.getTime(), p.timeZone));
    throw new PeriodError(
      `period ${p.key} starts ${startDay}, more than ${retentionDays} days before now (${today}); Mux Data keeps ${retentionDays} days`,
    );
  }
}
