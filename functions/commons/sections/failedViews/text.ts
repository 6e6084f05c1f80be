import type { TextOut } from '../text-kit.js';
import type { FailedViewsVM } from './view.js';

export function failedViewsText(s: FailedViewsVM, out: TextOut): void {
  if (!out.section(s, { empty: s.items.length === 0 ? s.empty : null })) return;
  out.para(s.summary);
  s.items.forEach((v, i) => {
    out.push('');
    out.para(`${i + 1}. ${v.title}`, '   ');
    if (v.details) out.para(`   ${v.details}`, '   ');
    if (v.error) out.para(`   Error: ${v.error}`, '   ');
    if (v.url) out.push(`   ${v.url}`);
  });
}
