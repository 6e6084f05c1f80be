import { defineSection } from '../section.js';
import { collectBreakdowns } from './collect.js';
import { breakdownsPartSchema } from './schema.js';
import { breakdownsText } from './text.js';
import { breakdownsView } from './view.js';

export const section = defineSection({
  id: 'breakdowns',
  noun: 'breakdowns',
  schema: breakdownsPartSchema,
  empty: () => ({ items: [] }),
  collect: collectBreakdowns,
  view: breakdownsView,
  text: breakdownsText,
});
