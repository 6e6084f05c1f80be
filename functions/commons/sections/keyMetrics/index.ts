import { defineSection } from '../section.js';
import { collectKeyMetrics } from './collect.js';
import { keyMetricsPartSchema } from './schema.js';

export const section = defineSection({
  id: 'keyMetrics',
  noun: 'key metrics',
  schema: keyMetricsPartSchema,
  core: true,
  empty: () => ({ items: [] }),
  collect: collectKeyMetrics,
});
