import { defineSection } from '../section.js';
import { collectBreakdowns } from './collect.js';
import { breakdownsPartSchema } from './schema.js';

export const section = defineSection({
  id: 'breakdowns',
  noun: 'breakdowns',
  schema: breakdownsPartSchema,
  empty: () => ({ items: [] }),
  collect: collectBreakdowns,
});
