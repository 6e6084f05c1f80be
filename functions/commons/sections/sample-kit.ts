/**
 * Helpers of the sections' sample data (sections/<id>/sample.ts): the realistic, worst-case, empty and hostile
 * variants that support/sample-snapshots.ts composes into whole snapshots for the renderer, delivery, archive
 * and bench tests. Test data only: no production module imports a sample (test/architecture checks it).
 */
import type { MetricValue } from '../snapshot/parts.js';

/** One section's samples; every call returns a fresh object. */
export interface SectionSample<P> {
  /** Part of a realistic weekly report (2026-W47, Europe/Paris). */
  default(): P;
  /** Every list at its configured maximum, long non-ASCII names (the size budget). */
  worstCase(): P;
  /** "No views in this period": ok but empty, values null. */
  empty(): P;
  /** Markup, template tags, bidi overrides and CR/LF in every string that comes from Mux or the configuration. */
  hostile(): P;
}

export const DASHBOARD = 'https://dashboard.mux.com/organizations/org1/environments/env1';

/** The strings a hostile (or just unlucky) Mux account could return; the renderer must show them as text. */
export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{x}}',
  '<%= it.x %>',
  '<%~ process.exit() %>',
  'שלום',
  '\u202Egnp.exe',
  '🎬🔥',
] as const;

/** The i-th hostile string (cycling). */
export const hostile = (i: number): string => `${HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]}`;

/** 120 code points of mixed non-ASCII text (2–4 UTF-8 bytes each), unique per `i`. */
export function longTitle(i: number): string {
  const base = `${i} — Épisode spécial « Ünïcödé » 東京ライブ配信 שלום עולם 🎬 `;
  let s = '';
  while ([...s].length < 120) s += base;
  return [...s].slice(0, 120).join('');
}

/** A metric value written out (display strings as the snapshot would carry them). */
export function mv(
  metric: string,
  label: string,
  unit: MetricValue['unit'],
  direction: MetricValue['direction'],
  value: number | null,
  display: string,
  previous: number | null,
  previousDisplay: string,
  deltaDisplay: string,
  verdict: MetricValue['verdict'],
  global: [number, string] | null = null,
  measurement: string | null = null,
): MetricValue {
  const deltaAbsolute = value !== null && previous !== null ? value - previous : null;
  return {
    metric,
    measurement,
    label,
    unit,
    direction,
    value,
    display,
    previous,
    previousDisplay,
    deltaAbsolute,
    deltaRelative: deltaAbsolute !== null && previous ? deltaAbsolute / Math.abs(previous) : null,
    deltaDisplay,
    globalValue: global ? global[0] : null,
    globalDisplay: global ? global[1] : null,
    verdict,
  };
}

/** The same metric value with no value ("no views"). */
export const notAvailable = (m: MetricValue): MetricValue => ({
  ...m,
  value: null,
  display: 'N/A',
  deltaAbsolute: null,
  deltaRelative: null,
  deltaDisplay: 'N/A',
  verdict: 'n/a',
});
