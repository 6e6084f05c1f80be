import type { Period } from './types.js';
import { PeriodError } from './types.js';
import { zonedAt } from './zone.js';

/** Mux Data keeps 100 days of history: refuse periods starting earlier (relative to `now`). */
export function assertWithinRetention(p: Period, now: Date, retentionDays = 100): void {
  const oldest = now.getTime() - retentionDays * 86_400_000;
  if (p.startEpoch * 1000 < oldest) {
    const startDay = p.start.slice(0, 10);
    const today = zonedAt(now.getTime(), p.timeZone).toPlainDate().toString();
    throw new PeriodError(
      `period ${p.key} starts ${startDay}, more than ${retentionDays} days before now (${today}); Mux Data keeps ${retentionDays} days`,
    );
  }
}
