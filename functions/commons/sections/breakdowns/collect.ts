/** Breakdowns: one call per dimension, one page of topN×3 segments ordered by views. */
import { metricDef } from '../../catalog/metrics.js';
import { dimensionLabel } from '../../format/humanize.js';
import { isNum } from '../../format/index.js';
import { int } from '../coerce.js';
import { unavailableReason } from '../reason.js';
import type { Collected, SectionContext } from '../section.js';
import { foldBreakdownRows } from './fold.js';
import type { Breakdown, BreakdownsPart } from './schema.js';

export const BREAKDOWN_METRIC = 'viewer_experience_score';

/** Every configured dimension; some failing leaves the section ok with the failures as its `reason`. */
export async function collectBreakdowns(
  ctx: SectionContext,
): Promise<Collected<Omit<BreakdownsPart, 'status' | 'reason'>>> {
  const dimensions = ctx.report.breakdownDimensions;
  const totalViews = ctx.scorecards.totals.current.views;
  const results = await Promise.allSettled(dimensions.map((d) => collectBreakdown(ctx, d, totalViews)));
  const items = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`${dimensions[i]}: ${unavailableReason('breakdowns', r.reason)}`] : [],
  );
  // All dimensions failed → the section is unavailable; some failed → ok, with the failures in `reason`.
  if (items.length === 0 && failures.length > 0) throw (results[0] as PromiseRejectedResult).reason;
  return { data: { items }, partial: failures.length > 0 ? failures.join('; ') : null };
}

export async function collectBreakdown(
  ctx: SectionContext,
  dimension: string,
  totalViews: number | null,
): Promise<Breakdown> {
  const limit = Math.min(100, ctx.report.topN.breakdown * 3);
  const res = await ctx.source.breakdown(BREAKDOWN_METRIC, ctx.span, {
    groupBy: dimension,
    orderBy: 'views',
    orderDirection: 'desc',
    limit,
  });
  const rows = res.data.map((r) => ({
    field: r.field,
    value: isNum(r.value) ? r.value : null,
    views: int(r.views),
    negativeImpact: isNum(r.negative_impact) ? r.negative_impact : null,
  }));
  const complete = res.totalRowCount !== null ? res.totalRowCount <= rows.length : rows.length < limit;
  const def = metricDef(BREAKDOWN_METRIC);
  return {
    dimension,
    dimensionLabel: dimensionLabel(dimension),
    metric: BREAKDOWN_METRIC,
    metricLabel: def.label,
    unit: def.unit,
    // Complete list → shares of the breakdown's own views; partial → of the period's views (rest = Other).
    rows: foldBreakdownRows({
      rows,
      unit: def.unit,
      topN: ctx.report.topN.breakdown,
      minViews: ctx.report.minViews,
      totalViews: complete ? null : totalViews,
      complete,
    }),
    totalSegments: Math.max(res.totalRowCount ?? 0, rows.length),
  };
}
