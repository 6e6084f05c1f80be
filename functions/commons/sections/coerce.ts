/** Small null-safe conversions of Mux values shared by the sections' collectors. */
import { isNum } from '../format/index.js';

/** Byte-order comparison (locale-independent, so two runs sort alike). */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A count: rounded, never negative, 0 when missing. */
export const int = (v: number | null | undefined): number => (isNum(v) ? Math.max(0, Math.round(v)) : 0);

/** Ids and codes Mux sends as numbers or strings, as a string. */
export const str = (v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/** A Mux timestamp as a canonical ISO string; null when missing or unparsable. */
export function isoOrNull(v: string | null | undefined): string | null {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}
