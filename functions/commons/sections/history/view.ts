import { formatValue, oneLine } from '../../format/index.js';
import { type BarRowVM, barWidth, base, COLORS, type SectionVM } from '../view-kit.js';
import { MAD_FACTOR } from './band.js';
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

/** One cell of the key-metrics table: a value, coloured and bold when this period is outside its band. */
export interface HistoryCellVM {
  text: string;
  color: string | null;
}

export interface HistoryTableVM {
  headers: string[];
  /** One line per metric: its band and the same period last year. */
  notes: string[];
  rows: { label: string; cells: HistoryCellVM[] }[];
}

export interface HistoryVM extends SectionVM {
  caption: string;
  /** Bar charts: the overall score and views. */
  series: HistorySeriesVM[];
  /** The key metrics, as numbers (five bar charts would add 18 KB to the worst-case email, over its 90 KB budget). */
  table: HistoryTableVM | null;
  /** Every flag, for the top of the section and the text part. */
  flags: string[];
  notes: string[];
  empty: string;
}

/** The series drawn as bar charts; the others are a table of numbers. */
const CHARTED = new Set(['viewer_experience_score', 'views']);

/** Column headers that fit a 375 px screen (the notes above the table carry the full labels). */
const SHORT_LABEL: Record<string, string> = {
  video_startup_time: 'Startup',
  rebuffer_percentage: 'Rebuffer',
  playback_failure_percentage: 'Failures',
};

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
  const max = Math.max(0, ...s.points.map((p) => p.value ?? 0));
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
    rows: s.points.map((p) => ({
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
  const all = part.series.map((s) => seriesView(s, noun));
  const tabled = part.series.filter((s) => !CHARTED.has(s.metric));
  const series = all.filter((_, i) => CHARTED.has(part.series[i]!.metric));
  return {
    ...base('History', part),
    caption: oneLine(
      `The last ${part.periods} ${noun}s from this report's archive (${part.archived} of ${part.periods - 1} earlier ${noun}s archived; a gap is a ${noun} with nothing archived). Scores on the 0–100 scale, the rest relative to the highest.`,
    ),
    series,
    table:
      tabled.length === 0
        ? null
        : keyMetricsTable(
            tabled,
            all.filter((_, i) => !CHARTED.has(part.series[i]!.metric)),
            noun,
          ),
    flags: all.flatMap((s) => (s.flag ? [s.flag] : [])),
    notes: part.notes.map(oneLine),
    empty: 'Nothing archived for this report yet.',
  };
}

function keyMetricsTable(series: HistorySeries[], vms: HistorySeriesVM[], noun: string): HistoryTableVM {
  const first = series[0]!;
  return {
    headers: [
      noun === 'period' ? 'Period' : noun[0]!.toUpperCase() + noun.slice(1),
      ...series.map((s, i) => SHORT_LABEL[s.metric] ?? vms[i]!.label),
    ],
    notes: vms.flatMap((v) => {
      const parts = [v.band, v.lastYear].filter((x): x is string => x !== null);
      return parts.length ? [`${v.label}: ${parts.join(' · ')}`] : [];
    }),
    rows: first.points.map((p, i) => ({
      label: oneLine(p.current ? `${p.label} (this ${noun})` : p.label),
      cells: series.map((s, j) => {
        const q = s.points[i]!;
        return {
          text: q.value === null ? '—' : oneLine(q.display),
          color: q.current && vms[j]!.flag ? vms[j]!.flagColor : null,
        };
      }),
    })),
  };
}
