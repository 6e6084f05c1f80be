/**
 * The normal band of a metric: median ± 3 × MAD (median absolute deviation) of its past values. Robust where a
 * mean ± 2σ is not: one bad week in twelve moves the median and the MAD by little, so it neither widens the band
 * enough to hide the next one nor flags ordinary weeks. Fewer than 8 values give no band (too few to call normal).
 */
import type { Band } from './schema.js';

export const MIN_BAND_PERIODS = 8;
export const MAD_FACTOR = 3;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function normalBand(values: readonly number[]): Band | null {
  if (values.length < MIN_BAND_PERIODS) return null;
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  return { median: m, low: m - MAD_FACTOR * mad, high: m + MAD_FACTOR * mad, periods: values.length };
}

export function outsideBand(value: number | null, band: Band | null): 'above' | 'below' | null {
  if (value === null || band === null) return null;
  return value > band.high ? 'above' : value < band.low ? 'below' : null;
}
