import { base, type MetricsVM, metricVM } from '../view-kit.js';
import type { VolumePart } from './schema.js';

export function volumeView(part: VolumePart): MetricsVM {
  return { ...base('Volume', part), items: part.items.map(metricVM) };
}
