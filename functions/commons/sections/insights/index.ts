import { defineSection } from '../section.js';
import { collectInsights } from './collect.js';
import { insightsPartSchema } from './schema.js';
import { insightsText } from './text.js';
import { insightsView } from './view.js';

export const section = defineSection({
  id: 'insights',
  noun: 'insights',
  schema: insightsPartSchema,
  empty: () => ({ items: [] }),
  collect: collectInsights,
  view: insightsView,
  text: insightsText,
});
