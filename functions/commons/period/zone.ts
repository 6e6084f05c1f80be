/**
 * Time-zone arithmetic on top of `Intl` only (Node 20+ ships full ICU): the UTC offset of a zone at an
 * instant, the local wall-clock fields of an instant, and the reverse (local wall time → instant) with
 * explicit rules for DST gaps and overlaps. Everything else in `period/` is built on these three.
 *
 * Civil dates are plain `{ year, month, day }` records (month 1–12) and are manipulated as day numbers
 * (days since 1970-01-01) so that "add 7 days" never goes through an instant and can't be bent by DST.
 */

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export interface LocalFields extends CivilDate {
  hour: number;
  minute: number;
  second: number;
}

const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23 avoids the "24:00" midnight some ICU versions print with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock fields of `epochMs` in `timeZone` (sub-second part dropped). */
export function localFields(epochMs: number, timeZone: string): LocalFields {
  const out: LocalFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let bc = false;
  for (const part of formatterFor(timeZone).formatToParts(new Date(Math.floor(epochMs / 1000) * 1000))) {
    switch (part.type) {
      case 'year':
        out.year = Number(part.value);
        break;
      case 'month':
        out.month = Number(part.value);
        break;
      case 'day':
        out.day = Number(part.value);
        break;
      case 'hour':
        out.hour = Number(part.value);
        break;
      case 'minute':
        out.minute = Number(part.value);
        break;
      case 'second':
        out.second = Number(part.value);
        break;
      case 'era':
        bc = part.value.startsWith('B');
        break;
    }
  }
  if (bc) out.year = 1 - out.year;
  return out;
}

/** The wall-clock fields read as if they were UTC, in ms: the "local epoch". */
function wallMs(f: LocalFields): number {
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) + yearFix(f.year);
}

/** Date.UTC maps years 0–99 to 1900–1999; correct for that so ancient dates don't silently shift. */
function yearFix(year: number): number {
  if (year >= 0 && year <= 99) {
    const d = new Date(0);
    d.setUTCFullYear(year, 0, 1);
    return d.getTime() - Date.UTC(year, 0, 1);
  }
  return 0;
}

/** UTC offset of `timeZone` at `epochMs`, in seconds (east positive), e.g. 3600 for Paris in winter. */
export function offsetSecondsAt(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallMs(localFields(whole, timeZone)) - whole) / 1000);
}

/**
 * The instant at which the local wall clock in `timeZone` shows `fields`.
 * - Overlap (the wall time happens twice, DST end): the earlier instant.
 * - Gap (the wall time never happens, DST start, e.g. midnight in America/Santiago on the September
 *   change): the first instant after the gap, i.e. the transition itself, so "start of day" is the
 *   first instant whose local date is that day.
 */
export function instantOfLocal(fields: LocalFields, timeZone: string): number {
  const wall = wallMs(fields);
  // The answer lies within ±14 h of `wall`; offsets sampled at both ends (and the middle) cover any
  // single transition in that window, which is all real zones ever do.
  const offsets = new Set<number>([
    offsetSecondsAt(wall - 15 * 3_600_000, timeZone),
    offsetSecondsAt(wall, timeZone),
    offsetSecondsAt(wall + 15 * 3_600_000, timeZone),
  ]);
  const valid: number[] = [];
  for (const off of offsets) {
    const t = wall - off * 1000;
    if (offsetSecondsAt(t, timeZone) === off) valid.push(t);
  }
  if (valid.length > 0) return Math.min(...valid);

  // Gap: find the transition instant (the first instant whose wall time is ≥ the wanted one).
  const sorted = [...offsets].sort((a, b) => a - b);
  let lo = wall - sorted[sorted.length - 1]! * 1000; // wall clock is before `wall` here
  let hi = wall - sorted[0]! * 1000; // and after it here
  lo = Math.floor(lo / 1000);
  hi = Math.ceil(hi / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(localFields(mid * 1000, timeZone)) >= wall) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

/** First instant of the local calendar day `date` in `timeZone` (midnight, or the end of a midnight gap). */
export function startOfLocalDay(date: CivilDate, timeZone: string): number {
  return instantOfLocal({ ...date, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** Local calendar date of an instant. */
export function localDate(epochMs: number, timeZone: string): CivilDate {
  const f = localFields(epochMs, timeZone);
  return { year: f.year, month: f.month, day: f.day };
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function dayNumber(d: CivilDate): number {
  return Math.round((Date.UTC(d.year, d.month - 1, d.day) + yearFix(d.year)) / MS_PER_DAY);
}

export function fromDayNumber(n: number): CivilDate {
  const dt = new Date(n * MS_PER_DAY);
  return { year: dt.getUTCFullYear(), month: dt.getUTCMonth() + 1, day: dt.getUTCDate() };
}

export function addDays(d: CivilDate, days: number): CivilDate {
  return fromDayNumber(dayNumber(d) + days);
}

export function addMonths(d: CivilDate, months: number): CivilDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: CivilDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(d) + 3) % 7) + 7) % 7) + 1;
}

export function isValidCivilDate(d: CivilDate): boolean {
  return (
    Number.isInteger(d.year) &&
    Number.isInteger(d.month) &&
    Number.isInteger(d.day) &&
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month)
  );
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/** `2026-11-09` */
export function formatCivilDate(d: CivilDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** `+01:00`, `-03:30`, `+00:00` (never `Z`). Historic second-level offsets are rounded to the minute. */
export function formatOffset(offsetSeconds: number): string {
  const minutes = Math.round(offsetSeconds / 60);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Local ISO-8601 timestamp with the zone's offset at that instant: `2026-11-09T00:00:00+01:00`. */
export function formatLocalIso(epochMs: number, timeZone: string): string {
  const f = localFields(epochMs, timeZone);
  const off = offsetSecondsAt(epochMs, timeZone);
  return `${formatCivilDate(f)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${formatOffset(off)}`;
}
