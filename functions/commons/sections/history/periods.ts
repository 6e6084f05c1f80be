/**
 * Which periods the history shows: this one and the ones before it (by default 12 weeks, 14 days, 13 months, this
 * one included; `history.periods` in the report's config, config/history.ts), and the same period a year earlier: 52 weeks back for weekly and daily reports (the same weekday,
 * which video traffic follows more than the date), 12 months back for monthly ones.
 */
import { Temporal } from 'temporal-polyfill';
import { type Period, type PeriodCadence, previousPeriod } from '../../period/index.js';
import { calendarPeriod } from '../../period/period.js';

const YEAR_BACK: Readonly<Record<PeriodCadence, Temporal.DurationLike>> = {
  weekly: { weeks: 52 },
  daily: { weeks: 52 },
  monthly: { months: 12 },
};

/** The local date a period starts on (its `start` carries its offset, so the date part is local). */
export const startDate = (p: Pick<Period, 'start'>): string => p.start.slice(0, 10);

/** `count` periods, oldest first, `current` last. */
export function historyPeriods(current: Period, count: number): Period[] {
  const out = [current];
  for (let i = 1; i < count; i++) out.unshift(previousPeriod(out[0]!));
  return out;
}

export function lastYearPeriod(current: Period, cadence: PeriodCadence): Period {
  const first = Temporal.PlainDate.from(startDate(current)).subtract(YEAR_BACK[cadence]);
  return calendarPeriod(cadence, first, current.timeZone);
}

/** Our own names: ICU's en-GB abbreviations differ between Node versions ("Sept" for "Sep"). */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "16 Nov" (weeks, days), "Nov 2026" (months); `start` is a local date (YYYY-MM-DD). */
export function shortLabel(start: string, cadence: PeriodCadence): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const month = MONTHS[m - 1]!;
  return cadence === 'monthly' ? `${month} ${y}` : `${d} ${month}`;
}
