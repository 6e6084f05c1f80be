/**
 * One metric's value for the period, compared with the previous period and the Mux global benchmark.
 *
 * Verdict rule (polarity-aware; what the email colours and arrows follow):
 * - 'n/a'  when the value or the previous value is missing.
 * - 'flat' for neutral metrics (volume: views, viewers, watch time) — they are never good or bad.
 * - 'flat' when the change is within the tolerance of the unit (noise):
 *     score       |Δ| < 0.005 (half a point on the 0–100 scale)
 *     percentage  |Δ| < 0.0005 (0.05 pp) OR |Δ| < 2 % of the previous value
 *     ms, count, bps, per_minute   |Δ| < 2 % of the previous value (exactly 0 → 0 is flat too)
 * - otherwise 'better' when the change goes the good way (higher_is_better and Δ > 0, or
 *   lower_is_better and Δ < 0 — a startup time that went down is better), else 'worse'.
 */

import { type Measurement, type MetricDef, metricDef } from '../catalog/metrics.js';
import { formatDelta, formatValue, isNum } from '../format/index.js';
import type { MetricValue, Verdict } from './parts.js';

export const RELATIVE_TOLERANCE = 0.02;
export const SCORE_TOLERANCE = 0.005;
export const PERCENTAGE_TOLERANCE = 0.0005;

export interface MetricValueInput {
  metric: string;
  /** The measurement the value was taken with (null for scores / metrics without one). */
  measurement?: Measurement | string | null;
  value: number | null | undefined;
  previous?: number | null | undefined;
  globalValue?: number | null | undefined;
  /** Label override; default: the catalog label. */
  label?: string;
}

function withinTolerance(def: MetricDef, delta: number, previous: number): boolean {
  const relSmall = previous === 0 ? delta === 0 : Math.abs(delta) / Math.abs(previous) < RELATIVE_TOLERANCE;
  switch (def.unit) {
    case 'score':
      return Math.abs(delta) < SCORE_TOLERANCE;
    case 'percentage':
      return Math.abs(delta) < PERCENTAGE_TOLERANCE || relSmall;
    default:
      return relSmall;
  }
}

export function verdictFor(def: MetricDef, value: number | null, previous: number | null): Verdict {
  if (!isNum(value) || !isNum(previous)) return 'n/a';
  if (def.direction === 'neutral') return 'flat';
  const delta = value - previous;
  if (withinTolerance(def, delta, previous)) return 'flat';
  const up = delta > 0;
  return up === (def.direction === 'higher_is_better') ? 'better' : 'worse';
}

/**
 * The catalog label, without the measurement: the snapshot carries `measurement` separately and the renderer
 * decides how to show it (e.g. "Video startup time · median"), so labels never say it twice.
 */
export function metricLabel(metric: string): string {
  return metricDef(metric).label;
}

/** How every reader names a metric at a measurement: "Video startup time (median)"; the plain average goes unsaid. */
export function metricName(metric: { label: string; measurement: string | null }): string {
  return metric.measurement && metric.measurement !== 'avg' ? `${metric.label} (${metric.measurement})` : metric.label;
}

const orNull = (v: number | null | undefined): number | null => (isNum(v) ? v : null);

export function buildMetricValue(input: MetricValueInput): MetricValue {
  const def = metricDef(input.metric);
  const value = orNull(input.value);
  const previous = orNull(input.previous);
  const globalValue = orNull(input.globalValue);
  const deltaAbsolute = value !== null && previous !== null ? value - previous : null;
  const deltaRelative =
    deltaAbsolute !== null && previous !== null && previous !== 0 ? deltaAbsolute / Math.abs(previous) : null;
  const measurement = input.measurement ?? null;
  return {
    metric: input.metric,
    measurement,
    label: input.label ?? metricLabel(input.metric),
    unit: def.unit,
    direction: def.direction,
    value,
    display: formatValue(def.unit, value),
    previous,
    previousDisplay: formatValue(def.unit, previous),
    deltaAbsolute,
    deltaRelative,
    deltaDisplay: formatDelta({ unit: def.unit, neutral: def.direction === 'neutral', deltaAbsolute, deltaRelative }),
    globalValue,
    globalDisplay: globalValue === null ? null : formatValue(def.unit, globalValue),
    verdict: verdictFor(def, value, previous),
  };
}
