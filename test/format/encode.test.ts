/**
 * Every encoder (format/encode.ts, format/mux-text.ts, sections/links.ts) and the Mux boundary
 * (mux/untrusted-text.ts) over the one hostile corpus (support/hostile-corpus.ts): each holds on its own, raw
 * corpus in, nothing its destination would interpret out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cutAtWord,
  cutMuxText,
  jsonText,
  muxTextHtml,
  muxTextPlain,
  oneLine,
  recordOf,
  slackPlainText,
  slackText,
  teamsText,
  terminalLine,
  terminalText,
} from '../../functions/commons/format/index.js';
import { cleanMuxText, isVerbatim, MUX_TEXT_MAX } from '../../functions/commons/mux/untrusted-text.js';
import { MAX_LINK_LENGTH, segmentUrl } from '../../functions/commons/sections/links.js';
import { HOSTILE_CORPUS, hostileCases } from '../../support/hostile-corpus.js';

const CASES = hostileCases();
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const LINKISH = /evil\.example|https?:\/\//;

describe.each(CASES)('%s', (_name, raw) => {
  it('the Mux boundary: well-formed, no control, at most MUX_TEXT_MAX code points, idempotent', () => {
    const c = cleanMuxText(raw);
    expect(c).not.toMatch(LONE);
    expect(c).not.toMatch(ANY_CONTROL);
    expect([...c].length).toBeLessThanOrEqual(MUX_TEXT_MAX);
    expect(cleanMuxText(c)).toBe(c);
    expect(isVerbatim(c)).toBe(c === raw);
    expect(() => encodeURIComponent(c)).not.toThrow();
  });

  it('Slack mrkdwn: & < > escaped, no mention, no markup, no link, one line', () => {
    const t = slackText(raw);
    expect(t).not.toMatch(/[<>\n\r|*_`~[\]@]/);
    expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(t).not.toMatch(LINKISH);
    expect(t).not.toMatch(ANY_CONTROL);
    expect(t).not.toMatch(LONE);
    const p = slackPlainText(raw);
    expect(p).not.toMatch(ANY_CONTROL);
    expect(p).not.toMatch(LINKISH);
    expect(p).not.toMatch(/[<>@\n]/);
  });

  it('Teams: no markdown link or emphasis, no newline, no link', () => {
    const t = teamsText(raw);
    expect(t).not.toMatch(/[[\]*_`~<>\n\r]/);
    expect(t).not.toMatch(/\]\(/);
    expect(t).not.toMatch(LINKISH);
    expect(t).not.toMatch(ANY_CONTROL);
  });

  it('terminal: no ESC or other control but LF/TAB; a line has neither', () => {
    expect(terminalText(raw)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(terminalLine(raw)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(terminalText(raw)).not.toMatch(LONE);
  });

  it('JSON: parses back to the same value; no raw C1, bidi, line separator or markup', () => {
    const j = jsonText({ v: raw });
    expect(JSON.parse(j)).toEqual({ v: raw });
    expect(j).not.toMatch(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069<>&]/);
  });

  it('plain text: one line, no control', () => {
    const t = oneLine(raw);
    expect(t).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('HTML: escaped; the only tags are our <em>', () => {
    const h = muxTextHtml(raw);
    expect(h.replace(/<\/?em>/g, '')).not.toMatch(/[<>"']/);
    expect(muxTextPlain(raw).length).toBeLessThanOrEqual(raw.length);
  });

  it('object keys: an own property, the prototype untouched', () => {
    const r = recordOf([[raw, 1]]);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(Object.hasOwn(r, raw)).toBe(true);
  });

  it('URLs: our base + encoded verbatim values, bounded, or no link', () => {
    const value = cleanMuxText(raw);
    const u = segmentUrl(
      { dashboardUrl: 'https://dashboard.mux.com/o/e' },
      { startEpoch: 1, endEpoch: 2 },
      'm',
      'd',
      value,
    );
    if (u === '') {
      // No link: the value was altered at the boundary, or the link would be too long.
      expect(!isVerbatim(value) || encodeURIComponent(value).length > MAX_LINK_LENGTH - 200).toBe(true);
      return;
    }
    expect(u.startsWith('https://dashboard.mux.com/o/e/data/metrics/m/breakdown?')).toBe(true);
    expect(u.length).toBeLessThanOrEqual(MAX_LINK_LENGTH);
    expect(u).not.toMatch(/[\s<>"'`]/);
    expect(isVerbatim(value)).toBe(true);
  });
});

describe('Mux emphasis and cutting (issue 22 §4)', () => {
  it('renders *…* as <em> in HTML after escaping, plainly in text', () => {
    expect(muxTextHtml(HOSTILE_CORPUS.muxEmphasis)).toBe(
      'due to an error of <em>MEDIA_ERR_SRC_NOT_SUPPORTED: The element has no supported sources</em>',
    );
    expect(muxTextPlain(HOSTILE_CORPUS.muxEmphasis)).toBe(
      'due to an error of MEDIA_ERR_SRC_NOT_SUPPORTED: The element has no supported sources',
    );
    expect(muxTextHtml('*<b>x</b>*')).toBe('<em>&lt;b&gt;x&lt;/b&gt;</em>');
    expect(muxTextHtml('2 * 3 * 4')).toBe('2 * 3 * 4');
  });

  it('cuts at a word boundary with an ellipsis, never leaving half an emphasis', () => {
    expect(cutAtWord('Playback failed for many viewers in Brazil', 30)).toBe('Playback failed for many…');
    expect(cutAtWord('short', 30)).toBe('short');
    expect([...cutAtWord('x'.repeat(50), 10)].length).toBe(10);
    const cut = cutMuxText(HOSTILE_CORPUS.muxEmphasis, 60);
    expect(cut).not.toContain('*');
    expect(cut.endsWith('…')).toBe(true);
  });

  it('property: cutAtWord never exceeds max and is a prefix (plus …) of its input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 2, max: 120 }), (s, max) => {
        const c = cutAtWord(s, max);
        expect([...c].length).toBeLessThanOrEqual(Math.max(max, [...s].length <= max ? [...s].length : max));
        if (c !== s) expect(s.startsWith(c.slice(0, -1).trimEnd())).toBe(true);
      }),
    );
  });
});
