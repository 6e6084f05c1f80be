import { barTable, type TextOut } from '../text-kit.js';
import type { TrendVM } from './view.js';

export function trendText(s: TrendVM, out: TextOut): void {
  out.heading(s.title);
  if (s.unavailable) out.para(s.unavailable);
  else if (s.rows.length === 0) out.para(s.empty);
  else {
    out.para(s.caption);
    out.push(...barTable(['When', '', s.valueHeader, 'Views'], s.rows, true));
  }
}
