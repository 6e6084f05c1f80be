/**
 * The scorecards of every segment of a fan-out report from calls shared by all of them (issue 25): instead of one
 * `/metrics/comparison` per segment and period, one `/metrics/{id}/breakdown?group_by=<fan-out dimension>` per
 * metric and period answers every segment's value of that metric at once (paginated, 100 rows a page, ordered by
 * views, most first).
 *
 *   calls = scout pages + (2 periods × M metrics − 1) × d + 5 overall (the Mux benchmark)
 *           + ~7 filtered calls per wanted segment not within d pages (its own scorecard, generate.ts)
 *   d = the depth in pages, chosen by the scout (report/shared-depth.ts): ⌈N / 100⌉ for the N most viewed
 *       segments; deeper when listed segments are deeper in Mux's order and paging to them costs fewer calls than
 *       filtering them (the other walks may read 1 + ¼ of d more when another period or metric ranks the
 *       segments differently)
 *
 * so a scorecard costs calls that grow with the metrics and the pages, not with the segments: 29 calls for up to
 * ~100 segments with the default key metrics (12 metric/measurement pairs), ~270 for 1,000, ~290 for 300 small
 * customers listed by name at the end of a 1,200-customer environment (12 pages, where filtered calls would cost
 * ~2,100).
 *
 * What a breakdown row carries and what it does not (Mux's OpenAPI `BreakdownValue`: `field, value, views,
 * negative_impact, total_watch_time, total_playing_time`):
 * - each metric's value at the asked measurement → scores and key metrics, current and previous;
 * - views and watch time of the segment → volume (read off the viewer_experience_score rows, as the engine reads
 *   them off `overall` when a scorecard lacks them);
 * - no unique viewers: a distinct count does not add up over segments, so it is its own breakdown
 *   (`unique_viewers` grouped by the dimension: Mux counts each segment's distinct viewers);
 * - no Mux benchmark: `global_value` is only on `overall`, and it is Mux-wide ("the Mux Global metric value for
 *   the metric", the same whatever the filters), so the 5 overall calls of the scores are made once for all.
 *
 * A segment is in `segments` only when every walk either gave its row or was read to the end (then Mux has no
 * views for it in that period: "no data", like the filtered comparison of an empty period). A segment missing
 * from `segments` (beyond the pages read, or new) must get its scorecard from filtered calls (`covers`), never a
 * number guessed from the pages.
 */
import * as z from 'zod';
import { DEFAULT_KEY_METRICS, type Measurement, parseMetricRef, SCORE_METRICS } from '../catalog/metrics.js';
import type { ReportConfig } from '../config/schema.js';
import { isNum } from '../format/index.js';
import type { BreakdownValue, ComparisonRow, MuxClient, MuxEnvelope, OverallValues } from '../mux/index.js';
import { sameSpan } from '../period/timeframe.js';
import { historyMetrics } from '../sections/history/metrics.js';
import type { ReportSource, Span } from '../sections/source.js';
import { valueKey } from './scorecard.js';
import { type DepthModel, DepthSearch, depthModel } from './shared-depth.js';

/** Rows per breakdown page: the largest page Mux is known to answer on Data lists (its default is 25). */
export const SHARED_PAGE = 100;

/** One metric at one measurement (null: the metric's default), as the scorecard keys it (`valueKey`). */
export interface MetricRef {
  metric: string;
  measurement: Measurement | null;
}

/** The unique-viewers breakdown (volume): not a scorecard metric, but its own grouped call. */
const UNIQUE_VIEWERS = 'unique_viewers';
/** The rows whose `views` and `total_watch_time` are the segment's volume (the headline score: always read). */
const VOLUME_METRIC = 'viewer_experience_score';

/** Every metric the scorecard tier shows: the five scores, the key metrics, the history's metrics, unique viewers. */
export function sharedMetrics(report: Pick<ReportConfig, 'keyMetrics'>): MetricRef[] {
  const refs: MetricRef[] = SCORE_METRICS.map((metric) => ({ metric, measurement: null }));
  for (const ref of report.keyMetrics ?? DEFAULT_KEY_METRICS) refs.push(parseMetricRef(ref));
  for (const m of historyMetrics(report.keyMetrics)) if (m.metric !== 'views') refs.push(m);
  refs.push({ metric: UNIQUE_VIEWERS, measurement: null });
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = valueKey(r.metric, r.measurement);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const num = z.number().nullable();
const periodCardSchema = z
  .object({
    /** By `valueKey` (`metric:measurement`); null = Mux gave no value. */
    values: z.record(z.string(), num),
    views: num,
    uniqueViewers: num,
    watchTime: num,
  })
  .strict();
export type PeriodCard = z.infer<typeof periodCardSchema>;

const spanSchema = z.object({ startEpoch: z.number().int(), endEpoch: z.number().int() }).strict();
const echoSchema = z.tuple([z.number(), z.number()]).nullable();

export const SHARED_SCORECARDS_VERSION = 1;

export const sharedScorecardsSchema = z
  .object({
    version: z.literal(SHARED_SCORECARDS_VERSION),
    reportId: z.string(),
    dimension: z.string(),
    periodKey: z.string(),
    spans: z.object({ current: spanSchema, previous: spanSchema }).strict(),
    /** The timeframe Mux echoed for each period (coverage). */
    echoed: z.object({ current: echoSchema, previous: echoSchema }).strict(),
    /** The `valueKey`s collected. */
    metrics: z.array(z.string()),
    /** Mux's global benchmark per score (`overall.global_value`, Mux-wide). */
    global: z.record(z.string(), num),
    /** Covered segments; a period without views is null. */
    segments: z.record(
      z.string(),
      z.object({ current: periodCardSchema.nullable(), previous: periodCardSchema.nullable() }),
    ),
    /** The Mux calls the collection made (pages included). */
    calls: z.number().int().min(0),
  })
  .strict();
export type SharedScorecards = z.infer<typeof sharedScorecardsSchema>;

/** The Mux calls the collection needs: breakdown pages and overall; `MuxClient` has them. */
export type SharedScorecardsClient = Pick<MuxClient, 'metrics'>;

export interface CollectSharedOptions {
  client: SharedScorecardsClient;
  report: Pick<ReportConfig, 'id' | 'filters' | 'keyMetrics'>;
  dimension: string;
  periodKey: string;
  span: Span;
  previousSpan: Span;
  /** The segments that will read the result: the walks stop once all are seen. */
  segments: readonly string[];
  /** Page size (tests use a small one to cross page boundaries); default SHARED_PAGE. */
  pageSize?: number;
}

interface Walk {
  rows: Map<string, BreakdownValue>;
  /** Read to the end: a segment without a row has no views in the period. */
  complete: boolean;
  echoed: [number, number] | null;
  calls: number;
}

const tf = (s: Span): [number, number] => [s.startEpoch, s.endEpoch];

/** One page of a metric's breakdown by the dimension, most viewed first; `last`: no page follows. */
async function readPage(
  client: SharedScorecardsClient,
  ref: MetricRef,
  span: Span,
  options: CollectSharedOptions,
  page: number,
): Promise<{ data: BreakdownValue[]; echoed: [number, number] | null; last: boolean }> {
  const limit = options.pageSize ?? SHARED_PAGE;
  const res = await client.metrics.breakdown(ref.metric, {
    timeframe: tf(span),
    ...(options.report.filters.length > 0 ? { filters: options.report.filters } : {}),
    groupBy: options.dimension,
    orderBy: 'views',
    orderDirection: 'desc',
    limit,
    page,
    ...(ref.measurement ? { measurement: ref.measurement } : {}),
  });
  const total = res.totalRowCount;
  return {
    data: res.data,
    echoed: res.timeframe,
    last: res.data.length < limit || (total !== null && page * limit >= total),
  };
}

/**
 * Pages of one metric's breakdown until `more(page, the wanted segments first seen on it, last)` says stop or
 * the last page came. A row's segment is kept once (a segment's first row: Mux answers one row per value).
 */
async function pageThrough(
  client: SharedScorecardsClient,
  ref: MetricRef,
  span: Span,
  options: CollectSharedOptions,
  wanted: ReadonlySet<string>,
  more: (page: number, fresh: string[], last: boolean) => boolean,
): Promise<Walk> {
  const walk: Walk = { rows: new Map(), complete: false, echoed: null, calls: 0 };
  for (let page = 1; ; page++) {
    const answer = await readPage(client, ref, span, options, page);
    walk.calls = page;
    walk.echoed ??= answer.echoed;
    const fresh: string[] = [];
    for (const row of answer.data) {
      if (row.field === null || walk.rows.has(row.field)) continue;
      walk.rows.set(row.field, row);
      if (wanted.has(row.field)) fresh.push(row.field);
    }
    walk.complete = answer.last;
    if (!more(page, fresh, answer.last) || answer.last) return walk;
  }
}

/**
 * The scout (shared-depth.ts): the headline score's breakdown in the current period, paged while a deeper depth
 * could still be cheaper; returns its walk, the chosen depth and the segments within it (the other walks' wanted).
 */
async function scout(
  client: SharedScorecardsClient,
  ref: MetricRef,
  span: Span,
  options: CollectSharedOptions,
  wanted: ReadonlySet<string>,
  model: DepthModel,
): Promise<{ walk: Walk; depth: number; within: Set<string> }> {
  const search = new DepthSearch(wanted.size, model);
  const pageOf = new Map<string, number>();
  const walk = await pageThrough(client, ref, span, options, wanted, (page, fresh, last) => {
    for (const segment of fresh) pageOf.set(segment, page);
    return search.read(fresh.length, last);
  });
  const { depth } = search.choice;
  // Read to the end and chosen to the end: a wanted segment without a row has no views, and the other walks must
  // read to their end too to say so.
  const toTheEnd = walk.complete && depth === search.pagesRead;
  const within = new Set([...wanted].filter((s) => toTheEnd || (pageOf.get(s) ?? Infinity) <= depth));
  return { walk, depth, within };
}

/**
 * Pages of one metric's breakdown by the dimension, most viewed first, until every wanted segment was seen, the
 * last page came, or depth + slack pages were read. Slack (1 + a quarter of the depth): another metric or the
 * previous period ranks the segments differently, most in the long tail, where a few dozen views a week make the
 * ranks shuffle; it is only read when a wanted segment is still missing.
 */
function walk(
  client: SharedScorecardsClient,
  ref: MetricRef,
  span: Span,
  options: CollectSharedOptions,
  wanted: ReadonlySet<string>,
  depth: number,
): Promise<Walk> {
  // Nothing within the depth: no segment can be covered (the scout has none of them), so no page is read.
  if (wanted.size === 0) return Promise.resolve({ rows: new Map(), complete: false, echoed: null, calls: 0 });
  const maxPages = depth + 1 + Math.ceil(depth / 4);
  let unseen = wanted.size;
  return pageThrough(client, ref, span, options, wanted, (page, fresh) => {
    unseen -= fresh.length;
    return unseen > 0 && page < maxPages;
  });
}

const n = (v: number | null | undefined): number | null => (isNum(v) ? v : null);

/** Collects every covered segment's two scorecards and the benchmark: the calls of the formula above. */
export async function collectSharedScorecards(options: CollectSharedOptions): Promise<SharedScorecards> {
  const { client, report } = options;
  const refs = sharedMetrics(report);
  const wanted = new Set(options.segments);
  const filters = report.filters.length > 0 ? { filters: report.filters } : {};
  const periods = { current: options.span, previous: options.previousSpan } as const;
  const volumeAt = refs.findIndex((r) => r.metric === VOLUME_METRIC);
  const uniqueAt = refs.findIndex((r) => r.metric === UNIQUE_VIEWERS);
  const model = depthModel(refs.length, SCORE_METRICS.length);
  // The scout first (it chooses the depth); then every other walk to that depth, and the benchmark, unless no
  // segment is within it (then nothing can be covered: every segment gets filtered calls).
  const found = await scout(client, refs[volumeAt]!, periods.current, options, wanted, model);
  const benchmark = found.within.size > 0 ? SCORE_METRICS : [];
  const [walks, globals] = await Promise.all([
    Promise.all(
      (['current', 'previous'] as const).map((which) =>
        Promise.all(
          refs.map((ref, i) =>
            which === 'current' && i === volumeAt
              ? found.walk
              : walk(client, ref, periods[which], options, found.within, found.depth),
          ),
        ),
      ),
    ),
    Promise.all(benchmark.map((metric) => client.metrics.overall(metric, { timeframe: tf(options.span), ...filters }))),
  ]);
  const [current, previous] = walks as [Walk[], Walk[]];
  const keys = refs.map((r) => valueKey(r.metric, r.measurement));

  /** A segment's card in one period; undefined when some walk stopped before reaching it (not covered). */
  const cardOf = (segment: string, ws: Walk[]): PeriodCard | null | undefined => {
    if (ws.some((w) => !w.rows.has(segment) && !w.complete)) return undefined;
    const volume = ws[volumeAt]!.rows.get(segment);
    if (!volume) return null; // every walk reached its end without it: no views in the period
    const values: Record<string, number | null> = {};
    ws.forEach((w, i) => {
      if (i !== uniqueAt) values[keys[i]!] = n(w.rows.get(segment)?.value);
    });
    return {
      values,
      views: n(volume.views),
      uniqueViewers: n(ws[uniqueAt]!.rows.get(segment)?.value),
      watchTime: n(volume.total_watch_time) ?? n(volume.total_playing_time),
    };
  };
  // fromEntries: own properties whatever the value (a segment named "__proto__" stays a segment).
  const segments: SharedScorecards['segments'] = Object.fromEntries(
    [...wanted].flatMap((segment) => {
      const c = cardOf(segment, current);
      const p = cardOf(segment, previous);
      return c !== undefined && p !== undefined ? [[segment, { current: c, previous: p }]] : [];
    }),
  );
  const calls = [...current, ...previous].reduce((sum, w) => sum + w.calls, 0) + globals.length;
  return sharedScorecardsSchema.parse({
    version: SHARED_SCORECARDS_VERSION,
    reportId: report.id,
    dimension: options.dimension,
    periodKey: options.periodKey,
    spans: { current: options.span, previous: options.previousSpan },
    echoed: { current: current[volumeAt]!.echoed, previous: previous[volumeAt]!.echoed },
    metrics: keys.filter((_, i) => i !== uniqueAt),
    global: Object.fromEntries(benchmark.map((metric, i) => [metric, n(globals[i]!.data.global_value)])),
    segments,
    calls,
  });
}

/** True when `shared` answers this segment's scorecard for this period (same spans); else use filtered calls. */
export function covers(shared: SharedScorecards | null, segment: string, span: Span, previousSpan: Span): boolean {
  if (!shared || !Object.hasOwn(shared.segments, segment)) return false;
  return sameSpan(shared.spans.current, span) && sameSpan(shared.spans.previous, previousSpan);
}

export class NotSharedError extends Error {
  override readonly name = 'NotSharedError';
}

/**
 * The comparison answer a period's card stands for: the `totals` row, then one row per metric/measurement
 * (report/scorecard.ts reads `metric` + `measurement` + `value`). A period without views reads like Mux's
 * comparison of an empty period: zero totals, every value null.
 */
function comparisonRows(card: PeriodCard | null, metrics: readonly string[]): ComparisonRow[] {
  const totals: ComparisonRow = {
    name: 'totals',
    view_count: card ? card.views : 0,
    unique_viewers: card ? card.uniqueViewers : 0,
    watch_time: card ? card.watchTime : 0,
  };
  return [
    totals,
    ...metrics.map((key): ComparisonRow => {
      const [metric, measurement] = key.split(':') as [string, string];
      return { name: key, metric, measurement, value: card ? (card.values[key] ?? null) : null };
    }),
  ];
}

/**
 * The report port of one covered segment, answered from the shared collection without a call: `comparison` and
 * `overall` (its value, volume and the Mux-wide benchmark). The scorecard tier runs only the sections that read
 * those; any other call is a programming error (`NotSharedError`).
 */
export function sharedSegmentSource(shared: SharedScorecards, segment: string): ReportSource {
  const entry = Object.hasOwn(shared.segments, segment) ? shared.segments[segment] : undefined;
  if (!entry) throw new NotSharedError(`segment "${segment}" is not in the shared scorecards`);
  const whichOf = (span: Span): 'current' | 'previous' => {
    if (span.startEpoch === shared.spans.current.startEpoch) return 'current';
    if (span.startEpoch === shared.spans.previous.startEpoch) return 'previous';
    throw new NotSharedError(`the shared scorecards have no period starting at ${span.startEpoch}`);
  };
  const envelope = <T>(data: T, which: 'current' | 'previous'): MuxEnvelope<T> => ({
    data,
    totalRowCount: null,
    timeframe: shared.echoed[which],
  });
  const notShared = (what: string) => () =>
    Promise.reject(new NotSharedError(`${what} is not collected for a scorecard report`));
  return {
    comparison: (span) => {
      const which = whichOf(span);
      return Promise.resolve(envelope(comparisonRows(entry[which], shared.metrics), which));
    },
    overall: (metric, span, measurement) => {
      const which = whichOf(span);
      const card = entry[which];
      const data: OverallValues = {
        value: card?.values[valueKey(metric, measurement)] ?? null,
        total_views: card ? card.views : 0,
        total_watch_time: card ? card.watchTime : 0,
        global_value: shared.global[metric] ?? null,
      };
      return Promise.resolve(envelope(data, which));
    },
    insights: notShared('insights'),
    breakdown: notShared('a breakdown'),
    timeseries: notShared('a timeseries'),
    incidents: notShared('incidents'),
    relatedIncidents: notShared('related incidents'),
    errors: notShared('errors'),
    annotations: notShared('annotations'),
    failedViews: notShared('failed views'),
    stats: () => ({ calls: 0, retries: 0, rateLimited: 0, bytes: 0 }),
  };
}
