import { formatValue, oneLine } from '../../format/index.js';
import { type BarClass, type ChartVM, columnChart } from '../chart-kit.js';
import { type BarRowVM, barWidth, base, COLORS, type SectionVM } from '../view-kit.js';
import { MAD_FACTOR } from './band.js';
import type { HistoryPart, HistoryPoint, HistorySeries } from './schema.js';

export interface HistorySeriesVM {
  label: string;
  /** "Normal range 80 to 86 (median ± 3 MAD of 11 weeks)"; null with fewer than 8 archived periods. */
  band: string | null;
  /** The plain-words flag when this period is outside the band; null inside it. */
  flag: string | null;
  flagColor: string;
  /** "Same week last year (17 Nov 2025): 81". */
  lastYear: string | null;
  /** "This week 82" (or "no data"). */
  now: string;
  /** The email's column chart: one column per period from the first archived one, this one included. */
  chart: ChartVM;
  /** The same periods as rows, for the text part. */
  rows: BarRowVM[];
}

export interface HistoryVM extends SectionVM {
  caption: string;
  /** One chart each: the overall score, views, then up to three key metrics (collect.ts, historyMetrics). */
  series: HistorySeriesVM[];
  /** Every flag, for the top of the section and the text part. */
  flags: string[];
  notes: string[];
  /** The one line shown instead of charts when nothing before this period is archived. */
  empty: string;
}

const NOUN: Record<string, string> = { weekly: 'week', daily: 'day', monthly: 'month' };

/** A band bound for display: these metrics are never negative, scores never above 1. */
const bound = (s: HistorySeries, v: number): string =>
  formatValue(s.unit, s.unit === 'score' ? Math.min(1, Math.max(0, v)) : Math.max(0, v));

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function flagOf(s: HistorySeries, noun: string): { text: string; color: string; cls: BarClass } | null {
  if (!s.outside || !s.band) return null;
  const now = s.points[s.points.length - 1]!;
  const range = `${bound(s, s.band.low)} to ${bound(s, s.band.high)}`;
  const worse = s.direction === 'neutral' ? null : (s.outside === 'above') === (s.direction === 'lower_is_better');
  const verdict =
    worse === null
      ? `unusually ${s.outside === 'above' ? 'high' : 'low'}`
      : worse
        ? 'worse than usual'
        : 'better than usual';
  return {
    text: oneLine(
      `${s.label} ${now.display} this ${noun} is ${s.outside} its normal range (${range} over the last ${plural(s.band.periods, noun)}): ${verdict}.`,
    ),
    color: worse === null ? COLORS.neutral : worse ? COLORS.worse : COLORS.better,
    cls: worse === null ? 'cc' : worse ? 'cw' : 'cb',
  };
}

/**
 * The periods worth drawing: from the first one with an archived value on (earlier ones are before the archive
 * began, not gaps), this one included. Later gaps stay gaps.
 */
export function chartedPoints(points: readonly HistoryPoint[]): HistoryPoint[] {
  const first = points.findIndex((p) => p.value !== null || p.current);
  return first < 0 ? [] : points.slice(first);
}

function seriesView(s: HistorySeries, noun: string): HistorySeriesVM {
  const shown = chartedPoints(s.points);
  const max = Math.max(0, ...shown.map((p) => p.value ?? 0));
  const width = (v: number | null): number | null =>
    v === null ? null : s.unit === 'score' ? barWidth(v) : max > 0 ? barWidth(v / max) : 0;
  const flag = flagOf(s, noun);
  const label = oneLine(s.label);
  return {
    label,
    band: s.band
      ? `Normal range ${bound(s, s.band.low)} to ${bound(s, s.band.high)} (shaded; median ± ${MAD_FACTOR} MAD of ${plural(s.band.periods, noun)})`
      : null,
    flag: flag?.text ?? null,
    flagColor: flag?.color ?? COLORS.neutral,
    now: oneLine(`This ${noun} ${s.points.at(-1)?.display ?? 'no data'}`),
    lastYear: s.lastYear ? oneLine(`Same ${noun} last year (${s.lastYear.label}): ${s.lastYear.display}`) : null,
    chart: columnChart(
      shown.map((p) => ({ ...p, label: p.current ? `${p.label} (this ${noun})` : p.label })),
      {
        band: s.band,
        currentClass: flag?.cls ?? 'cc',
        span: plural(shown.length, noun),
        title: label,
      },
    ),
    rows: shown.map((p) => ({
      label: oneLine(p.current ? `${p.label} (this ${noun})` : p.label),
      value: p.value === null ? '—' : oneLine(p.display),
      aside: '',
      width: width(p.value),
      color: p.current ? (flag?.color ?? COLORS.bar) : COLORS.barOther,
    })),
  };
}

export function historyView(part: HistoryPart): HistoryVM {
  const noun = part.cadence ? NOUN[part.cadence]! : 'period';
  const empty = `No history yet: nothing is archived for this report before this ${noun}; the charts start with the next report.`;
  // Nothing archived before this period: one line, not charts of one column.
  const series = part.archived === 0 ? [] : part.series.map((s) => seriesView(s, noun));
  const first = part.series.flatMap((s) => chartedPoints(s.points).slice(0, 1))[0];
  const since = first && !first.current ? first.label : null;
  return {
    ...base('History', part),
    caption: oneLine(
      `Since ${since ?? 'this ' + noun}: ${plural(part.archived, `earlier ${noun}`)} archived by this report (a missing column is a ${noun} with nothing archived). Columns start above zero, to show change; this ${noun}'s is dark.`,
    ),
    series,
    flags: series.flatMap((s) => (s.flag ? [s.flag] : [])),
    notes: part.notes.map(oneLine),
    empty,
  };
}
