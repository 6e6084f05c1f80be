import { defineSection } from '../section.js';
import { collectKeyMetrics } from './collect.js';
import { keyMetricsPartSchema } from './schema.js';
import { keyMetricsText } from './text.js';
import { keyMetricsView } from './view.js';

export const section = defineSection({
  id: 'keyMetrics',
  noun: 'key metrics',
  schema: keyMetricsPartSchema,
  core: true,
  empty: () => ({ items: [] }),
  collect: collectKeyMetrics,
  view: keyMetricsView,
  text: keyMetricsText,
});
