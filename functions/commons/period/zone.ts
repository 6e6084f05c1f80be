/**
 * Time-zone primitives on Temporal (temporal-polyfill): every conversion between an instant and a
 * local wall clock goes through here, with the DST rules stated once.
 *
 * - The first instant of a local day is Temporal's start of day: local midnight, or the end of the gap
 *   when midnight does not exist (Asia/Beirut 2029-03-25 starts at 01:00+03:00), or the first of two
 *   midnights when midnight happens twice.
 * - Any other wall time resolves with `disambiguation: 'earlier'` when it happens twice, and to the
 *   first instant after the gap when it never happens (see `resolveWallTime`).
 * - No function here parses an offset string: instants come from epoch numbers, so Temporal's `offset`
 *   option never applies.
 *
 * The number-based functions (`localFields`, `instantOfLocal`, …) are the module's public API
 * (re-exported from index.ts) as thin wrappers; period.ts works on Temporal objects directly.
 */
import { Temporal } from 'temporal-polyfill';
import { PeriodError } from './types.js';

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

/** Throws a PeriodError unless `timeZone` is an IANA zone name (Temporal also accepts `+01:00`; we don't). */
export function assertTimeZone(timeZone: string): void {
  let valid = !/^[+-]/.test(timeZone);
  if (valid) {
    try {
      new Temporal.ZonedDateTime(0n, timeZone); // resolves the zone name, computes nothing
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    throw new PeriodError(`unknown time zone "${timeZone}": must be an IANA time zone such as "Europe/Paris"`);
  }
}

/** The instant `epochMs` (fractions of a millisecond dropped) seen in `timeZone`. */
export function zonedAt(epochMs: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(Math.floor(epochMs)).toZonedDateTimeISO(timeZone);
}

/** The first instant of local day `date` (no `plainTime`: Temporal's start of day, as `startOfDay()`). */
export function dayStart(date: Temporal.PlainDate, timeZone: string): Temporal.ZonedDateTime {
  return date.toZonedDateTime(timeZone);
}

/** True when `zdt` is the first instant of its local day. */
export function isDayStart(zdt: Temporal.ZonedDateTime): boolean {
  return zdt.startOfDay().epochNanoseconds === zdt.epochNanoseconds;
}

/**
 * True for a local day that never happened: its clocks jumped over it entirely (Pacific/Apia skipped
 * 2011-12-30 going from -10:00 to +14:00; Pacific/Kwajalein skipped 1993-08-21), so it starts where the
 * next day starts.
 */
export function isSkippedDay(date: Temporal.PlainDate, timeZone: string): boolean {
  return dayStart(date, timeZone).epochNanoseconds === dayStart(date.add({ days: 1 }), timeZone).epochNanoseconds;
}

/**
 * The instant at which the local wall clock shows `wall`:
 * - `disambiguation: 'earlier'`: a wall time that happens twice (DST end) is its first occurrence;
 * - a wall time that never happens (in a DST gap) is the first instant after the gap, i.e. the
 *   transition itself. (Temporal's 'compatible' would give wall time + gap length instead: 02:30 in a
 *   02:00→03:00 gap would become 03:30, later than a "now" of 03:10 it was rounded down from.)
 */
export function resolveWallTime(wall: Temporal.PlainDateTime, timeZone: string): Temporal.ZonedDateTime {
  const earlier = wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(earlier.toPlainDateTime(), wall) === 0) return earlier;
  // In a gap, 'earlier' is before the transition (wall time minus the gap length): the next one is it.
  const transition = earlier.getTimeZoneTransition('next');
  if (!transition) throw new Error(`no transition after ${earlier.toString()}: ${wall.toString()} is not in a gap`);
  return transition;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * `2026-11-09T00:00:00+01:00`: seconds, the offset rounded to the minute (half away from zero), never
 * `Z`, no zone name: what `zdt.toString({ smallestUnit: 'second', timeZoneName: 'never' })` prints
 * (test/period pins the equality), assembled from the fields in a third of the time (~9 µs vs ~30 µs
 * with temporal-polyfill 1.0.8; a period prints two).
 */
export function formatIso(zdt: Temporal.ZonedDateTime): string {
  const wall = zdt.toPlainDateTime();
  const offsetMinutes = Math.round(Math.abs(zdt.offsetNanoseconds) / 6e10);
  const sign = zdt.offsetNanoseconds < 0 && offsetMinutes > 0 ? '-' : '+';
  const offset = `${sign}${pad2(Math.floor(offsetMinutes / 60))}:${pad2(offsetMinutes % 60)}`;
  return `${wall.toPlainDate().toString()}T${pad2(wall.hour)}:${pad2(wall.minute)}:${pad2(wall.second)}${offset}`;
}

// ------------------------------------------------------------------ number-based public API (index.ts)

/** Local wall-clock fields of `epochMs` in `timeZone` (sub-second part dropped). */
export function localFields(epochMs: number, timeZone: string): LocalFields {
  const z = zonedAt(epochMs, timeZone);
  return { year: z.year, month: z.month, day: z.day, hour: z.hour, minute: z.minute, second: z.second };
}

/** UTC offset of `timeZone` at `epochMs`, in seconds (east positive), e.g. 3600 for Paris in winter. */
export function offsetSecondsAt(epochMs: number, timeZone: string): number {
  return Math.round(zonedAt(epochMs, timeZone).offsetNanoseconds / 1e9);
}

/**
 * Epoch ms at which the local wall clock in `timeZone` shows `fields` (a repeated wall time: the
 * earlier instant; one in a gap: the end of the gap). Throws a RangeError for an invalid date/time.
 */
export function instantOfLocal(fields: LocalFields, timeZone: string): number {
  const wall = Temporal.PlainDateTime.from(fields, { overflow: 'reject' });
  return resolveWallTime(wall, timeZone).epochMilliseconds;
}

/** Epoch ms of the first instant of the local day `date` in `timeZone`. */
export function startOfLocalDay(date: CivilDate, timeZone: string): number {
  return dayStart(Temporal.PlainDate.from(date, { overflow: 'reject' }), timeZone).epochMilliseconds;
}

/** Local ISO-8601 timestamp with the zone's offset at that instant: `2026-11-09T00:00:00+01:00`. */
export function formatLocalIso(epochMs: number, timeZone: string): string {
  return formatIso(zonedAt(epochMs, timeZone));
}
