import type { TextContext } from '../section.js';
import { metricsTable, type TextOut } from '../text-kit.js';
import type { MetricsVM } from '../view-kit.js';

export function keyMetricsText(s: MetricsVM, out: TextOut, ctx: TextContext): void {
  if (!out.section(s)) return;
  out.push(...metricsTable(s.items));
  out.para(`"Before" is ${ctx.previousPeriod}.`);
}
