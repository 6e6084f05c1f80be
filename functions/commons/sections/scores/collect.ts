/** Scores: the overall viewer experience and its four sub-scores, each with the Mux global benchmark. */
import { SCORE_METRICS } from '../../catalog/metrics.js';
import { buildMetricValue } from '../../snapshot/metric-value.js';
import type { Collected, SectionContext } from '../section.js';
import type { ScoresPart } from './schema.js';

/** From the scorecards; the overall endpoint gives the benchmark (5 calls) and any value a scorecard lacks. */
export async function collectScores(ctx: SectionContext): Promise<Collected<Omit<ScoresPart, 'status' | 'reason'>>> {
  const { scorecards } = ctx;
  const items = await Promise.all(
    SCORE_METRICS.map(async (metric) => {
      const [o, value, previous] = await Promise.all([
        scorecards.overall(metric, null),
        scorecards.value('current', metric, null),
        scorecards.value('previous', metric, null),
      ]);
      return buildMetricValue({ metric, value, previous, globalValue: o?.global_value ?? null });
    }),
  );
  return { data: { items } };
}
