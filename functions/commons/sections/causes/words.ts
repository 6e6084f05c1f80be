/**
 * The causes in words a manager reads in five seconds:
 *   "Video startup time (median) +120 ms vs last week — 70% of it from browser Safari: +410 ms on 29% of views"
 * A rate cause says how much the segment itself moved and on how many views; a mix cause how much bigger (or
 * smaller) it got and what it stands at.
 */
import type { Unit } from '../../catalog/metrics.js';
import type { Cadence } from '../../config/schema.js';
import { dimensionValueLabel, formatDeltaAbsolute, formatValue, inSentence, isNum } from '../../format/index.js';
import { metricName } from '../../snapshot/metric-value.js';
import type { SegmentShare } from './decompose.js';
import type { Candidate } from './plan.js';

export function comparedWord(cadence: Cadence | 'custom'): string {
  if (cadence === 'custom') return 'vs the period before';
  return cadence === 'daily' ? 'vs the day before' : cadence === 'monthly' ? 'vs last month' : 'vs last week';
}

/** "29%", "<1%". */
export function pct(fraction: number): string {
  if (!Number.isFinite(fraction)) return '0%';
  const p = Math.round(fraction * 100);
  return fraction > 0 && p === 0 ? '<1%' : `${p}%`;
}

export function causeText(opts: {
  dimensionLabel: string;
  segment: SegmentShare;
  kind: 'rate' | 'mix';
  unit: Unit;
}): string {
  const s = opts.segment;
  const who = `${inSentence(opts.dimensionLabel)} ${dimensionValueLabel(s.field)}`;
  if (opts.kind === 'rate') {
    const moved = isNum(s.value) && isNum(s.previous) ? formatDeltaAbsolute(opts.unit, s.value - s.previous) : 'new';
    return `${who}: ${moved} on ${pct(s.viewShare)} of views`;
  }
  return `${who}: ${pct(s.previousViewShare)} → ${pct(s.viewShare)} of views, at ${formatValue(opts.unit, s.value ?? s.previous)}`;
}

export function metricSentence(opts: {
  candidate: Candidate;
  word: string;
  causes: ReadonlyArray<{ share: number; text: string }>;
  dimensions: ReadonlyArray<{ reliable: boolean }>;
  skipped: ReadonlyArray<{ why: string }>;
}): string {
  const c = opts.candidate;
  const head = `${metricName({ label: c.def.label, measurement: c.measurement })} ${formatDeltaAbsolute(c.def.unit, c.value - c.previous)} ${opts.word}`;
  const first = opts.causes[0];
  // Above 100%: the rest of the segments moved the other way.
  if (first)
    return `${head} — ${first.share > 1.05 ? `all of it and more (${pct(first.share)})` : `${pct(first.share)} of it`} from ${first.text}`;
  if (opts.dimensions.length === 0) {
    const why = opts.skipped[0]?.why ?? 'no dimension';
    return `${head} — not broken down (${why})`;
  }
  if (opts.dimensions.every((d) => !d.reliable)) return `${head} — the segments' medians do not explain it`;
  return `${head} — spread out: no segment stands out`;
}

/**
 * A cause after the first. Of the same dimension, its share adds to the first one's ("also 12%"); of another
 * dimension it counts the same views grouped another way, so the line says the shares overlap: a reader must not
 * add "70% from browser Safari" and "59% from device phone".
 */
export function moreCauseText(
  first: { dimension: string },
  c: { dimension: string; dimensionLabel: string; share: number; text: string },
): string {
  return c.dimension === first.dimension
    ? `also ${pct(c.share)} of it from ${c.text}`
    : `by ${c.dimensionLabel.toLowerCase()} instead (overlaps the above): ${pct(c.share)} of it from ${c.text}`;
}
