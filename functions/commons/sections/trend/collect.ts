/** Trend: one timeseries call, grouped by day (by hour for daily reports). */
import { metricDef } from '../../catalog/metrics.js';
import type { PeriodJson } from '../../snapshot/parts.js';
import { periodAnnotations } from '../causes/annotations.js';
import type { Collected, SectionContext } from '../section.js';
import { buildTrendPoints } from './points.js';
import type { Granularity, TrendPart, TrendPoint } from './schema.js';

export const TREND_METRIC = 'viewer_experience_score';

export function trendGranularity(period: PeriodJson): Granularity {
  return period.cadence === 'daily' ? 'hour' : 'day';
}

export async function collectTrend(ctx: SectionContext): Promise<Collected<Omit<TrendPart, 'status' | 'reason'>>> {
  const granularity = trendGranularity(ctx.period);
  const res = await ctx.source.timeseries(TREND_METRIC, ctx.span, granularity);
  const data = res.data;
  // The buckets of the span the numbers cover: Mux's echo, else what was sent.
  const [startEpoch, endEpoch] = res.timeframe ?? [ctx.span.startEpoch, ctx.span.endEpoch];
  const points = buildTrendPoints({
    data,
    granularity,
    period: { startEpoch, endEpoch, timeZone: ctx.period.timeZone },
    unit: metricDef(TREND_METRIC).unit,
  });
  return { data: { metric: TREND_METRIC, granularity, points, markers: await markersOn(ctx, points, granularity) } };
}

const STEP_S: Record<Granularity, number> = { hour: 3600, day: 86_400 };

/** The period's annotations on the points (the causes section's call, memoised); none when Mux fails them. */
async function markersOn(ctx: SectionContext, points: readonly TrendPoint[], granularity: Granularity) {
  const marks = await periodAnnotations(ctx).catch(() => []);
  const starts = points.map((p) => Date.parse(p.start) / 1000);
  return marks.flatMap((m) => {
    const t = Date.parse(m.date) / 1000;
    const point = starts.findIndex((s) => t >= s && t < s + STEP_S[granularity]);
    return point < 0 ? [] : [{ point, date: m.date, note: m.note }];
  });
}
