/**
 * Calendar rules on plain dates (no time zone, so no DST can bend them): ISO-8601 weeks and the
 * labels the email shows. Temporal's ISO calendar gives the week numbering (`weekOfYear`,
 * `yearOfWeek`: the week belongs to the year of its Thursday).
 */
import { Temporal } from 'temporal-polyfill';

/** Monday of ISO week `week` of ISO year `year` (4 January is always in week 1). */
export function mondayOfIsoWeek(year: number, week: number): Temporal.PlainDate {
  const jan4 = Temporal.PlainDate.from({ year, month: 1, day: 4 });
  return jan4.subtract({ days: jan4.dayOfWeek - 1 }).add({ weeks: week - 1 });
}

/** ISO-8601 (year, week) of a date. */
export function isoWeekOfDate(date: Temporal.PlainDate): { year: number; week: number } {
  const { yearOfWeek: year, weekOfYear: week } = date;
  // Only non-ISO calendars leave these undefined; every date here is ISO.
  if (year === undefined || week === undefined) throw new Error(`${date.toString()} is not an ISO date`);
  return { year, week };
}

/** 52 or 53: 28 December is always in the last ISO week of its year. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOfDate(Temporal.PlainDate.from({ year, month: 12, day: 28 })).week;
}

/** `2026-W46` for a date of that ISO week. */
export function isoWeekKey(date: Temporal.PlainDate): string {
  const { year, week } = isoWeekOfDate(date);
  return `${year}-W${String(week).padStart(2, '0')}`;
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

/** "November 2026" */
export function monthLabel(d: Temporal.PlainDate): string {
  return `${MONTHS[d.month - 1]} ${d.year}`;
}

function shortMonth(month: number): string {
  return MONTHS[month - 1]!.slice(0, 3);
}

/** "9 Nov 2026" */
export function dayLabel(d: Temporal.PlainDate): string {
  return `${d.day} ${shortMonth(d.month)} ${d.year}`;
}

/** "2–8 Nov 2026", "28 Oct – 3 Nov 2026", "28 Dec 2026 – 3 Jan 2027", "2 Nov 2026" (inclusive days). */
export function rangeLabel(first: Temporal.PlainDate, last: Temporal.PlainDate): string {
  if (first.equals(last)) return dayLabel(first);
  if (first.year !== last.year) return `${dayLabel(first)} – ${dayLabel(last)}`;
  if (first.month !== last.month) return `${first.day} ${shortMonth(first.month)} – ${dayLabel(last)}`;
  return `${first.day}–${last.day} ${shortMonth(last.month)} ${last.year}`;
}
