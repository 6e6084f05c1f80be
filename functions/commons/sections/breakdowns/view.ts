import { oneLine } from '../../format/index.js';
import { type BarRowVM, barWidth, base, COLORS, cap, MAX, type SectionVM } from '../view-kit.js';
import type { BreakdownsPart } from './schema.js';

export interface BreakdownVM {
  title: string;
  caption: string;
  /** Header of the value column: "Score" for scores, else "Value". */
  valueHeader: string;
  rows: BarRowVM[];
}

export interface BreakdownsVM extends SectionVM {
  items: BreakdownVM[];
  empty: string;
}

function shareText(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return '0%';
  return fraction < 0.01 ? '<1%' : `${Math.round(fraction * 100)}%`;
}

export function breakdownsView(part: BreakdownsPart): BreakdownsVM {
  return {
    ...base('Breakdowns', part),
    empty: 'No segment had enough views to show.',
    items: part.items.map((b) => ({
      title: cap(b.dimensionLabel, MAX.name),
      valueHeader: b.unit === 'score' ? 'Score' : 'Value',
      caption: oneLine(
        `${b.metricLabel} per segment; bar = share of views. Top ${b.rows.filter((r) => !r.isOther).length} of ${b.totalSegments}.`,
      ),
      rows: b.rows.map((r) => ({
        label: cap(r.field, MAX.segment),
        value: oneLine(r.display),
        aside: shareText(r.viewShare),
        width: barWidth(r.viewShare),
        color: r.isOther ? COLORS.barOther : COLORS.bar,
      })),
    })),
  };
}
