/**
 * The "live" view of one Mux environment: what is happening right now, from the Monitoring API.
 *
 * Exactly four monitoring calls (the Monitoring API allows 1 request/second, so a view costs ~3 s):
 * concurrent viewers (timeseries), rebuffering (timeseries), startup time (histogram) and viewers per
 * country (breakdown). Each part fails on its own: a failed part is `null` and listed in `unavailable`
 * with a readable reason; only when every part fails does `getLiveView` throw (`LiveViewError`).
 *
 * The result is plain JSON (no Dates, no undefined), with a stable key and row order, so the on-demand
 * route can return it as-is and tests can compare it.
 */
import { MuxApiError, type MuxClient, MuxConnectionError, MuxError, MuxTimeoutError } from '../mux/index.js';

/** Series points kept per part: one per minute over Mux's default 30-minute window. */
export const SERIES_MAX_POINTS = 30;
/** Country rows kept. */
export const TOP_COUNTRIES = 10;

export interface LivePoint {
  /** ISO 8601 (as Mux sends it). */
  at: string;
  value: number | null;
}

export interface ConcurrentViewersPart {
  /** Latest value (viewers watching now). */
  current: number | null;
  at: string | null;
  /** One point per minute (the last 5-second sample of each minute), oldest first, at most 30. */
  series: LivePoint[];
  peak: number | null;
}

export interface RebufferingPart {
  /** Latest value as Mux returns it: a ratio 0..1. */
  ratio: number | null;
  /** `ratio × 100`, for display. */
  percent: number | null;
  at: string | null;
  /** Ratios, one point per minute, oldest first. */
  series: LivePoint[];
}

export interface HistogramBucket {
  start: number;
  /** `null` for the last, open-ended bucket. */
  end: number | null;
  count: number;
  /** Share of the minute's startups, 0..1. */
  percentage: number;
}

export interface StartupTimeHistogramPart {
  /** `milliseconds` on Mux today. */
  bucketUnit: string;
  /** The minute the histogram describes: the latest one with at least one startup. */
  at: string | null;
  buckets: HistogramBucket[];
  total: number;
  median: number | null;
  p95: number | null;
  average: number | null;
}

export interface CountryRow {
  /** ISO country code as Mux reports it; `(unknown)` when Mux has no value. */
  country: string;
  displayName: string | null;
  concurrentViewers: number;
  startingUpViewers: number | null;
  /** Share of the viewers of the listed countries, 0..1. */
  share: number;
}

export type LivePartName = 'concurrentViewers' | 'rebuffering' | 'startupTimeHistogram' | 'topCountries';
export const LIVE_PARTS: readonly LivePartName[] = [
  'concurrentViewers',
  'rebuffering',
  'startupTimeHistogram',
  'topCountries',
];

export interface LiveView {
  environment?: string;
  generatedAt: string;
  /** Mux filters applied to every part (`country:FR`…), as given. */
  filters: string[];
  concurrentViewers: ConcurrentViewersPart | null;
  rebuffering: RebufferingPart | null;
  startupTimeHistogram: StartupTimeHistogramPart | null;
  topCountries: CountryRow[] | null;
  /** `"<part>: <reason>"` for each part that could not be fetched, in part order. */
  unavailable: string[];
}

export interface LiveViewOptions {
  filters?: string[];
  now?: Date;
  environment?: string;
}

/** Every part failed: nothing to show. `planGated` = every failure was Mux saying the plan lacks monitoring. */
export class LiveViewError extends Error {
  override readonly name = 'LiveViewError';
  constructor(
    readonly reasons: readonly string[],
    readonly planGated: boolean,
  ) {
    super(`live view unavailable: ${reasons.join('; ')}`);
  }
}

export const PLAN_GATED_REASON = 'monitoring is not available on this plan';

/** A reason safe to show: MuxError messages carry paths only (no query strings, no credentials). */
export function reasonOf(error: unknown): string {
  if (error instanceof MuxApiError) {
    if (error.status === 403) return PLAN_GATED_REASON;
    if (error.status === 401) return 'Mux rejected the access token';
    if (error.status === 429) return 'rate limited by Mux, try again in a few seconds';
    if (error.status === 404) return 'not found on Mux (monitoring may not be available on this plan)';
    return `Mux answered ${error.status} ${error.type}`;
  }
  if (error instanceof MuxTimeoutError) return 'Mux did not answer in time';
  if (error instanceof MuxConnectionError) return `could not reach Mux (${error.code})`;
  if (error instanceof MuxError) return error.message;
  return 'unexpected error';
}

const isPlanGated = (error: unknown) => error instanceof MuxApiError && error.status === 403;

const finite = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** Keeps the last point of each minute (points are 5 s apart), then the last `max` minutes. */
export function perMinute(points: readonly LivePoint[], max = SERIES_MAX_POINTS): LivePoint[] {
  const byMinute = new Map<string, LivePoint>();
  for (const p of [...points].sort((a, b) => a.at.localeCompare(b.at))) byMinute.set(p.at.slice(0, 16), p);
  return [...byMinute.values()].slice(-max);
}

async function concurrentViewers(client: MuxClient, filters: string[]): Promise<ConcurrentViewersPart> {
  const { data } = await client.monitoring.timeseries('current-concurrent-viewers', { filters });
  const points = data
    .map((p) => ({ at: p.date, value: finite(p.value ?? p.concurrent_viewers) }))
    .sort((a, b) => a.at.localeCompare(b.at));
  const last = points.at(-1);
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  return {
    current: last?.value ?? null,
    at: last?.at ?? null,
    series: perMinute(points),
    peak: values.length > 0 ? Math.max(...values) : null,
  };
}

async function rebuffering(client: MuxClient, filters: string[]): Promise<RebufferingPart> {
  const { data } = await client.monitoring.timeseries('current-rebuffering-percentage', { filters });
  const points = data.map((p) => ({ at: p.date, value: finite(p.value) })).sort((a, b) => a.at.localeCompare(b.at));
  const last = points.at(-1);
  const ratio = last?.value ?? null;
  return { ratio, percent: ratio === null ? null : ratio * 100, at: last?.at ?? null, series: perMinute(points) };
}

async function startupTimeHistogram(client: MuxClient, filters: string[]): Promise<StartupTimeHistogramPart> {
  const { data, meta } = await client.monitoring.histogramTimeseries('video-startup-time', { filters });
  const edges = meta?.buckets ?? [];
  const unit = meta?.bucket_unit;
  const total = (p: (typeof data)[number]) => p.bucket_values.reduce((n, b) => n + (finite(b.count) ?? 0), 0);
  // The latest minute with startups: the current minute is often still empty.
  const latest = [...data].sort((a, b) => b.timestamp.localeCompare(a.timestamp)).find((p) => total(p) > 0);
  const count = latest ? total(latest) : 0;
  return {
    bucketUnit: typeof unit === 'string' ? unit : 'milliseconds',
    at: latest?.timestamp ?? null,
    buckets: edges.map((edge, i) => {
      const value = latest?.bucket_values[i];
      const n = finite(value?.count) ?? 0;
      return {
        start: edge.start,
        end: edge.end ?? null,
        count: n,
        percentage: finite(value?.percentage) ?? (count > 0 ? n / count : 0),
      };
    }),
    total: count,
    median: finite(latest?.median),
    p95: finite(latest?.p95),
    average: finite(latest?.average),
  };
}

async function topCountries(client: MuxClient, filters: string[]): Promise<CountryRow[]> {
  const { data } = await client.monitoring.breakdown('current-concurrent-viewers', {
    dimension: 'country',
    filters,
    orderBy: 'concurrent_viewers',
    orderDirection: 'desc',
  });
  const rows = data.map((r) => ({
    country: r.value && r.value.trim() !== '' ? r.value : '(unknown)',
    displayName: r.display_value ?? null,
    concurrentViewers: finite(r.concurrent_viewers ?? r.metric_value) ?? 0,
    startingUpViewers: finite(r.starting_up_viewers),
  }));
  // Re-sorted here so the order is ours (most viewers first, then code), whatever Mux sends.
  rows.sort((a, b) => b.concurrentViewers - a.concurrentViewers || a.country.localeCompare(b.country));
  const all = rows.reduce((n, r) => n + r.concurrentViewers, 0);
  return rows.slice(0, TOP_COUNTRIES).map((r) => ({ ...r, share: all > 0 ? r.concurrentViewers / all : 0 }));
}

/** Builds the live view; throws `LiveViewError` only when no part could be fetched. */
export async function getLiveView(client: MuxClient, opts: LiveViewOptions = {}): Promise<LiveView> {
  const filters = [...(opts.filters ?? [])];
  const now = opts.now ?? new Date();
  // Started together; the client's monitoring bucket spaces them 1 s apart.
  const [ccv, rebuf, histogram, countries] = await Promise.allSettled([
    concurrentViewers(client, filters),
    rebuffering(client, filters),
    startupTimeHistogram(client, filters),
    topCountries(client, filters),
  ]);
  const settled = [ccv, rebuf, histogram, countries] as const;
  const unavailable: string[] = [];
  const errors: unknown[] = [];
  settled.forEach((result, i) => {
    if (result.status === 'rejected') {
      errors.push(result.reason);
      unavailable.push(`${LIVE_PARTS[i]}: ${reasonOf(result.reason)}`);
    }
  });
  if (errors.length === settled.length) throw new LiveViewError(unavailable, errors.every(isPlanGated));
  const fulfilled = <T>(r: PromiseSettledResult<T>): T | null => (r.status === 'fulfilled' ? r.value : null);
  return {
    ...(opts.environment !== undefined ? { environment: opts.environment } : {}),
    generatedAt: now.toISOString(),
    filters,
    concurrentViewers: fulfilled(ccv),
    rebuffering: fulfilled(rebuf),
    startupTimeHistogram: fulfilled(histogram),
    topCountries: fulfilled(countries),
    unavailable,
  };
}
