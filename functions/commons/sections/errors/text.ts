import { deltaText, type TextOut, table } from '../text-kit.js';
import type { ErrorsVM } from './view.js';

export function errorsText(s: ErrorsVM, out: TextOut): void {
  out.heading(s.title);
  if (s.unavailable) out.para(s.unavailable);
  else if (s.items.length === 0) out.para(s.empty);
  else {
    out.para(s.summary);
    out.push(
      ...table(
        ['Error', 'Views', 'Share', 'Change'],
        s.items.map((e) => [e.label, e.views, e.share, deltaText(e.delta)]),
        ['l', 'r', 'r', 'l'],
      ),
    );
  }
}
