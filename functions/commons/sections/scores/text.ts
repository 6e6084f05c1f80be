import type { TextContext } from '../section.js';
import { deltaText, type TextOut, table } from '../text-kit.js';
import type { ScoresVM } from './view.js';

export function scoresText(s: ScoresVM, out: TextOut, ctx: TextContext): void {
  if (!out.section(s, { partial: true })) return;
  if (s.overall) {
    const o = s.overall;
    out.para(`${o.label}: ${o.value} / 100`);
    out.para(`${deltaText(o.delta)} ${ctx.comparedWith}${o.global ? ` · Mux global ${o.global}` : ''}`);
    out.push('');
  }
  if (s.subScores.length > 0) {
    out.push(
      ...table(
        ['Score', 'Value', 'Change', 'Mux global'],
        s.subScores.map((m) => [m.label, m.value, deltaText(m.delta), m.global ?? 'N/A']),
        ['l', 'r', 'l', 'r'],
      ),
    );
  }
}
