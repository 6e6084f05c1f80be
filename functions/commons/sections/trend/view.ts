import { metricDef } from '../../catalog/metrics.js';
import { formatCount, oneLine } from '../../format/index.js';
import { type BarRowVM, barWidth, base, COLORS, type SectionVM } from '../view-kit.js';
import type { TrendPart } from './schema.js';

export interface TrendVM extends SectionVM {
  caption: string;
  barHeader: string;
  valueHeader: string;
  rows: BarRowVM[];
  empty: string;
}

export function trendView(part: TrendPart): TrendVM {
  const def = metricDef(part.metric);
  // Scores are fractions: bars on the absolute 0–100 scale. Other units: relative to the period's maximum.
  const max = Math.max(0, ...part.points.map((p) => p.value ?? 0));
  const width = (v: number | null): number | null =>
    v === null ? null : def.unit === 'score' ? barWidth(v) : max > 0 ? barWidth(v / max) : 0;
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
    rows: part.points.map((p) => ({
      label: oneLine(p.label),
      value: p.value === null ? 'no data' : oneLine(p.display),
      aside: formatCount(p.views),
      width: width(p.value),
      color: COLORS.bar,
    })),
  };
}
