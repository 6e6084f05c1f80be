/**
 * Top-N + "Other" folding for breakdown rows and error lists. Pure; every sort has explicit
 * tie-breakers so two runs over the same data give the same order.
 */

import type { Unit } from '../catalog/metrics.js';
import { formatDeltaRelative, formatPercentage, formatValue, isNum, NA } from '../format/index.js';
import type { Snapshot } from './snapshot-schema.js';

export type BreakdownRow = Snapshot['breakdowns']['items'][number]['rows'][number];
export type ErrorRow = Snapshot['errors']['items'][number];

export const OTHER_LABEL = 'Other';

export interface RawBreakdownRow {
  field: string | null;
  value: number | null;
  views: number;
  negativeImpact: number | null;
}

/** Views desc, then field asc (byte order, locale-independent). */
export function byViewsDesc<T extends { views: number; field: string }>(a: T, b: T): number {
  return b.views - a.views || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0);
}

/**
 * Keeps the `topN` biggest segments having at least `minViews` views; everything else (small segments,
 * segments past top N, and views Mux did not return rows for) becomes one "Other" row.
 *
 * - `totalViews`: views of the whole breakdown (e.g. the period's total views). Defaults to the sum of the rows.
 *   "Other" views = totalViews − views shown, so it also covers rows beyond the fetched page.
 * - "Other" value: the views-weighted mean of the folded rows, only when every folded view is in the rows
 *   we have (`complete`), otherwise null — a partial mean would be misleading. Shown as "N/A".
 * - viewShare is relative to totalViews; rows are ordered by views desc, "Other" last.
 */
export function foldBreakdownRows(opts: {
  rows: readonly RawBreakdownRow[];
  unit: Unit;
  topN: number;
  minViews: number;
  totalViews?: number | null;
  /** True when `rows` is every segment Mux has (no further page). */
  complete?: boolean;
}): BreakdownRow[] {
  const rows = opts.rows
    .map((r) => ({
      ...r,
      field: r.field === null || r.field === '' ? '(empty)' : r.field,
      views: Math.max(0, r.views),
    }))
    .sort(byViewsDesc);
  const sumViews = rows.reduce((s, r) => s + r.views, 0);
  const totalViews = Math.max(isNum(opts.totalViews) ? opts.totalViews : sumViews, sumViews);
  const kept = rows.filter((r) => r.views >= opts.minViews && r.views > 0).slice(0, opts.topN);
  const keptSet = new Set(kept);
  const folded = rows.filter((r) => !keptSet.has(r));
  const share = (v: number): number => (totalViews > 0 ? v / totalViews : 0);
  const out: BreakdownRow[] = kept.map((r) => ({
    field: r.field,
    isOther: false,
    value: isNum(r.value) ? r.value : null,
    display: formatValue(opts.unit, r.value),
    views: r.views,
    viewShare: share(r.views),
    negativeImpact: isNum(r.negativeImpact) ? r.negativeImpact : null,
  }));
  const shownViews = kept.reduce((s, r) => s + r.views, 0);
  const otherViews = totalViews - shownViews;
  if (otherViews > 0) {
    const foldedViews = folded.reduce((s, r) => s + r.views, 0);
    const weighted = folded.filter((r) => isNum(r.value) && r.views > 0);
    const wViews = weighted.reduce((s, r) => s + r.views, 0);
    const exact = (opts.complete ?? false) && foldedViews === otherViews && wViews > 0;
    const value = exact ? weighted.reduce((s, r) => s + (r.value as number) * r.views, 0) / wViews : null;
    out.push({
      field: OTHER_LABEL,
      isOther: true,
      value,
      display: value === null ? NA : formatValue(opts.unit, value),
      views: otherViews,
      viewShare: share(otherViews),
      negativeImpact: null,
    });
  }
  return out;
}

export interface RawError {
  id: number | null;
  code: string | null;
  message: string | null;
  description: string | null;
  count: number;
  percentage: number | null;
  lastSeen: string | null;
}

/** Identity used to match an error across periods. */
export function errorKey(e: Pick<RawError, 'id' | 'code' | 'message'>): string {
  return e.id !== null ? `id:${e.id}` : `code:${e.code ?? ''}|${e.message ?? ''}`;
}

function compareErrors(a: RawError, b: RawError): number {
  if (b.count !== a.count) return b.count - a.count;
  const ka = errorKey(a);
  const kb = errorKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Top N errors by views + "Other". `previous` = the previous period's list (null when unknown):
 * an error absent from a known previous list had 0 views then ("new").
 */
export function foldErrors(opts: {
  current: readonly RawError[];
  previous: readonly RawError[] | null;
  topN: number;
}): {
  items: ErrorRow[];
  other: { count: number; views: number } | null;
  totalErrorViews: number;
} {
  const sorted = [...opts.current].filter((e) => e.count > 0).sort(compareErrors);
  const prevByKey = new Map<string, number>();
  for (const p of opts.previous ?? []) prevByKey.set(errorKey(p), (prevByKey.get(errorKey(p)) ?? 0) + p.count);
  const top = sorted.slice(0, opts.topN);
  const rest = sorted.slice(opts.topN);
  const items: ErrorRow[] = top.map((e) => {
    const previousViews = opts.previous === null ? null : (prevByKey.get(errorKey(e)) ?? 0);
    let deltaDisplay = NA;
    if (previousViews === 0) deltaDisplay = 'new';
    else if (previousViews !== null) deltaDisplay = formatDeltaRelative((e.count - previousViews) / previousViews);
    return {
      id: e.id,
      code: e.code,
      message: e.message ?? e.description ?? (e.code ? `Error ${e.code}` : 'Unknown error'),
      description: e.description,
      views: e.count,
      percentage: e.percentage,
      percentageDisplay: formatPercentage(e.percentage),
      previousViews,
      deltaDisplay,
      lastSeen: e.lastSeen,
    };
  });
  const restViews = rest.reduce((s, e) => s + e.count, 0);
  return {
    items,
    other: rest.length > 0 ? { count: rest.length, views: restViews } : null,
    totalErrorViews: sorted.reduce((s, e) => s + e.count, 0),
  };
}
