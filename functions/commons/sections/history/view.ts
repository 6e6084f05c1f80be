import { HISTORY_CHART_PERIODS } from '../../config/history.js';
import { formatValue, oneLine } from '../../format/index.js';
import { type BarRowVM, barWidth, base, COLORS, type SectionVM } from '../view-kit.js';
import { MAD_FACTOR } from './band.js';
import { MAX_HISTORY_KEY_METRICS } from './metrics.js';
import type { HistoryPart, HistorySeries } from './schema.js';

export interface HistorySeriesVM {
  label: string;
  /** "Normal range 80–86 (median ± 3 MAD of 11 weeks)"; null with fewer than 8 archived periods. */
  band: string | null;
  /** The plain-words flag when this period is outside the band; null inside it. */
  flag: string | null;
  flagColor: string;
  /** "Same week last year (17 Nov 2025): 81". */
  lastYear: string | null;
  rows: BarRowVM[];
}

export interface HistoryVM extends SectionVM {
  caption: string;
  /** One bar chart each: the overall score, views, then up to three key metrics (collect.ts, historyMetrics). */
  series: HistorySeriesVM[];
  /** Every flag, for the top of the section and the text part. */
  flags: string[];
  notes: string[];
  empty: string;
}

const NOUN: Record<string, string> = { weekly: 'week', daily: 'day', monthly: 'month' };

/** A band bound for display: these metrics are never negative, scores never above 1. */
const bound = (s: HistorySeries, v: number): string =>
  formatValue(s.unit, s.unit === 'score' ? Math.min(1, Math.max(0, v)) : Math.max(0, v));

function flagOf(s: HistorySeries, noun: string): { text: string; color: string } | null {
  if (!s.outside || !s.band) return null;
  const now = s.points[s.points.length - 1]!;
  const range = `${bound(s, s.band.low)}–${bound(s, s.band.high)}`;
  const worse = s.direction === 'neutral' ? null : (s.outside === 'above') === (s.direction === 'lower_is_better');
  const verdict =
    worse === null
      ? `unusually ${s.outside === 'above' ? 'high' : 'low'}`
      : worse
        ? 'worse than usual'
        : 'better than usual';
  return {
    text: oneLine(
      `${s.label} ${now.display} this ${noun} is ${s.outside} its normal range (${range} over the last ${s.band.periods} ${noun}s): ${verdict}.`,
    ),
    color: worse === null ? COLORS.neutral : worse ? COLORS.worse : COLORS.better,
  };
}

function seriesView(s: HistorySeries, noun: string): HistorySeriesVM {
  // The snapshot keeps every period read; the email draws the last few (the band is still over all of them).
  const shown = s.points.slice(-HISTORY_CHART_PERIODS);
  const max = Math.max(0, ...shown.map((p) => p.value ?? 0));
  const width = (v: number | null): number | null =>
    v === null ? null : s.unit === 'score' ? barWidth(v) : max > 0 ? barWidth(v / max) : 0;
  const flag = flagOf(s, noun);
  return {
    label: oneLine(s.label),
    band: s.band
      ? `Normal range ${bound(s, s.band.low)}–${bound(s, s.band.high)} (median ± ${MAD_FACTOR} MAD of ${s.band.periods} ${noun}s)`
      : null,
    flag: flag?.text ?? null,
    flagColor: flag?.color ?? COLORS.neutral,
    lastYear: s.lastYear ? oneLine(`Same ${noun} last year (${s.lastYear.label}): ${s.lastYear.display}`) : null,
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
  const series = part.series.map((s) => seriesView(s, noun));
  const span =
    part.periods > HISTORY_CHART_PERIODS
      ? `The last ${HISTORY_CHART_PERIODS} of the ${part.periods} ${noun}s read (normal ranges are over all of them)`
      : `The last ${part.periods} ${noun}s`;
  return {
    ...base('History', part),
    caption: oneLine(
      `${span} from this report's archive (${part.archived} of ${part.periods - 1} earlier ${noun}s archived; a gap is a ${noun} with nothing archived). Key metrics: the first ${MAX_HISTORY_KEY_METRICS} of this report's. Scores on the 0–100 scale, the rest relative to the highest.`,
    ),
    series,
    flags: series.flatMap((s) => (s.flag ? [s.flag] : [])),
    notes: part.notes.map(oneLine),
    empty: 'Nothing archived for this report yet.',
  };
}
