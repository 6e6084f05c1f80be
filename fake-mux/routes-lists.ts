/** Errors, video views, dimensions/filters, incidents and exports. */
import { gzipSync } from 'node:zlib';
import { DIMENSION_LISTS, ERROR_TYPES, KNOWN_DIMENSIONS, TRACE_DIMENSIONS } from './catalog.js';
import { buildMask, type Ctx, type Envelope, envelope, iso } from './context.js';
import { incidents, related } from './incidents.js';
import {
  invalid,
  notFound,
  parseEnum,
  parseFilters,
  parseMetricFilters,
  parsePaging,
  parseTimeframe,
  retentionCutoff,
} from './params.js';
import { DAY_S, type ViewRef } from './universe.js';
import { fullVideoView } from './video-view.js';

function windowAndMask(ctx: Ctx) {
  const tf = parseTimeframe(ctx);
  const mask = buildMask(ctx.universe, parseFilters(ctx.query));
  parseMetricFilters(ctx.query);
  return { tf, mask };
}

const page = <T>(rows: T[], p: { page: number; limit: number }) => rows.slice((p.page - 1) * p.limit, p.page * p.limit);

export function errors(ctx: Ctx): Envelope {
  const { tf, mask } = windowAndMask(ctx);
  const u = ctx.universe;
  const refs = u.viewsIn(tf[0], tf[1], ctx.nowSec, mask);
  const counts = new Map<number, { count: number; last: number }>();
  for (const ref of refs) {
    if (!u.isFailing(ref)) continue;
    const e = u.viewFacts(ref).error!;
    const c = counts.get(e.id) ?? { count: 0, last: 0 };
    c.count++;
    c.last = Math.max(c.last, ref.end);
    counts.set(e.id, c);
  }
  const data = ERROR_TYPES.filter((e) => counts.has(e.id))
    .map((e) => {
      const c = counts.get(e.id)!;
      return {
        percentage: c.count / refs.length,
        notes: e.notes,
        message: e.message,
        last_seen: iso(c.last),
        id: e.id,
        description: e.description,
        count: c.count,
        code: e.code,
        player_error_code: e.player_error_code,
      };
    })
    .sort((a, b) => b.count - a.count || a.id - b.id);
  return envelope(data, null, tf);
}

function abridged(ctx: Ctx, ref: ViewRef, totalRows: number) {
  const f = ctx.universe.viewFacts(ref);
  const a = f.cohort.attrs;
  return {
    viewer_os_family: a.operating_system,
    viewer_application_name: a.browser,
    view_start: iso(ref.end - Math.ceil(f.watch / 1000)),
    view_end: iso(ref.end),
    video_title: a.video_title,
    total_row_count: totalRows,
    player_error_message: f.error?.message ?? null,
    player_error_code: f.error?.player_error_code ?? null,
    id: ctx.universe.viewId(ref),
    error_type_id: f.error?.id ?? null,
    country_code: a.country,
    viewer_experience_score: f.ves,
    watch_time: f.watch,
    playback_failure: f.failing,
  };
}

export function listViews(ctx: Ctx): Envelope {
  const { tf, mask } = windowAndMask(ctx);
  const paging = parsePaging(ctx.query);
  const direction = parseEnum(ctx.query, 'order_direction', ['asc', 'desc'] as const, 'desc');
  const viewerId = ctx.query.get('viewer_id');
  const errorId = ctx.query.get('error_id');
  if (errorId !== null && errorId !== 'any' && !/^\d+$/.test(errorId))
    throw invalid(`Invalid error_id '${errorId}': must be an integer or 'any'`);
  const u = ctx.universe;
  let refs = u.viewsIn(tf[0], tf[1], ctx.nowSec, mask);
  if (errorId !== null) {
    refs = refs.filter((r) => u.isFailing(r) && (errorId === 'any' || String(u.viewFacts(r).error!.id) === errorId));
  }
  if (viewerId) refs = refs.filter((r) => u.viewFacts(r).viewerId === viewerId);
  if (direction === 'desc') refs.reverse();
  return envelope(
    page(refs, paging).map((r) => abridged(ctx, r, refs.length)),
    refs.length,
    tf,
  );
}

export function getView(ctx: Ctx, id: string): Envelope {
  const ref = ctx.universe.decodeViewId(id, ctx.nowSec);
  if (!ref || ref.end < retentionCutoff(ctx.nowSec, ctx.retention.days)) throw notFound();
  const { view, start } = fullVideoView(ctx.universe, ref);
  return envelope(view, null, [start, ref.end]);
}

export const dimensionLists = (ctx: Ctx): Envelope => envelope(DIMENSION_LISTS, null, parseTimeframe(ctx));

function checkDimension(id: string): void {
  if (!KNOWN_DIMENSIONS.has(id)) throw invalid(`Invalid dimension '${id}': unknown dimension id`);
}

export function dimensionValues(ctx: Ctx, id: string): Envelope {
  checkDimension(id);
  const { tf, mask } = windowAndMask(ctx);
  const paging = parsePaging(ctx.query);
  const rows = [...ctx.universe.groupBy(tf[0], tf[1], ctx.nowSec, mask, id)]
    .filter(([value]) => value !== '')
    .map(([value, agg]) => ({ value, total_count: agg[0]! }))
    .sort((a, b) => b.total_count - a.total_count || a.value.localeCompare(b.value));
  return envelope(page(rows, paging), rows.length, tf);
}

export function dimensionElements(ctx: Ctx, id: string): Envelope {
  checkDimension(id);
  if (!TRACE_DIMENSIONS.has(id))
    throw invalid(`Invalid dimension '${id}': elements are only available for trace dimensions`);
  const { tf, mask } = windowAndMask(ctx);
  const paging = parsePaging(ctx.query);
  // The description's enum (shared with breakdowns). An element row is { value: element, total_count }: `field` and
  // `value` order by the element, `views` and `negative_impact` by its view count (most viewed first by default).
  const orderBy = parseEnum(ctx.query, 'order_by', ['negative_impact', 'value', 'views', 'field'] as const, 'views');
  const byName = orderBy === 'value' || orderBy === 'field';
  const direction = parseEnum(ctx.query, 'order_direction', ['asc', 'desc'] as const, byName ? 'asc' : 'desc');
  const counts = new Map<string, number>();
  for (const [trace, agg] of ctx.universe.groupBy(tf[0], tf[1], ctx.nowSec, mask, id)) {
    for (const el of new Set(trace.split(','))) counts.set(el, (counts.get(el) ?? 0) + agg[0]!);
  }
  const rows = [...counts].map(([value, total_count]) => ({ value, total_count }));
  rows.sort((a, b) => {
    const cmp = byName
      ? a.value.localeCompare(b.value)
      : a.total_count - b.total_count || a.value.localeCompare(b.value);
    return direction === 'asc' ? cmp : -cmp;
  });
  return envelope(page(rows, paging), rows.length, tf);
}

// ---- incidents ----------------------------------------------------------------------------------------------------

function incidentList(ctx: Ctx, rows: ReturnType<typeof incidents>): Envelope {
  parseEnum(ctx.query, 'order_by', ['negative_impact', 'value', 'views', 'field'] as const);
  const direction = parseEnum(ctx.query, 'order_direction', ['asc', 'desc'] as const, 'desc');
  const paging = parsePaging(ctx.query);
  const sorted = [...rows].sort((a, b) => a.started_at.localeCompare(b.started_at) * (direction === 'asc' ? 1 : -1));
  return envelope(page(sorted, paging), sorted.length, [ctx.nowSec - DAY_S, ctx.nowSec]);
}

export function listIncidents(ctx: Ctx): Envelope {
  const status = parseEnum(ctx.query, 'status', ['open', 'closed', 'expired'] as const);
  const severity = parseEnum(ctx.query, 'severity', ['warning', 'alert'] as const);
  const rows = incidents(ctx.seed, ctx.nowSec).filter(
    (x) => (!status || x.status === status) && (!severity || x.severity === severity),
  );
  return incidentList(ctx, rows);
}

export function getIncident(ctx: Ctx, id: string): Envelope {
  const found = incidents(ctx.seed, ctx.nowSec).find((x) => x.id === id);
  if (!found) throw notFound();
  return envelope(found, null, [ctx.nowSec - DAY_S, ctx.nowSec]);
}

export function relatedIncidents(ctx: Ctx, id: string): Envelope {
  const all = incidents(ctx.seed, ctx.nowSec);
  const found = all.find((x) => x.id === id);
  if (!found) throw notFound();
  return incidentList(ctx, related(all, found));
}

// ---- exports ------------------------------------------------------------------------------------------------------

/** The last 7 complete UTC days before the fake's "now", newest first. */
function exportDates(nowSec: number): string[] {
  const today = Math.floor(nowSec / DAY_S) * DAY_S;
  return Array.from({ length: 7 }, (_, i) => new Date((today - (i + 1) * DAY_S) * 1000).toISOString().slice(0, 10));
}

const exportUrl = (ctx: Ctx, date: string) => `${ctx.baseUrl}/_exports/${date}.csv.gz`;

export const exportsLegacy = (ctx: Ctx): Envelope => {
  const dates = exportDates(ctx.nowSec);
  return envelope(
    dates.map((d) => exportUrl(ctx, d)),
    dates.length,
    [ctx.nowSec - DAY_S, ctx.nowSec],
  );
};

export const exportsViews = (ctx: Ctx): Envelope => {
  const dates = exportDates(ctx.nowSec);
  return envelope(
    dates.map((d) => ({ export_date: d, files: [{ version: 2, type: 'csv', path: exportUrl(ctx, d) }] })),
    dates.length,
    [ctx.nowSec - DAY_S, ctx.nowSec],
  );
};

const CSV_COLUMNS = [
  'view_id',
  'view_start',
  'view_end',
  'viewer_user_id',
  'video_title',
  'video_id',
  'country',
  'browser',
  'operating_system',
  'viewer_device_category',
  'player_name',
  'cdn',
  'watch_time',
  'playback_failure',
  'error_type_id',
  'video_startup_time',
  'rebuffer_percentage',
  'viewer_experience_score',
] as const;

const csvCell = (x: unknown): string => {
  const s = x === null || x === undefined ? '' : String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Gzipped CSV of every view that ended on `date` (UTC); null when the date is not an available export. */
export function exportFile(ctx: Ctx, date: string): Buffer | null {
  if (!exportDates(ctx.nowSec).includes(date)) return null;
  const start = Date.parse(`${date}T00:00:00Z`) / 1000;
  const u = ctx.universe;
  const lines = [CSV_COLUMNS.join(',')];
  for (const ref of u.viewsIn(start, start + DAY_S, ctx.nowSec, new Uint8Array(u.cohorts.length).fill(1))) {
    const f = u.viewFacts(ref);
    const a = f.cohort.attrs;
    const row = [
      u.viewId(ref),
      iso(ref.end - Math.ceil(f.watch / 1000)),
      iso(ref.end),
      f.viewerId,
      a.video_title,
      a.video_id,
      a.country,
      a.browser,
      a.operating_system,
      a.viewer_device_category,
      a.player_name,
      a.cdn,
      f.watch,
      f.failing,
      f.error?.id ?? null,
      f.startup,
      f.rebufferPct,
      f.ves,
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return gzipSync(`${lines.join('\n')}\n`);
}
