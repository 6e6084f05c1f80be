import { metricDef } from '../../catalog/metrics.js';
import { formatCount, oneLine } from '../../format/index.js';
import { type BarRowVM, barWidth, base, COLORS, cap, MAX, type SectionVM } from '../view-kit.js';
import type { TrendPart } from './schema.js';

export interface TrendVM extends SectionVM {
  caption: string;
  barHeader: string;
  valueHeader: string;
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
  return {
    ...base(part.granularity === 'hour' ? 'Hourly trend' : 'Daily trend', part),
    caption: oneLine(
      def.unit === 'score'
        ? `${def.label} per ${part.granularity} (bars on the 0–100 scale), with views.`
        : `${def.label} per ${part.granularity} (bars relative to the highest), with views.`,
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
