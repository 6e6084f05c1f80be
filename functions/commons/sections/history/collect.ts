/**
 * History: this period against the report's own past periods, read from its archive (no Mux call). This period's
 * values come from the scorecards the engine already fetched (memoised: the scores and key-metrics sections ask
 * for the same ones), the past ones from archived snapshots: one listing by prefix and at most one read per
 * period shown (the archive port, ../archive.ts). A period with nothing readable archived is a gap (null), never 0.
 */
import { metricDef } from '../../catalog/metrics.js';
import { historyPeriodsFor } from '../../config/history.js';
import { formatValue } from '../../format/index.js';
import type { Period } from '../../period/index.js';
import { metricName } from '../../snapshot/metric-value.js';
import { SectionUnavailableError } from '../reason.js';
import type { Collected, SectionContext } from '../section.js';
import { normalBand, outsideBand } from './band.js';
import { historyMetrics } from './metrics.js';
import { historyPeriods, lastYearPeriod, shortLabel, startDate } from './periods.js';
import { type ArchivedValues, readArchived } from './read.js';
import type { HistoryPart, HistoryPoint, HistorySeries } from './schema.js';

export type HistoryData = Omit<HistoryPart, 'status' | 'reason'>;

export const emptyHistory = (ctx: SectionContext): HistoryData => ({
  cadence: ctx.period.cadence === 'custom' ? null : ctx.period.cadence,
  periods: 0,
  archived: 0,
  series: [],
  notes: [],
});

export const NO_ARCHIVE = 'no snapshot archive is configured to read past periods from';

/** No archive, or a custom period: the section is left out of the email, the snapshot says why. */
export function historyDisabledIn(ctx: SectionContext): string | null {
  if (!ctx.archive) return NO_ARCHIVE;
  return ctx.period.cadence === 'custom' ? 'a custom period has no history (history follows the cadence)' : null;
}

export async function collectHistory(ctx: SectionContext): Promise<Collected<HistoryData>> {
  // The registry does not run the section when historyDisabledIn says it is off; this keeps direct callers honest.
  const cadence = ctx.period.cadence;
  if (!ctx.archive || cadence === 'custom') throw new SectionUnavailableError(historyDisabledIn(ctx) ?? NO_ARCHIVE);
  const periods = historyPeriods(ctx.period, historyPeriodsFor(ctx.report, cadence));
  const past = periods.slice(0, -1);
  const lastYear = lastYearPeriod(ctx.period, cadence);
  const dates = [...new Set([...past, lastYear].map(startDate))];
  const metrics = historyMetrics(ctx.report.keyMetrics);

  const [texts, current] = await Promise.all([
    ctx.archive.read(ctx.report.id, cadence, dates),
    Promise.all(
      metrics.map(({ metric, measurement }) =>
        metric === 'views' ? ctx.scorecards.totals.current.views : ctx.scorecards.value('current', metric, measurement),
      ),
    ),
  ]);
  const notes: string[] = [];
  const byDate = new Map<string, ArchivedValues>();
  let skipped = 0;
  for (const date of dates) {
    const entry = texts.get(date);
    if (!entry) continue;
    const read = readArchived(entry);
    if (read.note) notes.push(read.note);
    if (read.values) byDate.set(date, read.values);
    else skipped++;
  }

  const series = metrics.map(({ metric, measurement }, i): HistorySeries => {
    const def = metricDef(metric);
    // Kept (and shown next to the label) unless it is the plain average, as the key-metrics table does.
    const shown = measurement === 'avg' ? null : measurement;
    const point = (p: Period, value: number | null, isCurrent = false): HistoryPoint => ({
      key: p.key,
      start: startDate(p),
      label: shortLabel(startDate(p), cadence),
      value,
      display: value === null ? 'no data' : formatValue(def.unit, value),
      current: isCurrent,
    });
    const archived = (p: Period): number | null => byDate.get(startDate(p))?.value(metric, measurement) ?? null;
    const pastPoints = past.map((p) => point(p, archived(p)));
    const value = current[i] ?? null;
    const band = normalBand(pastPoints.flatMap((p) => (p.value === null ? [] : [p.value])));
    const ly = byDate.has(startDate(lastYear)) ? point(lastYear, archived(lastYear)) : null;
    return {
      metric,
      measurement: shown,
      label: metricName({ label: def.label, measurement: shown }),
      unit: def.unit,
      direction: def.direction,
      points: [...pastPoints, point(ctx.period, value, true)],
      band,
      outside: outsideBand(value, band),
      lastYear: ly,
    };
  });
  return {
    data: {
      cadence,
      periods: periods.length,
      archived: past.filter((p) => byDate.has(startDate(p))).length,
      series,
      notes,
    },
    partial:
      skipped > 0 ? `${skipped} archived snapshot${skipped === 1 ? '' : 's'} could not be read (see notes)` : null,
  };
}
