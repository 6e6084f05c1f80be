/**
 * When a report's schedule fires, computed like EventBridge Scheduler's cron in the report's own time zone (a
 * local time that a DST change skips is skipped, as Scheduler does), and how many emails a run sends: for the
 * doctor's "next three runs" and its SES quota check (issue 25).
 */
import { Temporal } from 'temporal-polyfill';
import { type ReportConfig, WEEKDAYS } from '../../functions/commons/config/schema.js';
import { sendsEmail } from '../../infra/sender-rules.js';

/** The report's next `count` run instants after `now` (none when its schedule is off). */
export function nextRuns(report: ReportConfig, now: Date, count: number, horizonDays = 400): Temporal.ZonedDateTime[] {
  if (!report.schedule.enabled) return [];
  const [hour, minute] = report.schedule.time.split(':').map(Number) as [number, number];
  const instant = Temporal.Instant.fromEpochMilliseconds(now.getTime());
  const start = instant.toZonedDateTimeISO(report.timeZone).toPlainDate();
  const runs: Temporal.ZonedDateTime[] = [];
  for (let i = 0; runs.length < count && i <= horizonDays; i++) {
    const day = start.add({ days: i });
    if (report.cadence === 'weekly' && day.dayOfWeek !== WEEKDAYS.indexOf(report.schedule.weekday) + 1) continue;
    if (report.cadence === 'monthly' && day.day !== report.schedule.dayOfMonth) continue;
    const at = day.toZonedDateTime({ timeZone: report.timeZone, plainTime: new Temporal.PlainTime(hour, minute) });
    if (at.hour !== hour || at.minute !== minute) continue; // skipped by a DST change
    if (Temporal.Instant.compare(at.toInstant(), instant) > 0) runs.push(at);
  }
  return runs;
}

/** `Mon 2026-12-07 08:00 Europe/Paris (07:00 UTC)` */
export function formatRun(at: Temporal.ZonedDateTime): string {
  const utc = at.toInstant().toZonedDateTimeISO('UTC');
  const hhmm = (z: Temporal.ZonedDateTime) => `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`;
  const weekday = WEEKDAYS[at.dayOfWeek - 1]!;
  const name = weekday.charAt(0) + weekday.slice(1).toLowerCase();
  return `${name} ${at.toPlainDate().toString()} ${hhmm(at)} ${at.timeZoneId} (${hhmm(utc)} UTC)`;
}

/**
 * Emails one run sends, as SES counts them (one per recipient): the recipients, or for a fan-out each segment's
 * list (a `{ top: N }` fan-out counted at N segments, those without their own list getting the report's).
 */
export function emailsPerRun(report: ReportConfig): number {
  if (!sendsEmail(report)) return 0;
  const fanOut = report.fanOut;
  if (!fanOut) return report.recipients.length;
  const own = fanOut.recipients;
  const values = fanOut.values;
  if (Array.isArray(values)) return values.reduce((n, v) => n + (own[v] ?? report.recipients).length, 0);
  const listed = Object.values(own);
  const withOwn = Math.min(listed.length, values.top);
  const ownCount = listed
    .map((l) => l.length)
    .sort((a, b) => b - a)
    .slice(0, withOwn)
    .reduce((n, l) => n + l, 0);
  return ownCount + (values.top - withOwn) * report.recipients.length;
}

export interface BusiestDay {
  emails: number;
  /** The reports whose runs make up that 24 hours, with their share. */
  reports: { id: string; emails: number }[];
}

/**
 * The most emails the scheduled reports send within any 24 hours over the next `days` (SES's quota is a rolling
 * 24 hours).
 */
export function busiest24Hours(reports: readonly ReportConfig[], now: Date, days = 62): BusiestDay {
  const runs = reports.flatMap((r) => {
    const emails = emailsPerRun(r);
    if (emails === 0) return [];
    return nextRuns(r, now, days * 2, days).map((at) => ({ id: r.id, t: at.epochMilliseconds, emails }));
  });
  runs.sort((a, b) => a.t - b.t);
  let best: BusiestDay = { emails: 0, reports: [] };
  for (let i = 0; i < runs.length; i++) {
    const window = runs.filter((r) => r.t >= runs[i]!.t && r.t < runs[i]!.t + 86_400_000);
    const emails = window.reduce((n, r) => n + r.emails, 0);
    if (emails > best.emails) {
      const byReport = new Map<string, number>();
      for (const r of window) byReport.set(r.id, (byReport.get(r.id) ?? 0) + r.emails);
      best = { emails, reports: [...byReport].map(([id, n]) => ({ id, emails: n })) };
    }
  }
  return best;
}
