import { defineSection } from '../section.js';
import { collectInsights } from './collect.js';
import { insightsPartSchema } from './schema.js';

export const section = defineSection({
  id: 'insights',
  noun: 'insights',
  schema: insightsPartSchema,
  empty: () => ({ items: [] }),
  collect: collectInsights,
});
