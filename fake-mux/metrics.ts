/**
 * Metric values computed from an aggregate of the universe. Per-view means of the latent factors (startup, rebuffer,
 * quality, latency) are turned into each metric's mean, then the requested measurement is derived from the mean with
 * fixed distribution shapes — cheap, monotonic and consistent between overall, breakdown and timeseries.
 */
import type { Measurement } from './catalog.js';
import { REBUFFER_PER_FACTOR, UPSCALE_PER_FACTOR } from './regressions.js';
import { type Agg, F, NF } from './universe.js';

type Kind = 'time' | 'pct' | 'score' | 'count' | 'rate' | 'volume';

interface MetricModel {
  kind: Kind;
  /** Per-view mean (or, for volume metrics, the total) given the aggregate; views > 0 guaranteed. */
  mean: (a: Means) => number;
  /**
   * Added to every measurement after the distribution shape: a planted startup regression adds the same ms to
   * every view, which moves the median, the 95th and the mean by that much (regressions.ts).
   */
  shift?: (a: Means) => number;
}

export interface Means {
  views: number;
  st: number;
  rb: number;
  vq: number;
  lat: number;
  /** Planted ms added to each view's startup time, and viewer experience score points (regressions.ts). */
  stx: number;
  scx: number;
  agg: Agg;
  hours: number;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const vstMean = (a: Means) => 1400 * a.st;
const pstMean = (a: Means) => 190 * (0.6 + 0.4 * a.st);
const plMean = (a: Means) => 950 * a.lat;
const rbPct = (a: Means) => REBUFFER_PER_FACTOR * a.rb;
const rbCount = (a: Means) => 0.45 * a.rb;
const upscale = (a: Means) => UPSCALE_PER_FACTOR * a.vq;
const maxUpscale = (a: Means) => 0.085 * a.vq;
const ratio = (f: number) => (a: Means) => a.agg[f]! / a.views;

const pss = (a: Means) => clamp01(1 - a.agg[F.PF]! / a.views);
/**
 * Planted viewer-experience points (regressions.ts) move the three experience sub-scores by scx / playback success:
 * VES = success × (0.4·startup + 0.3·smooth + 0.3·quality) and the weights sum to 1, so VES moves by exactly scx,
 * for any aggregate (the segment by the planted change, the overall by the change × the segment's view share).
 * Success is floored at 0.05 so a window of failures only does not divide by 0. 0 unless planted.
 */
const vesShift = (a: Means) => a.scx / Math.max(0.05, pss(a));
// From the median startup time (0.82 × mean, plus the planted ms).
const sts = (a: Means) => clamp01(1.02 - (0.12 * vstMean(a) * 0.82 + 0.12 * a.stx) / 1000 + vesShift(a));
const rbs = (a: Means) =>
  clamp01((1 / Math.sqrt(1 + (rbCount(a) / 2) ** 2) + Math.exp(-10 * rbPct(a))) / 2 + vesShift(a));
const vqs = (a: Means) => clamp01(1 - 2 * (0.85 * upscale(a) + 0.15 * maxUpscale(a)) + vesShift(a));
const plantedMs = (a: Means) => a.stx;

export const MODELS: Record<string, MetricModel> = {
  viewer_experience_score: { kind: 'score', mean: (a) => pss(a) * (0.4 * sts(a) + 0.3 * rbs(a) + 0.3 * vqs(a)) },
  playback_success_score: { kind: 'score', mean: pss },
  startup_time_score: { kind: 'score', mean: sts },
  rebuffer_score: { kind: 'score', mean: rbs },
  video_quality_score: { kind: 'score', mean: vqs },
  playback_failure_percentage: { kind: 'pct', mean: ratio(F.PF) },
  video_startup_failure_percentage: { kind: 'pct', mean: ratio(F.SF) },
  exits_before_video_start: { kind: 'pct', mean: ratio(F.EBVS) },
  view_dropped_percentage: { kind: 'pct', mean: ratio(F.DROP) },
  playback_business_exception_percentage: { kind: 'pct', mean: ratio(F.PBE) },
  video_startup_business_exception_percentage: { kind: 'pct', mean: ratio(F.SBE) },
  video_startup_time: { kind: 'time', mean: vstMean, shift: plantedMs },
  view_content_startup_time: { kind: 'time', mean: (a) => 1.05 * vstMean(a), shift: plantedMs },
  player_startup_time: { kind: 'time', mean: pstMean },
  page_load_time: { kind: 'time', mean: plMean },
  aggregate_startup_time: { kind: 'time', mean: (a) => vstMean(a) + pstMean(a) + plMean(a), shift: plantedMs },
  seek_latency: { kind: 'time', mean: (a) => 640 * (0.5 * a.st + 0.5 * a.lat) },
  rebuffer_percentage: { kind: 'pct', mean: rbPct },
  rebuffer_frequency: { kind: 'rate', mean: (a) => 0.085 * a.rb },
  rebuffer_duration: { kind: 'time', mean: (a) => 1270 * Math.sqrt(a.rb) },
  rebuffer_count: { kind: 'count', mean: rbCount },
  upscale_percentage: { kind: 'pct', mean: upscale },
  downscale_percentage: { kind: 'pct', mean: (a) => 0.055 / a.vq ** 0.3 },
  max_upscale_percentage: { kind: 'pct', mean: maxUpscale },
  max_downscale_percentage: { kind: 'pct', mean: (a) => 0.16 / a.vq ** 0.3 },
  weighted_average_bitrate: { kind: 'rate', mean: (a) => 3_300_000 / Math.sqrt(a.vq) / a.lat ** 0.25 },
  request_latency: { kind: 'time', mean: (a) => 125 * a.lat },
  max_request_latency: { kind: 'time', mean: (a) => 1050 * a.lat },
  request_throughput: { kind: 'rate', mean: (a) => 22_000_000 / a.lat },
  live_stream_latency: { kind: 'time', mean: (a) => 13_500 * a.lat },
  views: { kind: 'volume', mean: (a) => a.views },
  // Repeat viewers make unique viewers shrink relative to views as the window grows.
  unique_viewers: { kind: 'volume', mean: (a) => Math.round(a.agg[F.UNIQ]! / (1 + 0.08 * Math.log(1 + a.hours / 24))) },
  playing_time: { kind: 'volume', mean: (a) => a.agg[F.PLAY]! },
  ad_attempt_count: { kind: 'volume', mean: (a) => Math.round(a.views * 0.6) },
  ad_break_count: { kind: 'volume', mean: (a) => Math.round(a.views * 0.45) },
  ad_impression_count: { kind: 'volume', mean: (a) => Math.round(a.views * 0.52) },
  ad_error_count: { kind: 'volume', mean: (a) => Math.round(a.views * 0.6 * 0.038 * a.lat) },
  ad_break_error_count: { kind: 'volume', mean: (a) => Math.round(a.views * 0.45 * 0.021 * a.lat) },
  ad_error_percentage: { kind: 'pct', mean: (a) => 0.038 * a.lat },
  ad_break_error_percentage: { kind: 'pct', mean: (a) => 0.021 * a.lat },
  ad_startup_error_percentage: { kind: 'pct', mean: (a) => 0.0118 * a.st },
  ad_startup_error_count: { kind: 'rate', mean: (a) => 0.0118 * a.st },
  ad_exit_before_start_percentage: { kind: 'pct', mean: (a) => 0.0405 * a.st },
  ad_exit_before_start_count: { kind: 'rate', mean: (a) => 0.0405 * a.st },
  ad_preroll_startup_time: { kind: 'time', mean: (a) => 1650 * a.st },
  video_startup_preroll_load_time: { kind: 'time', mean: (a) => 1320 * a.lat },
  video_startup_preroll_request_time: { kind: 'time', mean: (a) => 410 * a.lat },
  requests_for_first_preroll: { kind: 'count', mean: (a) => 1 + 0.2 * a.lat },
  rendition_change_count: { kind: 'count', mean: (a) => 3.2 * Math.sqrt(a.vq) },
  rendition_upshift_count: { kind: 'count', mean: (a) => 1.9 * Math.sqrt(a.vq) },
  rendition_downshift_count: { kind: 'count', mean: (a) => 1.3 * Math.sqrt(a.rb) },
};

export function means(agg: Agg, hours: number): Means | null {
  const views = agg[F.V]!;
  if (views === 0) return null;
  return {
    views,
    st: agg[F.ST]! / views,
    rb: agg[F.RB]! / views,
    vq: agg[F.VQ]! / views,
    lat: agg[F.LAT]! / views,
    stx: agg[F.STX]! / views,
    scx: agg[F.SCX]! / views,
    agg,
    hours,
  };
}

/** The metric value Mux would report, or null when there are no views (Mux's "no data"). */
export function metricValue(metric: string, measurement: Measurement, agg: Agg, hours: number): number | null {
  const model = MODELS[metric];
  const a = means(agg, hours);
  if (!model || !a) return null;
  const mean = model.mean(a);
  const planted = model.shift ? model.shift(a) : 0;
  // Per view the startup time saturates at 0, so the aggregate does too (only a large negative change reaches it).
  const shift = (x: number) => (planted === 0 ? x : Math.max(0, x + planted));
  switch (model.kind) {
    case 'volume':
      if (metric === 'views' || metric === 'unique_viewers') return mean;
      if (measurement === 'count') return a.views;
      if (measurement === 'sum') return mean;
      if (measurement === 'avg') return mean / a.views;
      return measurement === 'median' ? Math.round((0.7 * mean) / a.views) : Math.round((3 * mean) / a.views);
    case 'count':
      if (measurement === 'median') return Math.round(mean * 0.6);
      if (measurement === '95th') return Math.ceil(mean * 3.5);
      break;
    case 'time':
      if (measurement === 'median') return shift(mean * 0.82);
      if (measurement === '95th') return shift(mean * 2.6);
      break;
    case 'pct':
      if (measurement === 'median') return mean * 0.45;
      if (measurement === '95th') return Math.min(1, mean * 3.2);
      break;
    case 'score':
      if (measurement === 'median') return Math.min(1, mean * 1.03);
      if (measurement === '95th') return mean * 0.6;
      break;
    case 'rate':
      if (measurement === 'median') return mean * 1.04;
      if (measurement === '95th') return mean * 0.8;
      break;
  }
  if (measurement === 'count') return a.views;
  if (measurement === 'sum') return shift(mean) * a.views;
  return shift(mean);
}

/** "Mux Global": the same model evaluated on a fixed, industry-wide aggregate (null for volume metrics, like Mux). */
const GLOBAL_AGG: Agg = (() => {
  const g = new Float64Array(NF);
  const n = 1_000_000;
  g[F.V] = n;
  g[F.PF] = 14_200;
  g[F.SF] = 6_100;
  g[F.EBVS] = 54_100;
  g[F.DROP] = 4_400;
  g[F.PBE] = 3_100;
  g[F.SBE] = 1_900;
  g[F.PLAY] = 330_000 * n;
  g[F.WATCH] = 335_000 * n;
  g[F.ST] = 1.02 * n;
  g[F.RB] = 1.1 * n;
  g[F.VQ] = 1.12 * n;
  g[F.LAT] = 1.05 * n;
  g[F.UNIQ] = 0.7 * n;
  return g;
})();

export function globalValue(metric: string, measurement: Measurement): number | null {
  if (MODELS[metric]?.kind === 'volume') return null;
  return metricValue(metric, measurement, GLOBAL_AGG, 168);
}
