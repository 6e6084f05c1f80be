import type { TextOut } from '../text-kit.js';
import type { CausesVM } from './view.js';

export function causesText(s: CausesVM, out: TextOut): void {
  if (!out.section(s, { partial: true })) return;
  if (s.summary) out.para(s.summary);
  for (const m of s.items) {
    out.push('');
    out.para(`- ${m.sentence}`, '  ');
    out.link(m.url);
    for (const c of m.more) {
      out.para(`  ${c.text}`, '    ');
      out.link(c.url);
    }
    for (const i of m.incidents) {
      out.para(`  ${i.text}`, '    ');
      out.link(i.url);
    }
    if (m.note) out.para(`  ${m.note}`, '    ');
  }
  if (s.alsoMoved) {
    out.push('');
    out.para(s.alsoMoved);
  }
  if (s.annotations.length > 0) {
    out.push('');
    out.para('Annotations in the period:');
    for (const a of s.annotations) out.para(`  ${a}`, '    ');
  }
}
