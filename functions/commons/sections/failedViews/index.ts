import { defineSection } from '../section.js';
import { collectFailedViews } from './collect.js';
import { failedViewsPartSchema } from './schema.js';
import { failedViewsText } from './text.js';
import { failedViewsView } from './view.js';

export const section = defineSection({
  id: 'failedViews',
  noun: 'failed views',
  schema: failedViewsPartSchema,
  disabledBy: (report) => (report.topN.failedViews === 0 ? 'topN.failedViews is 0' : null),
  empty: () => ({ totalFailed: null, items: [] }),
  collect: collectFailedViews,
  view: failedViewsView,
  text: failedViewsText,
});
