/**
 * The column chart of the email (history, trend): one column per period, a tinted band for the normal range, the
 * report's own period highlighted, the numbers in the DOM for screen readers (the chart's label) and in a line
 * under it. The view computes whole-pixel segment heights; the HTML is one shared partial
 * (render/column-chart.ts), coloured by class so that the dark scheme recolours it (templates/partials/head.mjml).
 * Why HTML tables and not images: docs/email-dark-mode.md, "Charts".
 */
import { oneLine } from '../format/index.js';

/** Chart height in CSS pixels: five charts of the history stay one phone screen. */
export const CHART_HEIGHT = 40;

/** Bar classes (head.mjml colours them in both schemes): past period, this period, this period worse, better. */
export type BarClass = 'cp' | 'cc' | 'cw' | 'cb';

/**
 * One column, a single table cell: an empty border on top (card colour), the cell's own background in the middle
 * (the band's tint, or none), the bar as its bottom border. Heights in whole CSS pixels, top + bar ≤ CHART_HEIGHT;
 * the middle fills the rest of the row. A cell per column keeps five charts of 36 months ~10 KB.
 */
export interface ColumnVM {
  top: number;
  bar: number;
  c: BarClass;
  /** The middle is the normal band (tinted); false when the bar ends below the band (the tint would mislead). */
  z: boolean;
}

export interface ChartVM {
  /** The chart's accessible name with every number: "Views, 12 weeks from 31 Aug to 16 Nov: 44,100, …". */
  label: string;
  columns: ColumnVM[];
  /** Axis labels under the chart: the first period and the last. */
  from: string;
  to: string;
}

export interface ChartPoint {
  label: string;
  value: number | null;
  display: string;
  current: boolean;
}

export interface ChartOptions {
  band: { low: number; high: number } | null;
  /** The current period's bar class: the flag's verdict, or plain highlight. */
  currentClass: BarClass;
  /** "12 weeks", "7 days": said in the accessible name. */
  span: string;
  title: string;
}

/**
 * The value at the chart's floor and top. Not zero to the highest: QoE metrics move by a few percent, which columns
 * from zero (and a band a few pixels high) would not show. The floor sits under the lowest value (or band bottom)
 * by 60 % of the range, never below zero, so the lowest column is still a third of the height; the captions say
 * the columns start above zero.
 */
export function chartScale(values: readonly number[], band: ChartOptions['band']): { floor: number; top: number } {
  const all = band ? [...values, band.low, band.high] : [...values];
  if (all.length === 0) return { floor: 0, top: 1 };
  const lowest = Math.min(...all);
  const highest = Math.max(...all);
  const range = highest - lowest || Math.abs(highest) * 0.1 || 1;
  return { floor: Math.max(0, lowest - range * 0.6), top: highest + range * 0.1 };
}

export function columnChart(points: readonly ChartPoint[], o: ChartOptions): ChartVM {
  const { floor, top } = chartScale(
    points.flatMap((p) => (p.value === null ? [] : [p.value])),
    o.band,
  );
  const px = (v: number): number =>
    Math.max(0, Math.min(CHART_HEIGHT, Math.round(((v - floor) / (top - floor)) * CHART_HEIGHT)));
  const lo = o.band ? px(o.band.low) : 0;
  const hi = o.band ? px(o.band.high) : 0;
  const columns = points.map((p): ColumnVM => {
    // Any value shows at least one pixel; a gap (null) draws nothing.
    const bar = p.value === null ? 0 : Math.max(1, px(p.value));
    const z = hi > Math.max(bar, lo) && bar >= lo;
    return { top: CHART_HEIGHT - Math.max(bar, z ? hi : bar), bar, c: p.current ? o.currentClass : 'cp', z };
  });
  const numbers = points
    .map((p) => {
      const shown = p.value === null ? 'no data' : p.display;
      return p.current ? `this one ${shown}` : shown;
    })
    .join(', ');
  return {
    label: oneLine(`${o.title}, ${o.span} from ${points[0]?.label ?? ''} to ${points.at(-1)?.label ?? ''}: ${numbers}`),
    columns,
    from: oneLine(points[0]?.label ?? ''),
    to: oneLine(points.at(-1)?.label ?? ''),
  };
}
