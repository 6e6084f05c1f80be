/**
 * Display formatting of raw Mux values, by unit. Pure and null-safe: `null`/`undefined`/NaN → "N/A".
 *
 * Rules (documented here because the email, the text part and the snapshot all show these strings):
 * - score (fraction 0–1)   → points 0–100, integer: 0.823 → "82".
 * - percentage (fraction)  → "0.41%": up to 2 decimals below 10 %, up to 1 from 10 % (trailing zeros dropped everywhere), "0%" for exactly 0,
 *                            "<0.01%" for tiny non-zero values.
 * - ms                     → "850 ms" (< 1 s), "1.24 s" (< 10 s), "12.4 s" (< 1 min), "4 min 5 s" (< 10 min),
 *                            "42 min" (< 1 h), "2 h 5 min" (< 100 h), "1,234 h" beyond.
 * - count                  → en-US grouping, up to 2 decimals for medians: "12,345", "0.5".
 * - bps                    → "3.2 Mbps" (≥ 1 Mbps, 1 decimal), "850 kbps", "900 bps".
 * - per_minute             → "0.12 /min".
 * Negative numbers use the real minus sign "−" (U+2212), never a hyphen.
 */
import type { Unit } from '../catalog/metrics.js';

export const NA = 'N/A';
export const MINUS = '\u2212';

export function isNum(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

const fmtCache = new Map<string, Intl.NumberFormat>();

/** en-US number with fixed min/max fraction digits (cached formatters; Intl rounds half away from zero). */
export function fixed(v: number, maxDigits: number, minDigits = 0): string {
  const key = `${minDigits}:${maxDigits}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
      useGrouping: true,
    });
    fmtCache.set(key, f);
  }
  // Intl prints "-0" for tiny negatives that round to zero; normalise, then swap the hyphen for a real minus.
  const s = f.format(v);
  if (/^-0(\.0+)?$/.test(s)) return s.slice(1);
  return s.replace('-', MINUS);
}

export function formatScore(v: number | null | undefined): string {
  return isNum(v) ? fixed(v * 100, 0) : NA;
}

export function formatPercentage(v: number | null | undefined): string {
  if (!isNum(v)) return NA;
  const pct = v * 100;
  if (pct === 0) return '0%';
  const abs = Math.abs(pct);
  if (abs < 0.005) return pct > 0 ? '<0.01%' : `>${MINUS}0.01%`;
  return `${fixed(pct, abs >= 10 ? 1 : 2)}%`;
}

/** Durations: milliseconds to a short human string (works for latencies and for hours of watch time). */
export function formatMs(v: number | null | undefined): string {
  if (!isNum(v)) return NA;
  const sign = v < 0 ? MINUS : '';
  const ms = Math.abs(v);
  if (ms < 999.5) return `${sign}${fixed(ms, 0)} ms`;
  const s = ms / 1000;
  if (s < 9.995) return `${sign}${fixed(s, 2)} s`;
  if (s < 59.95) return `${sign}${fixed(s, 1)} s`;
  const totalS = Math.round(s);
  if (totalS < 600) {
    const m = Math.floor(totalS / 60);
    const rest = totalS % 60;
    return rest === 0 ? `${sign}${m} min` : `${sign}${m} min ${rest} s`;
  }
  const totalMin = Math.round(s / 60);
  if (totalMin < 60) return `${sign}${totalMin} min`;
  if (totalMin < 100 * 60) {
    const h = Math.floor(totalMin / 60);
    const m = totalMin % 60;
    return m === 0 ? `${sign}${h} h` : `${sign}${h} h ${m} min`;
  }
  return `${sign}${fixed(s / 3600, 0)} h`;
}

export function formatCount(v: number | null | undefined): string {
  return isNum(v) ? fixed(v, 2) : NA;
}

export function formatBps(v: number | null | undefined): string {
  if (!isNum(v)) return NA;
  const abs = Math.abs(v);
  if (abs >= 999_950) return `${fixed(v / 1_000_000, 1)} Mbps`;
  if (abs >= 999.5) return `${fixed(v / 1000, 0)} kbps`;
  return `${fixed(v, 0)} bps`;
}

export function formatPerMinute(v: number | null | undefined): string {
  return isNum(v) ? `${fixed(v, 2)} /min` : NA;
}

/** Formats a raw value for display according to its unit. */
export function formatValue(unit: Unit, v: number | null | undefined): string {
  switch (unit) {
    case 'score':
      return formatScore(v);
    case 'percentage':
      return formatPercentage(v);
    case 'ms':
      return formatMs(v);
    case 'count':
      return formatCount(v);
    case 'bps':
      return formatBps(v);
    case 'per_minute':
      return formatPerMinute(v);
  }
}
