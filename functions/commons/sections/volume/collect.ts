/** Volume: views, unique viewers and watch time, from the totals the engine read off the scorecards. */
import { buildMetricValue } from '../../snapshot/metric-value.js';
import type { Collected, SectionContext } from '../section.js';
import type { VolumePart } from './schema.js';

export async function collectVolume(ctx: SectionContext): Promise<Collected<Omit<VolumePart, 'status' | 'reason'>>> {
  const { current, previous } = ctx.scorecards.totals;
  return {
    data: {
      items: [
        buildMetricValue({ metric: 'views', value: current.views, previous: previous.views }),
        buildMetricValue({ metric: 'unique_viewers', value: current.uniqueViewers, previous: previous.uniqueViewers }),
        buildMetricValue({ metric: 'playing_time', value: current.watchTime, previous: previous.watchTime }),
      ],
    },
  };
}
