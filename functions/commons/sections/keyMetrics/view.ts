import { base, type MetricsVM, metricVM } from '../view-kit.js';
import type { KeyMetricsPart } from './schema.js';

export function keyMetricsView(part: KeyMetricsPart): MetricsVM {
  return { ...base('Key metrics', part), items: part.items.map(metricVM) };
}
