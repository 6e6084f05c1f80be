import { metricDef } from '../../catalog/metrics.js';
import { formatCount, oneLine } from '../../format/index.js';
import { type ChartVM, columnChart } from '../chart-kit.js';
import { type BarRowVM, barWidth, base, COLORS, cap, MAX, type SectionVM } from '../view-kit.js';
import type { TrendPart } from './schema.js';

export interface TrendVM extends SectionVM {
  caption: string;
  barHeader: string;
  valueHeader: string;
  /** The email's column chart, one column per point; the rows are the text part's. */
  chart: ChartVM;
  /** "Lowest 80 (Thu 19) · highest 84 (Sat 21) · 48,213 views": the numbers beside the chart. */
  summary: string;
  rows: Array<BarRowVM & { marker: string | null }>;
  /** "◆ Tue 17: Deploy player v3.2.0", for the text part. */
  markers: string[];
  empty: string;
}

/** Per point at most this many notes are shown (a busy deploy day stays one line); the snapshot keeps them all. */
const MARKERS_PER_POINT = 2;

export function trendView(part: TrendPart): TrendVM {
  const def = metricDef(part.metric);
  // Scores are fractions: bars on the absolute 0–100 scale. Other units: relative to the period's maximum.
  const max = Math.max(0, ...part.points.map((p) => p.value ?? 0));
  const width = (v: number | null): number | null =>
    v === null ? null : def.unit === 'score' ? barWidth(v) : max > 0 ? barWidth(v / max) : 0;
  const markerText = (i: number): string | null => {
    const notes = (part.markers ?? []).filter((m) => m.point === i).map((m) => m.note);
    if (notes.length === 0) return null;
    const shown = notes.slice(0, MARKERS_PER_POINT).join(' · ');
    return cap(notes.length > MARKERS_PER_POINT ? `${shown} +${notes.length - MARKERS_PER_POINT}` : shown, MAX.name);
  };
  const valued = part.points.filter((p) => p.value !== null);
  const by = (pick: (a: number, b: number) => boolean) =>
    valued.reduce<(typeof valued)[number] | undefined>(
      (best, p) => (!best || pick(p.value!, best.value!) ? p : best),
      undefined,
    );
  const low = by((a, b) => a < b);
  const high = by((a, b) => a > b);
  const views = part.points.reduce((sum, p) => sum + p.views, 0);
  return {
    ...base(part.granularity === 'hour' ? 'Hourly trend' : 'Daily trend', part),
    caption: oneLine(
      def.unit === 'score'
        ? `${def.label} per ${part.granularity} (0–100); columns start above zero, to show change.`
        : `${def.label} per ${part.granularity}; columns start above zero, to show change.`,
    ),
    chart: columnChart(
      part.points.map((p) => ({ label: p.label, value: p.value, display: p.display, current: false })),
      {
        band: null,
        currentClass: 'cc',
        span: `${part.points.length} ${part.granularity}${part.points.length === 1 ? '' : 's'}`,
        title: def.label,
      },
    ),
    summary: oneLine(
      [
        low && high && low !== high
          ? `Lowest ${low.display} (${low.label}), highest ${high.display} (${high.label})`
          : null,
        `${formatCount(views)} view${views === 1 ? '' : 's'}`,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    barHeader: def.label,
    valueHeader: def.unit === 'score' ? 'Score' : 'Value',
    empty: 'No data points in this period.',
    markers: part.points.flatMap((p, i) => {
      const m = markerText(i);
      return m ? [`◆ ${oneLine(p.label)}: ${m}`] : [];
    }),
    rows: part.points.map((p, i) => ({
      marker: markerText(i),
      label: oneLine(p.label),
      value: p.value === null ? 'no data' : oneLine(p.display),
      aside: formatCount(p.views),
      width: width(p.value),
      color: COLORS.bar,
    })),
  };
}
