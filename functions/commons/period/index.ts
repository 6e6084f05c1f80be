export { isoWeeksInYear } from './calendar.js';
export { isoWeekOf, previousPeriod, scheduledPeriod } from './period.js';
export { type PeriodSpecContext, parsePeriodSpec } from './spec.js';
export { type Period, type PeriodCadence, PeriodError } from './types.js';
export { formatLocalIso, instantOfLocal, localFields, offsetSecondsAt, startOfLocalDay } from './zone.js';
