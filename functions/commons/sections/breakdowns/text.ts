import { barTable, type TextOut } from '../text-kit.js';
import type { BreakdownsVM } from './view.js';

export function breakdownsText(s: BreakdownsVM, out: TextOut): void {
  out.heading(s.title);
  if (s.partial) out.para(s.partial);
  if (s.unavailable) out.para(s.unavailable);
  else if (s.items.length === 0) out.para(s.empty);
  else
    for (const b of s.items) {
      out.push('');
      out.para(b.title);
      out.para(b.caption);
      out.push(...barTable(['Segment', 'Views', 'Share', b.valueHeader], b.rows, false));
    }
}
