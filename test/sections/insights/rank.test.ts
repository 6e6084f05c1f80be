import { describe, expect, it } from 'vitest';
import { rankForInsights } from '../../../functions/commons/sections/insights/collect.js';
import { buildMetricValue } from '../../../functions/commons/snapshot/metric-value.js';

describe('insights', () => {
  it('rankForInsights: biggest drops first, then the lowest', () => {
    const mv = (metric: string, value: number, previous: number) => buildMetricValue({ metric, value, previous });
    expect(
      rankForInsights([
        mv('playback_success_score', 0.9, 0.95),
        mv('startup_time_score', 0.6, 0.6),
        mv('rebuffer_score', 0.8, 0.9),
        mv('video_quality_score', 0.5, 0.4),
      ]),
    ).toEqual(['rebuffer_score', 'playback_success_score', 'video_quality_score', 'startup_time_score']);
  });
});
