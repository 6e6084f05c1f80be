/**
 * Top-N + "Other" folding of breakdown rows. Pure; every sort has explicit tie-breakers so two runs over the same
 * data give the same order.
 */

import type { Unit } from '../../catalog/metrics.js';
import { formatValue, isNum, NA } from '../../format/index.js';
import type { BreakdownRow } from './schema.js';

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
