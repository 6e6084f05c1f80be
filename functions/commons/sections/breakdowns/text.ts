import { barTable, type TextOut } from '../text-kit.js';
import type { BreakdownsVM } from './view.js';

export function breakdownsText(s: BreakdownsVM, out: TextOut): void {
  if (!out.section(s, { partial: true, empty: s.items.length === 0 ? s.empty : null })) return;
  for (const b of s.items) {
    out.push('');
    out.para(b.title);
    out.para(b.caption);
    out.push(...barTable(['Segment', 'Views', 'Share', b.valueHeader], b.rows, false));
  }
}
