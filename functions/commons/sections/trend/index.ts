import { defineSection } from '../section.js';
import { collectTrend, TREND_METRIC, trendGranularity } from './collect.js';
import { trendPartSchema } from './schema.js';
import { trendText } from './text.js';
import { trendView } from './view.js';

export const section = defineSection({
  id: 'trend',
  noun: 'trend',
  schema: trendPartSchema,
  empty: (ctx) => ({ metric: TREND_METRIC, granularity: trendGranularity(ctx.period), points: [] }),
  collect: collectTrend,
  view: trendView,
  text: trendText,
});
