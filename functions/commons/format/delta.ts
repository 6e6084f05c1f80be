/**
 * Signed change strings ("deltaDisplay"). Colour is never the only carrier of meaning in the email,
 * so every delta has an explicit sign: "+", the real minus "−" (U+2212), or "±" when it rounds to zero.
 *
 * Per unit (absolute change, in the unit people read the value in):
 * - score       → points (value × 100), at most 1 decimal: "+3", "−1.5", "±0".
 * - percentage  → percentage points: "+0.05 pp" (2 decimals; 1 decimal from 10 pp).
 * - ms          → same scale as values: "−120 ms", "+1.24 s".
 * - count       → "+2", "−0.5".
 * - bps         → "−0.3 Mbps", "+120 kbps".
 * - per_minute  → "+0.01 /min".
 * Volume / neutral metrics (views, unique viewers, watch time) and error view counts use the RELATIVE
 * change instead ("+4.1%", "−12%", integer from 100 %), because their absolute size means little week to week.
 * Missing value or baseline → "N/A" (relative with a baseline of 0 → "N/A" too: there is no meaningful %).
 */
import type { Unit } from '../catalog/metrics.js';
import { fixed, formatBps, formatMs, isNum, MINUS, NA } from './number.js';

function signed(raw: number, absText: string): string {
  // Zero after rounding: the text of the absolute value contains no non-zero digit.
  if (!/[1-9]/.test(absText)) return `±${absText}`;
  return `${raw < 0 ? MINUS : '+'}${absText}`;
}

export function formatDeltaAbsolute(unit: Unit, delta: number | null | undefined): string {
  if (!isNum(delta)) return NA;
  const abs = Math.abs(delta);
  switch (unit) {
    case 'score':
      return signed(delta, fixed(abs * 100, 1));
    case 'percentage': {
      const pp = abs * 100;
      return signed(delta, `${fixed(pp, pp >= 10 ? 1 : 2)} pp`);
    }
    case 'ms':
      return signed(delta, formatMs(abs));
    case 'count':
      return signed(delta, fixed(abs, 2));
    case 'bps':
      return signed(delta, formatBps(abs));
    case 'per_minute':
      return signed(delta, `${fixed(abs, 2)} /min`);
  }
}

/** Relative change (fraction, 0.041 = +4.1 %) → "+4.1%". */
export function formatDeltaRelative(rel: number | null | undefined): string {
  if (!isNum(rel)) return NA;
  const pct = Math.abs(rel) * 100;
  return signed(rel, `${fixed(pct, pct >= 100 ? 0 : 1)}%`);
}

/** The delta string the snapshot stores: relative for neutral (volume) metrics, absolute otherwise. */
export function formatDelta(opts: {
  unit: Unit;
  neutral: boolean;
  deltaAbsolute: number | null;
  deltaRelative: number | null;
}): string {
  return opts.neutral ? formatDeltaRelative(opts.deltaRelative) : formatDeltaAbsolute(opts.unit, opts.deltaAbsolute);
}
