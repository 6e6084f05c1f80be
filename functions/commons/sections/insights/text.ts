import type { TextOut } from '../text-kit.js';
import type { InsightsVM } from './view.js';

export function insightsText(s: InsightsVM, out: TextOut): void {
  out.heading(s.title);
  if (s.unavailable) out.para(s.unavailable);
  else if (s.items.length === 0) out.para(s.empty);
  else
    s.items.forEach((x, i) => {
      out.para(`${i + 1}. ${x.segment}: ${x.metric} ${x.value} (${x.views})`, '   ');
      out.link(x.url);
    });
}
