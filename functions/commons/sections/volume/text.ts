import { metricsTable, type TextOut } from '../text-kit.js';
import type { MetricsVM } from '../view-kit.js';

export function volumeText(s: MetricsVM, out: TextOut): void {
  if (out.section(s)) out.push(...metricsTable(s.items));
}
