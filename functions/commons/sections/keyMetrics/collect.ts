/** Key metrics: the configured `metric[:measurement]` list, from the scorecards (else the overall endpoint). */
import { DEFAULT_KEY_METRICS, parseMetricRef } from '../../catalog/metrics.js';
import { buildMetricValue } from '../../snapshot/metric-value.js';
import type { Collected, SectionContext } from '../section.js';
import type { KeyMetricsPart } from './schema.js';

export async function collectKeyMetrics(
  ctx: SectionContext,
): Promise<Collected<Omit<KeyMetricsPart, 'status' | 'reason'>>> {
  const items = await Promise.all(
    (ctx.report.keyMetrics ?? [...DEFAULT_KEY_METRICS]).map(async (ref) => {
      const { metric, measurement } = parseMetricRef(ref);
      const [value, previous] = await Promise.all([
        ctx.scorecards.value('current', metric, measurement),
        ctx.scorecards.value('previous', metric, measurement),
      ]);
      return buildMetricValue({ metric, measurement, value, previous });
    }),
  );
  return { data: { items } };
}
