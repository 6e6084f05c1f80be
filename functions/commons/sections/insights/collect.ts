/**
 * Insights: Mux's worst segments (by negative impact) for the INSIGHT_METRIC_COUNT sub-scores that dropped most
 * (else the lowest), one call each.
 */
import { metricDef, SCORE_METRICS } from '../../catalog/metrics.js';
import { formatValue, isNum } from '../../format/index.js';
import { buildMetricValue } from '../../snapshot/metric-value.js';
import type { MetricValue } from '../../snapshot/parts.js';
import { int } from '../coerce.js';
import { segmentUrl } from '../links.js';
import type { Collected, SectionContext } from '../section.js';
import type { Insight, InsightsPart } from './schema.js';

export const INSIGHT_METRIC_COUNT = 2;

/** Sub-scores ranked for insights: those that dropped (largest drop first), then the lowest, ties by id. */
export function rankForInsights(subScores: readonly MetricValue[]): string[] {
  const dropped = (m: MetricValue) => m.deltaAbsolute !== null && m.deltaAbsolute < 0;
  return [...subScores]
    .filter((m) => m.value !== null)
    .sort((a, b) => {
      const da = dropped(a);
      const db = dropped(b);
      if (da !== db) return da ? -1 : 1;
      if (da && db && a.deltaAbsolute !== b.deltaAbsolute) return (a.deltaAbsolute ?? 0) - (b.deltaAbsolute ?? 0);
      if (a.value !== b.value) return (a.value ?? 0) - (b.value ?? 0);
      return a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0;
    })
    .map((m) => m.metric);
}

/**
 * The sub-scores of both periods. With the scores section on, exactly its values (the scorecard, else the overall
 * endpoint: the same memoised calls, none extra); with it off, the scorecards alone, so insights cost no extra call.
 */
export async function subScores(ctx: SectionContext): Promise<MetricValue[]> {
  const { scorecards } = ctx;
  const withFallback = ctx.report.sections.scores;
  return Promise.all(
    SCORE_METRICS.slice(1).map(async (metric) => {
      const [value, previous] = withFallback
        ? await Promise.all([scorecards.value('current', metric, null), scorecards.value('previous', metric, null)])
        : [scorecards.scorecardValue('current', metric), scorecards.scorecardValue('previous', metric)];
      return buildMetricValue({ metric, value, previous });
    }),
  );
}

export async function collectInsights(
  ctx: SectionContext,
): Promise<Collected<Omit<InsightsPart, 'status' | 'reason'>>> {
  const metrics = rankForInsights(await subScores(ctx)).slice(0, INSIGHT_METRIC_COUNT);
  return { data: { items: await collectInsightItems(ctx, metrics) } };
}

/** Insights for the given metrics (already ranked), segments with ≥ minViews, top N overall, grouped by metric. */
export async function collectInsightItems(ctx: SectionContext, metrics: readonly string[]): Promise<Insight[]> {
  const perMetric = await Promise.all(
    metrics.map(async (metric) => {
      const res = await ctx.source.insights(metric, ctx.span);
      const rows = res.data;
      const def = metricDef(metric);
      // Mux returns insights already ranked by negative impact; we keep that order (stable for the same data).
      return rows
        .filter((r) => r.filter_column && int(r.total_views) >= Math.max(1, ctx.report.minViews))
        .map(
          (r): Insight => ({
            metric,
            metricLabel: def.label,
            dimension: r.filter_column,
            dimensionValue: r.filter_value ?? '',
            value: isNum(r.metric) ? r.metric : null,
            display: formatValue(def.unit, r.metric),
            negativeImpactScore: isNum(r.negative_impact_score) ? r.negative_impact_score : null,
            views: int(r.total_views),
            url: segmentUrl(ctx.environment, ctx.span, metric, r.filter_column, r.filter_value ?? ''),
          }),
        );
    }),
  );
  // Round-robin so both metrics are represented, then regroup by metric rank for reading.
  const picked: Array<{ rank: number; pos: number; item: Insight }> = [];
  const limit = ctx.report.topN.insights;
  for (let pos = 0; picked.length < limit && perMetric.some((list) => pos < list.length); pos++) {
    perMetric.forEach((list, rank) => {
      const item = list[pos];
      if (item && picked.length < limit) picked.push({ rank, pos, item });
    });
  }
  return picked.sort((a, b) => a.rank - b.rank || a.pos - b.pos).map((p) => p.item);
}
