import { deltaText, type TextOut, table } from '../text-kit.js';
import type { ErrorsVM } from './view.js';

export function errorsText(s: ErrorsVM, out: TextOut): void {
  if (!out.section(s, { empty: s.items.length === 0 ? s.empty : null })) return;
  out.para(s.summary);
  out.push(
    ...table(
      ['Error', 'Views', 'Share', 'Change'],
      s.items.map((e) => [e.label, e.views, e.share, deltaText(e.delta)]),
      ['l', 'r', 'r', 'l'],
    ),
  );
}
