import { barTable, type TextOut } from '../text-kit.js';
import type { TrendVM } from './view.js';

export function trendText(s: TrendVM, out: TextOut): void {
  if (!out.section(s, { empty: s.rows.length === 0 ? s.empty : null })) return;
  out.para(s.caption);
  out.push(...barTable(['When', '', s.valueHeader, 'Views'], s.rows, true));
  for (const m of s.markers) out.para(m, '  ');
}
