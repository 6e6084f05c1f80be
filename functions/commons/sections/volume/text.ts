import { metricsTable, type TextOut } from '../text-kit.js';
import type { MetricsVM } from '../view-kit.js';

export function volumeText(s: MetricsVM, out: TextOut): void {
  out.heading(s.title);
  if (s.unavailable) out.para(s.unavailable);
  else out.push(...metricsTable(s.items));
}
