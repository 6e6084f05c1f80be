import type { TextOut } from '../text-kit.js';
import type { FailedViewsVM } from './view.js';

export function failedViewsText(s: FailedViewsVM, out: TextOut): void {
  out.heading(s.title);
  if (s.unavailable) out.para(s.unavailable);
  else if (s.items.length === 0) out.para(s.empty);
  else {
    out.para(s.summary);
    s.items.forEach((v, i) => {
      out.push('');
      out.para(`${i + 1}. ${v.title}`, '   ');
      if (v.details) out.para(`   ${v.details}`, '   ');
      if (v.error) out.para(`   Error: ${v.error}`, '   ');
      if (v.url) out.push(`   ${v.url}`);
    });
  }
}
