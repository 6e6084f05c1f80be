/**
 * The building blocks of the sections' view-models: everything the HTML template and the plain-text part show,
 * already as display strings. The snapshot carries the numbers' display strings; views only pick, label and clean
 * them (one-line, bidi-isolated, links limited to http(s)) and derive presentation: colours from `verdict`, arrows
 * from the sign of `deltaDisplay`, bar widths from `viewShare`.
 */
import { oneLine, truncate } from '../format/index.js';
import { metricName } from '../snapshot/metric-value.js';
import type { MetricValue, Verdict } from '../snapshot/parts.js';

export const COLORS = {
  better: '#15803d',
  worse: '#b91c1c',
  neutral: '#6b7280',
  bar: '#4f46e5',
  barOther: '#9ca3af',
} as const;

export interface DeltaVM {
  /** "▲ +3", "▼ −120 ms", "±0", "N/A". */
  text: string;
  color: string;
  verdict: Verdict;
}

export interface MetricVM {
  label: string;
  value: string;
  previous: string;
  delta: DeltaVM;
  global: string | null;
}

/** What every section's view-model starts with. */
export interface SectionVM {
  title: string;
  /** One line saying why the section is missing ("Unavailable: …"); null when the section is ok. */
  unavailable: string | null;
  /** One line saying what part is missing although the section is shown (e.g. one breakdown failed). */
  partial: string | null;
}

export interface BarRowVM {
  label: string;
  value: string;
  /** Right-hand figure: share of views ("45%") for breakdowns, views for the trend. */
  aside: string;
  /** Bar width in whole percent (0–100); null draws no bar (no data). */
  width: number | null;
  color: string;
}

/**
 * Caps (code points) on names that repeat in lists. Mux segment values and video titles can be long;
 * the full strings stay in the archived snapshot and behind the dashboard links. The caps keep the
 * worst case (8 breakdowns × 11 rows, 20 failed views…) under Gmail's ~102 KB clipping and the
 * tables readable at 375 px.
 */
export const MAX = { segment: 40, name: 80, description: 100 } as const;
/** One line, then capped. */
export const cap = (s: string, n: number): string => oneLine(truncate(s, n));

const VERDICT_COLOR: Record<Verdict, string> = {
  better: COLORS.better,
  worse: COLORS.worse,
  flat: COLORS.neutral,
  'n/a': COLORS.neutral,
};

/** Arrow from the sign the snapshot already wrote: "+" up, "−"/"-" down, "±0"/"N/A" none. */
export function delta(deltaDisplay: string, verdict: Verdict): DeltaVM {
  const d = oneLine(deltaDisplay);
  const arrow = d.startsWith('+') ? '▲ ' : d.startsWith('−') || d.startsWith('-') ? '▼ ' : '';
  return { text: arrow + d, color: VERDICT_COLOR[verdict], verdict };
}

export function metricVM(m: MetricValue): MetricVM {
  return {
    label: cap(metricName(m), MAX.name),
    value: oneLine(m.display),
    previous: oneLine(m.previousDisplay),
    delta: delta(m.deltaDisplay, m.verdict),
    global: m.globalDisplay === null ? null : oneLine(m.globalDisplay),
  };
}

export function base(title: string, s: { status: string; reason: string | null }): SectionVM {
  return {
    title,
    unavailable:
      s.status === 'unavailable' ? `Unavailable for this period: ${oneLine(s.reason ?? 'no reason given')}.` : null,
    partial: s.status === 'ok' && s.reason ? `Partly unavailable: ${oneLine(s.reason)}.` : null,
  };
}

/** Whole percent for a bar, at least 1 when there is anything to show so tiny segments stay visible. */
export function barWidth(fraction: number): number {
  if (!Number.isFinite(fraction) || fraction <= 0) return 0;
  return Math.min(100, Math.max(1, Math.round(fraction * 100)));
}

/** A table of metric values (volume, key metrics). */
export interface MetricsVM extends SectionVM {
  items: MetricVM[];
}
