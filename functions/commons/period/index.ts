export {
  assertWithinRetention,
  isoWeekOf,
  isoWeeksInYear,
  type Period,
  type PeriodCadence,
  PeriodError,
  type PeriodSpecContext,
  parsePeriodSpec,
  previousPeriod,
  scheduledPeriod,
} from './period.js';
export { formatLocalIso, instantOfLocal, localFields, offsetSecondsAt, startOfLocalDay } from './zone.js';
