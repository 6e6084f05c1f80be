/**
 * Which metrics the causes section explains and which breakdowns it may fetch for them, within its call budget.
 *
 * Candidates: the overall score and every key metric whose verdict is worse or better, strongest move first (the
 * change over its tolerance, snapshot/metric-value.ts), so the budget goes to what moved most. Each (metric,
 * dimension) needs the two periods' breakdowns; the current `viewer_experience_score` breakdowns are the breakdowns
 * section's own calls (memoised, report/memo-source.ts), so that pair costs one call. Dimensions go in the configured
 * order; a pair the budget cannot pay for is listed as skipped, never guessed.
 */
import { type Measurement, type MetricDef, metricDef } from '../../catalog/metrics.js';
import { PERCENTAGE_TOLERANCE, RELATIVE_TOLERANCE, SCORE_TOLERANCE } from '../../snapshot/metric-value.js';
import type { Verdict } from '../../snapshot/parts.js';

/**
 * Calls the section may make. The default weekly report makes 18 calls without it, plus 1 for the annotations
 * (shared with the trend): 18 + 1 + 8 = 27, under the budget of 30 with room for a second incidents page.
 */
export const CAUSES_MAX_CALLS = 8;

export interface Candidate {
  metric: string;
  measurement: Measurement | null;
  def: MetricDef;
  value: number;
  previous: number;
  verdict: Verdict;
  /** |Δ| over the verdict's tolerance (≥ 1 when the verdict is worse or better). */
  strength: number;
  /** A view-weighted mean (exact decomposition) rather than a median or percentile. */
  additive: boolean;
}

export function tolerance(def: MetricDef, previous: number): number {
  const rel = RELATIVE_TOLERANCE * Math.abs(previous);
  if (def.unit === 'score') return SCORE_TOLERANCE;
  if (def.unit === 'percentage') return Math.max(PERCENTAGE_TOLERANCE, rel);
  return rel;
}

export function byStrength(a: Candidate, b: Candidate): number {
  return b.strength - a.strength || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0);
}

export interface PlannedPair {
  candidate: Candidate;
  dimension: string;
  /** The current breakdown is the breakdowns section's call (no extra call). */
  sharedCurrent: boolean;
}

/**
 * The headline score first, over all its dimensions (one call each: its current breakdowns are shared); then the
 * key metrics round-robin, strongest first: each gets its first dimension before any gets a second, so the budget
 * explains several metrics a little rather than one metric fully.
 */
export function planPairs(opts: {
  candidates: readonly Candidate[];
  dimensionsFor: (c: Candidate) => readonly string[];
  isShared: (c: Candidate) => boolean;
  maxCalls: number;
}): { pairs: PlannedPair[]; skipped: Array<{ candidate: Candidate; dimension: string }>; calls: number } {
  let calls = 0;
  const pairs: PlannedPair[] = [];
  const take = (candidate: Candidate, dimension: string): void => {
    const sharedCurrent = opts.isShared(candidate);
    const cost = sharedCurrent ? 1 : 2;
    if (calls + cost > opts.maxCalls) return;
    calls += cost;
    pairs.push({ candidate, dimension, sharedCurrent });
  };
  const [head, ...rest] = opts.candidates;
  const headline = head && head.metric === HEADLINE_METRIC ? head : null;
  if (headline) for (const d of opts.dimensionsFor(headline)) take(headline, d);
  const others = headline ? rest : opts.candidates;
  const dims = others.map((c) => opts.dimensionsFor(c));
  const rounds = Math.max(0, ...dims.map((d) => d.length));
  for (let r = 0; r < rounds; r++) {
    others.forEach((c, i) => {
      const d = dims[i]![r];
      if (d !== undefined) take(c, d);
    });
  }
  const planned = new Set(pairs.map((p) => `${p.candidate.metric}:${p.candidate.measurement}:${p.dimension}`));
  const skipped = opts.candidates.flatMap((candidate) =>
    opts
      .dimensionsFor(candidate)
      .filter((dimension) => !planned.has(`${candidate.metric}:${candidate.measurement}:${dimension}`))
      .map((dimension) => ({ candidate, dimension })),
  );
  return { pairs, skipped, calls };
}

export const HEADLINE_METRIC = 'viewer_experience_score';

/**
 * The sub-score whose Mux insights say where a key metric is worst now (its family): those insights are fetched by
 * the insights section anyway, so their dimensions order the metric's dimensions for free.
 */
export function subScoreOf(metric: string): string | null {
  if (/startup/.test(metric)) return 'startup_time_score';
  if (/rebuffer/.test(metric)) return 'rebuffer_score';
  if (/failure|exits_before|business_exception/.test(metric)) return 'playback_success_score';
  if (/scale|bitrate|rendition/.test(metric)) return 'video_quality_score';
  return null;
}

/** Means (scores, percentages, rates): exact. Medians and percentiles: approximate. */
export const isAdditive = (measurement: Measurement | null, def: MetricDef): boolean =>
  (measurement ?? def.defaultMeasurement) === 'avg';

export const defOf = metricDef;
