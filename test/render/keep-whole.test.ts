/**
 * The HTML encoder (render/keep-whole.ts): XML-escaping as Eta's own, then no-break spaces and word joiners that
 * keep numbers with their units, arrows with their numbers, dates and ranges on one line; URLs untouched.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHtml } from '../../functions/commons/render/keep-whole.js';

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** What a reader sees: the joiners back to plain spaces or nothing. */
const seen = (html: string): string => html.replace(/&nbsp;/g, ' ').replace(/&#8288;/g, '');

describe('encodeHtml', () => {
  it('joins numbers and units, arrows and numbers, dates and ranges', () => {
    expect(encodeHtml('▼ −140 ms')).toBe('▼&nbsp;−140&nbsp;ms');
    expect(encodeHtml('+0.35 pp on 11% of views')).toBe('+0.35&nbsp;pp on 11% of views');
    expect(encodeHtml('started Sat 21 Nov 2026, 19:04')).toBe('started Sat&nbsp;21&nbsp;Nov&nbsp;2026, 19:04');
    expect(encodeHtml('normal 0.78%–0.83%')).toBe('normal 0.78%&#8288;–&#8288;0.83%');
    // Words that only look alike stay as they are; so do ranges with spaces (a period's two dates).
    expect(encodeHtml('12 Novels in 3 seconds')).toBe('12 Novels in 3 seconds');
    expect(encodeHtml('Mon 16 Nov 2026 – Sun 22 Nov 2026')).toContain('&nbsp;2026 – Sun&nbsp;');
  });

  it('escapes like XML and changes nothing a reader sees; URLs are only escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const html = encodeHtml(s);
        expect(html).not.toMatch(/[<>"']/);
        if (!/&nbsp;|&#8288;/.test(xml(s))) expect(seen(html)).toBe(xml(s));
      }),
    );
    expect(encodeHtml('https://dashboard.mux.com/a?b=1 ms&c=2–3')).toBe(
      xml('https://dashboard.mux.com/a?b=1 ms&c=2–3'),
    );
  });
});
