import { barTable, type TextOut } from '../text-kit.js';
import type { HistoryVM } from './view.js';

export function historyText(s: HistoryVM, out: TextOut): void {
  if (!out.section(s, { empty: s.series.length === 0 ? s.empty : null, partial: true })) return;
  out.para(s.caption);
  for (const f of s.flags) out.para(`! ${f}`, '  ');
  for (const series of s.series) {
    out.push('', series.label);
    for (const line of [series.band, series.lastYear]) if (line) out.para(line);
    out.push(...barTable(['Period', '', 'Value', ''], series.rows, true));
  }
  for (const n of s.notes) out.para(`Note: ${n}`, '  ');
}
