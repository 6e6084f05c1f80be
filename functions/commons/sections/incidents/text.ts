import type { TextOut } from '../text-kit.js';
import type { IncidentsVM } from './view.js';

export function incidentsText(s: IncidentsVM, out: TextOut): void {
  if (!out.section(s)) return;
  out.para(s.summary);
  for (const x of s.items) {
    out.push('');
    out.para(`[${x.severity}] ${x.description}`, '  ');
    out.para(`  ${x.state} · started ${x.started} · affected views: ${x.affectedViews}`, '  ');
    out.link(x.url);
  }
}
