import type { TextOut } from '../text-kit.js';
import type { InsightsVM } from './view.js';

export function insightsText(s: InsightsVM, out: TextOut): void {
  if (!out.section(s, { empty: s.items.length === 0 ? s.empty : null })) return;
  s.items.forEach((x, i) => {
    out.para(`${i + 1}. ${x.segment}: ${x.metric} ${x.value} (${x.views})`, '   ');
    out.link(x.url);
  });
}
