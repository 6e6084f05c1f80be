/**
 * Configuration WARNINGS: valid settings that will give worse reports than the user probably wants. They never
 * fail a load; `loadConfig({ onWarning })` hands them to the caller, and `cdk synth` and the CLI print them.
 *
 * Schedule too close to the period's end. Mux counts a view when it ends, and a view stays open up to an hour
 * after playback stops (it is finalised after 60 minutes without events), so a report generated less than an hour
 * after its data ends misses views (a weekly report at MON 00:30). "Its data ends" is where the engine's request
 * ends, not the local midnight: Mux rounds a month to whole UTC days and the engine aligns the bounds to the
 * nearest UTC midnight (period/timeframe.ts), so a monthly report in Asia/Tokyo (+09:00) covers up to 09:00 local
 * on the 1st and the default 08:00 schedule would run before its data even ends.
 */
import { alignBound, ROUNDING_STEP_S, type RoundingClass } from '../period/timeframe.js';
import type { ConfigIssue } from './errors.js';
import { formatIssuePath } from './issue-text.js';
import type { Config, ReportConfig } from './schema.js';

/** How long after its last minute Mux may still add views to a span (see above). */
const SETTLE_MIN = 60;

/** Mux's rounding class of each cadence's period (a day or a week: hours; a month, > 15 days: UTC days). */
const ROUNDING: Record<ReportConfig['cadence'], RoundingClass> = { daily: 'hour', weekly: 'hour', monthly: 'day' };
const PERIOD: Record<ReportConfig['cadence'], string> = { daily: 'day', weekly: 'week', monthly: 'month' };

/** UTC offsets (seconds east) the zone uses in January and July: both sides of any DST. */
function offsetsOf(timeZone: string): number[] {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offsets = [Date.UTC(2026, 0, 15, 12), Date.UTC(2026, 6, 15, 12)].map((t) => {
    const name = f.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
  });
  return [...new Set(offsets)];
}

/**
 * Minutes after local midnight at which the engine's request for a period ending at that midnight ends (negative:
 * before it). Local midnight is `k·86400 − offset` in epoch seconds, so only `−offset` matters for the alignment.
 */
export function dataEndMinutes(cadence: ReportConfig['cadence'], offsetS: number): number {
  return (alignBound(-offsetS, ROUNDING_STEP_S[ROUNDING[cadence]]) + offsetS) / 60;
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function runsOnPeriodEnd(report: ReportConfig): string | null {
  const { schedule } = report;
  if (report.cadence === 'daily') return 'every day';
  if (report.cadence === 'weekly') return schedule.weekday === 'MON' ? 'on MON' : null;
  return schedule.dayOfMonth === 1 ? 'on day 1' : null;
}

function scheduleWarning(report: ReportConfig, path: string): ConfigIssue | null {
  if (!report.schedule.enabled) return null;
  // Other days are at least a day after the period's end (the engine moves it by less than 12 h).
  const day = runsOnPeriodEnd(report);
  if (day === null) return null;
  const [h, m] = report.schedule.time.split(':').map(Number) as [number, number];
  const runs = h * 60 + m;
  const end = Math.max(...offsetsOf(report.timeZone).map((o) => dataEndMinutes(report.cadence, o)));
  const lag = runs - end;
  if (lag >= SETTLE_MIN) return null;
  const earliest = end + SETTLE_MIN;
  const where = `${report.schedule.time} ${day} (${report.timeZone})`;
  const when =
    end > 0
      ? `before its data ends at ${hhmm(end)}: Mux rounds a ${PERIOD[report.cadence]} to whole ${ROUNDING[report.cadence] === 'day' ? 'UTC days' : 'hours'}, so its numbers cover up to ${hhmm(end)} local`
      : lag <= 0
        ? 'when its period ends'
        : `${lag} minute${lag === 1 ? '' : 's'} after its period ends`;
  return {
    path,
    message:
      `report "${report.id}" runs at ${where}, ${when}. Mux counts a view when it ends and a view stays open up to an hour after playback stops, so the report would miss views; ` +
      (earliest < 24 * 60 ? `schedule it at ${hhmm(earliest)} or later` : 'schedule it on a later day'),
  };
}

/**
 * Segments with their own recipients are usually a platform's customers (config/audience.ts): as `internal` they
 * would get a shared `To` list and no way to stop the mail.
 */
function audienceWarning(report: ReportConfig, path: string): ConfigIssue | null {
  const own = Object.keys(report.fanOut?.recipients ?? {}).length;
  if (report.audience === 'external' || own === 0) return null;
  return {
    path,
    message:
      `report "${report.id}" sends ${own} fan-out segment${own === 1 ? '' : 's'} to their own recipients but is ` +
      'audience "internal": if they are customers, set audience: "external" so each address gets its own message ' +
      'with a one-click unsubscribe link (docs/unsubscribe.md)',
  };
}

export function configWarnings(config: Config): ConfigIssue[] {
  return config.reports.flatMap((r, i) =>
    [
      scheduleWarning(r, formatIssuePath(['reports', i, 'schedule', 'time'], config)),
      audienceWarning(r, formatIssuePath(['reports', i, 'audience'], config)),
    ].filter((w) => w !== null),
  );
}
