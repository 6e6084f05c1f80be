/**
 * Monitoring (and the deprecated real-time twin): near-real-time values in 5-second steps, anchored on the fake's
 * clock. Values are a pure function of (seed, timestamp, filters), using the same cohorts as the historical data.
 */
import { MONITORING_DIMENSIONS, MONITORING_METRICS } from './catalog.js';
import { buildMask, type Ctx, type Envelope, envelope, iso } from './context.js';
import { unit } from './hash.js';
import { arrayParam, invalid, parseEnum, parseFilters } from './params.js';
import type { Cohort, Universe } from './universe.js';

const METRIC_IDS = new Set(MONITORING_METRICS.map((m) => m.name));
const DIMENSION_IDS = new Set(MONITORING_DIMENSIONS.map((d) => d.name));
const STEP = 5;
const WINDOW = 86_400;

export const monitoringDimensions = (ctx: Ctx): Envelope =>
  envelope(MONITORING_DIMENSIONS, null, [ctx.nowSec - WINDOW, ctx.nowSec]);
export const monitoringMetrics = (ctx: Ctx): Envelope =>
  envelope(MONITORING_METRICS, null, [ctx.nowSec - WINDOW, ctx.nowSec]);

function checkMetric(id: string): void {
  if (!METRIC_IDS.has(id))
    throw invalid(`Invalid monitoring metric '${id}': must be one of ${[...METRIC_IDS].join(', ')}`);
}

function timestampParam(ctx: Ctx, fallback: number): number {
  const raw = ctx.query.get('timestamp');
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,12}$/.test(raw)) throw invalid(`Invalid timestamp '${raw}': must be a unix timestamp (seconds)`);
  const ts = Number(raw);
  if (ts < ctx.nowSec - WINDOW || ts > ctx.nowSec)
    throw invalid(`Invalid timestamp '${raw}': must be within the last 24 hours`);
  return ts;
}

const diurnal = (t: number) => {
  const h = (((t / 3600 - 5) % 24) + 24) % 24;
  return 0.35 + 0.9 * Math.exp(-((h - 20) ** 2) / 14) + 0.3 * Math.exp(-((h - 12) ** 2) / 8);
};

interface Point {
  ccv: number;
  metric: number;
  starting: number;
}

function point(u: Universe, cohorts: Cohort[], metric: string, t: number): Point {
  let w = 0;
  const e = { st: 0, rb: 0, fl: 0, vq: 0 };
  for (const c of cohorts) {
    w += c.weight;
    e.st += c.weight * c.eff.st;
    e.rb += c.weight * c.eff.rb;
    e.fl += c.weight * c.eff.fl;
    e.vq += c.weight * c.eff.vq;
  }
  const step = Math.floor(t / STEP);
  const noise = (label: string) =>
    0.9 + 0.2 * unit(u.seed, 'monitoring', step, label, cohorts.length, cohorts[0]?.index ?? -1);
  const total = u.cohorts.reduce((a, c) => a + c.weight, 0);
  const ccv = Math.round(420 * diurnal(t) * (w / total) * noise('ccv'));
  if (w === 0) return { ccv: 0, metric: 0, starting: 0 };
  const avg = (x: number) => x / w;
  const values: Record<string, number> = {
    'current-concurrent-viewers': ccv,
    'current-rebuffering-percentage': 0.008 * avg(e.rb) * noise('rb'),
    'exits-before-video-start': 0.05 * avg(e.st) * noise('ebvs'),
    'playback-failure-percentage': 0.012 * avg(e.fl) * noise('fl'),
    'video-startup-failure-percentage': 0.005 * avg(e.fl) * noise('sf'),
    'current-average-bitrate': (3_300_000 / Math.sqrt(avg(e.vq))) * noise('br'),
    'video-startup-time': 1400 * avg(e.st) * noise('st'),
  };
  return { ccv, metric: values[metric]!, starting: Math.round(ccv * 0.03 * noise('start')) };
}

const maskedCohorts = (ctx: Ctx) => {
  const mask = buildMask(ctx.universe, parseFilters(ctx.query));
  return ctx.universe.cohorts.filter((c) => mask[c.index]);
};

export function monitoringTimeseries(ctx: Ctx, metric: string): Envelope {
  checkMetric(metric);
  const cohorts = maskedCohorts(ctx);
  const from = Math.ceil(timestampParam(ctx, ctx.nowSec - 1800) / STEP) * STEP;
  const rows = [];
  for (let t = from; t <= ctx.nowSec; t += STEP) {
    const p = point(ctx.universe, cohorts, metric, t);
    rows.push({ value: p.metric, date: iso(t), concurrent_viewers: p.ccv });
  }
  return envelope(rows, null, [from, ctx.nowSec]);
}

/** Cohorts per value of `dim`; `null` (no dimension) puts every cohort in one group keyed `null`. */
function groups(ctx: Ctx, dim: string | null): Map<string | null, Cohort[]> {
  const out = new Map<string | null, Cohort[]>();
  for (const c of maskedCohorts(ctx)) {
    const key = dim === null ? null : ctx.universe.valueOf(c, dim);
    out.set(key, [...(out.get(key) ?? []), c]);
  }
  return out;
}

/**
 * `dimension` is optional in the description and Mux does not document what an omitted one means. The fake's
 * choice (as for historical breakdowns): no grouping, one row for all current viewers with `value: null`
 * (the description makes `value` nullable).
 */
function optionalDim(ctx: Ctx): string | null {
  const dim = ctx.query.get('dimension');
  if (dim === null || dim === '') return null;
  if (!DIMENSION_IDS.has(dim))
    throw invalid(`Invalid dimension '${dim}': must be one of ${[...DIMENSION_IDS].join(', ')}`);
  return dim;
}

const byValue = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');

/** Higher metric value is worse for every monitoring metric except bitrate and CCV. */
const worse = (metric: string, a: number, b: number) =>
  metric === 'current-average-bitrate' || metric === 'current-concurrent-viewers' ? a - b : b - a;

export function monitoringBreakdown(ctx: Ctx, metric: string): Envelope {
  checkMetric(metric);
  const dim = optionalDim(ctx);
  const ts = timestampParam(ctx, ctx.nowSec);
  const orderBy = parseEnum(
    ctx.query,
    'order_by',
    ['negative_impact', 'value', 'metric_value', 'concurrent_viewers', 'views', 'field'] as const,
    'negative_impact',
  );
  const direction = parseEnum(
    ctx.query,
    'order_direction',
    ['asc', 'desc'] as const,
    orderBy === 'negative_impact' ? 'asc' : 'desc',
  );
  const rows = [...groups(ctx, dim)].map(([value, cohorts]) => {
    const p = point(ctx.universe, cohorts, metric, ts);
    return {
      value,
      metric_value: p.metric,
      concurrent_viewers: p.ccv,
      starting_up_viewers: p.starting,
      negative_impact: 0,
    };
  });
  [...rows]
    .sort((a, b) => worse(metric, a.metric_value, b.metric_value) * 1 || b.concurrent_viewers - a.concurrent_viewers)
    .forEach((r, i) => {
      r.negative_impact = i + 1;
    });
  const key = (r: (typeof rows)[number]) =>
    orderBy === 'metric_value'
      ? r.metric_value
      : orderBy === 'concurrent_viewers' || orderBy === 'views'
        ? r.concurrent_viewers
        : r.negative_impact;
  rows.sort((a, b) => {
    const cmp = orderBy === 'value' || orderBy === 'field' ? byValue(a.value, b.value) : key(a) - key(b);
    return (direction === 'asc' ? cmp : -cmp) || byValue(a.value, b.value);
  });
  return envelope(rows, null, [ts, ts]);
}

export function monitoringBreakdownTimeseries(ctx: Ctx, metric: string): Envelope {
  checkMetric(metric);
  const dim = optionalDim(ctx);
  const raw = arrayParam(ctx.query, 'timeframe');
  let tf: [number, number] = [ctx.nowSec - 60, ctx.nowSec];
  if (raw.length > 0) {
    if (raw.length !== 2 || !raw.every((x) => /^\d{1,12}$/.test(x)))
      throw invalid('Invalid timeframe: provide two epoch timestamps');
    tf = [Number(raw[0]), Number(raw[1])];
    if (tf[0] >= tf[1]) throw invalid('Invalid timeframe: start must be before end');
    if (tf[1] - tf[0] > 600) throw invalid('Invalid timeframe: the window must be 10 minutes or less');
    if (tf[0] < ctx.nowSec - WINDOW) throw invalid('Invalid timeframe: must be within the last 24 hours');
  }
  const limitRaw = ctx.query.get('limit');
  const limit = limitRaw === null ? 10 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw invalid(`Invalid limit '${limitRaw}': must be an integer between 1 and 100`);
  parseEnum(ctx.query, 'order_by', ['negative_impact', 'value', 'views', 'field'] as const);
  const direction = parseEnum(ctx.query, 'order_direction', ['asc', 'desc'] as const, 'desc');
  const all = [...groups(ctx, dim)];
  const rows = [];
  for (let t = Math.ceil(tf[0] / STEP) * STEP; t <= Math.min(tf[1], ctx.nowSec); t += STEP) {
    const values = all
      .map(([value, cohorts]) => {
        const p = point(ctx.universe, cohorts, metric, t);
        return { value, metric_value: p.metric, concurrent_viewers: p.ccv, starting_up_viewers: p.starting };
      })
      .sort(
        (a, b) =>
          (direction === 'desc'
            ? b.concurrent_viewers - a.concurrent_viewers
            : a.concurrent_viewers - b.concurrent_viewers) || byValue(a.value, b.value),
      )
      .slice(0, limit);
    rows.push({ date: iso(t), values });
  }
  return envelope(rows, null, tf);
}

const BUCKETS = [0, 100, 500, 1000, 2000, 5000, 10_000];

/** Standard normal CDF (Abramowitz–Stegun erf approximation). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

export function monitoringHistogram(ctx: Ctx, metric: string): Envelope {
  checkMetric(metric);
  if (metric !== 'video-startup-time')
    throw invalid(`Histogram timeseries is only available for video-startup-time, not '${metric}'`);
  const cohorts = maskedCohorts(ctx);
  const end = Math.floor(ctx.nowSec / 60) * 60;
  const start = end - 29 * 60;
  const data = [];
  for (let t = start; t <= end; t += 60) {
    const p = point(ctx.universe, cohorts, metric, t);
    const sum = p.starting * 3;
    const median = p.metric * 0.82;
    const sigma = 0.75;
    const cdf = (ms: number) => phi(Math.log(ms / median) / sigma);
    const counts = BUCKETS.map((lo, i) => {
      const hi = BUCKETS[i + 1];
      return Math.round(sum * ((hi === undefined ? 1 : cdf(hi)) - (lo === 0 ? 0 : cdf(lo))));
    });
    const n = counts.reduce((a, b) => a + b, 0);
    const bucket_values = counts.map((count) => ({ count, percentage: n === 0 ? 0 : count / n }));
    data.push({
      timestamp: iso(t),
      sum: n,
      p95: Math.round(median * Math.exp(1.645 * sigma)),
      median: Math.round(median),
      max_percentage: Math.max(...bucket_values.map((b) => b.percentage)),
      bucket_values,
      average: median * Math.exp((sigma * sigma) / 2),
    });
  }
  return {
    data,
    meta: { bucket_unit: 'milliseconds', buckets: BUCKETS.map((s, i) => ({ start: s, end: BUCKETS[i + 1] ?? null })) },
    timeframe: [start, end + 60],
    total_row_count: null,
  };
}
