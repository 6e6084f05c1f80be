/**
 * Top-N + "Other" folding of the error list, with the change against the previous period. Pure; every sort has
 * explicit tie-breakers so two runs over the same data give the same order.
 */

import { formatDeltaRelative, formatPercentage, NA } from '../../format/index.js';
import type { ErrorRow } from './schema.js';

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
