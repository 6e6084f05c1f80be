/**
 * Looking at an email in Chromium the way a reader would, for test/render/look.test.ts and test/render/a11y.test.ts:
 * one browser (Debian chromium through playwright-core), the checks as page scripts (strings: the project compiles
 * without the DOM lib). Under CI=true a missing browser is a failure, not a skip.
 */
export { browserAvailable, CHROMIUM, launchChromium } from '../../support/chromium.js';

/**
 * Force-inverting clients (Gmail's iOS app, Outlook's dark mode) recolour the light rendering; the worst case is a
 * full inversion. The screenshots apply this filter; the contrast check inverts the computed colours the same way.
 */
export const INVERT_CSS = 'html { filter: invert(1) !important; }';

/**
 * A background with a relative luminance above this counts as a light surface in dark mode: 0.4 is about #aaaaaa.
 * Every light-scheme surface is far above it (#ffffff 1.0, #f3f4f6 0.90, #e5e7eb 0.79, #fef3c7 0.90) and every
 * dark-scheme one far below (#111827 0.01, #374151 0.05); the dark-scheme chart greys stay under it.
 */
export const LIGHT_SURFACE = 0.4;

/** Number tokens and units that must stay on one line together ("120 ms", "▲ +3"): a check merges them. */
const PAGE_HELPERS = `
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const shown = new Map();
  const displayed = (el) => {
    if (!el) return true;
    if (shown.has(el)) return shown.get(el);
    const st = getComputedStyle(el);
    const v = st.display !== 'none' && st.visibility !== 'hidden' && displayed(el.parentElement);
    shown.set(el, v);
    return v;
  };
  const visible = (el) => {
    if (!displayed(el)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
`;

export interface SplitToken {
  token: string;
  lines: number;
  context: string;
}

/**
 * Every whitespace-separated token of the visible text (no-break spaces join), a number and its unit or an arrow and
 * its number counting as one: its Range's client rects must lie on one line. A token wider than its column (a URL,
 * an id) may break: its rects' total width is more than the block it is in; so may Chinese and Japanese text,
 * which breaks between characters, and a hyphenated name right after a hyphen.
 */
export const SPLIT_TOKENS = `(() => {
  ${PAGE_HELPERS}
  const UNIT = /^(%|ms|s|sec|min|h|kbps|Mbps|[kKMG]B)[.,;:)]*$/;
  const NUMBER = /^[(]?[+\\u2212-]?[\\d.,]+$/;
  const ARROW = /^[\\u25b2\\u25bc\\u25c6]$/;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const blockOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const d = getComputedStyle(e).display;
      if (d !== 'inline' && d !== 'contents') return e;
    }
    return document.body;
  };
  const seen = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    if (!seen.has(el)) seen.set(el, visible(el));
    if (!seen.get(el)) continue;
    const text = node.textContent;
    const tokens = [...text.matchAll(/[^ \\t\\n\\r\\f]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
    for (let i = 0; i < tokens.length - 1; i++) {
      const a = tokens[i], b = tokens[i + 1];
      if ((NUMBER.test(a.text) && UNIT.test(b.text)) || ARROW.test(a.text)) {
        tokens.splice(i, 2, { start: a.start, end: b.end, text: text.slice(a.start, b.end) });
      }
    }
    // The content box: a token wider than it cannot fit on one line there.
    const block = blockOf(el), bs = getComputedStyle(block);
    const width = block.clientWidth - parseFloat(bs.paddingLeft) - parseFloat(bs.paddingRight);
    for (const t of tokens) {
      // Chinese and Japanese break between characters by convention (UAX #14): no token to keep whole.
      if (/[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]/u.test(t.text)) continue;
      const range = document.createRange();
      range.setStart(node, t.start);
      range.setEnd(node, t.end);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      if (rects.length < 2) continue;
      const tops = rects.map((r) => r.top).sort((x, y) => x - y);
      const lines = 1 + tops.filter((v, k) => k > 0 && v - tops[k - 1] > rects[0].height / 2).length;
      if (lines < 2) continue;
      // A name broken after one of its hyphens ("edge-|fra-2") reads as one word, as in print: allowed.
      if (t.text.includes('-')) {
        let top = null, ok = true;
        for (let k = t.start; k < t.end; k++) {
          const r = document.createRange();
          r.setStart(node, k);
          r.setEnd(node, k + 1);
          const rect = r.getClientRects()[0];
          if (!rect) continue;
          if (top !== null && rect.top - top > rects[0].height / 2 && text[k - 1] !== '-') ok = false;
          top = rect.top;
        }
        if (ok) continue;
      }
      const total = rects.reduce((sum, r) => sum + r.width, 0);
      if (total > width - 2) continue;
      out.push({ token: t.text, lines, context: text.trim().slice(0, 60) });
    }
  }
  return out.slice(0, 10);
})()`;

export interface Overflow {
  scrollWidth: number;
  innerWidth: number;
}
export const OVERFLOW = `({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })`;

export interface Surface {
  luminance: number;
  background: string;
  element: string;
}

/** Visible boxes (and the page itself) whose background is lighter than LIGHT_SURFACE, lightest first. */
export const LIGHT_SURFACES = `(() => {
  ${PAGE_HELPERS}
  const out = [];
  for (const el of [document.documentElement, document.body, ...document.querySelectorAll('body *')]) {
    const bg = rgb(getComputedStyle(el).backgroundColor);
    if (bg.length < 3 || (bg.length >= 4 && bg[3] === 0)) continue;
    if (el !== document.documentElement && el !== document.body && !visible(el)) continue;
    const l = lum(bg);
    if (l > ${LIGHT_SURFACE}) out.push({ luminance: Math.round(l * 100) / 100, background: getComputedStyle(el).backgroundColor, element: el.tagName.toLowerCase() + '.' + el.className });
  }
  out.sort((a, b) => b.luminance - a.luminance);
  return out.slice(0, 5);
})()`;

export interface Contrast {
  ratio: number;
  required: number;
  text: string;
  color: string;
  background: string;
}

/**
 * Each visible text's contrast against the first opaque background up the tree (WCAG 2 relative luminance), the
 * lowest first: below 4.5:1 (3:1 for large text: 24 px, or 18.67 px bold) fails. `inverted` measures the page as a
 * full inversion shows it (every channel 255 − v).
 */
export const lowestContrast = (inverted: boolean): string => `(() => {
  ${PAGE_HELPERS}
  const inv = ${inverted ? 'true' : 'false'};
  const look = (c) => (inv ? c.slice(0, 3).map((v) => 255 - v) : c.slice(0, 3));
  const backgrounds = new Map();
  const bgOf = (el) => {
    // The canvas: white in the light scheme (what an inverting client starts from), dark in the dark one.
    if (!el) return matchMedia('(prefers-color-scheme: dark)').matches ? [18, 18, 18] : [255, 255, 255];
    if (backgrounds.has(el)) return backgrounds.get(el);
    const c = rgb(getComputedStyle(el).backgroundColor);
    const bg = c.length >= 3 && (c.length < 4 || c[3] > 0) ? c : bgOf(el.parentElement);
    backgrounds.set(el, bg);
    return bg;
  };
  const results = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join('');
    if (!own || !visible(el)) continue;
    const st = getComputedStyle(el);
    const fg = look(rgb(st.color)), bg = look(bgOf(el));
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
    const required = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const ratio = (a + 0.05) / (b + 0.05);
    results.push({ ratio: Math.round(ratio * 100) / 100, required, text: own.slice(0, 40), color: 'rgb(' + fg.join(', ') + ')', background: 'rgb(' + bg.join(', ') + ')' });
  }
  results.sort((x, y) => x.ratio / x.required - y.ratio / y.required);
  return results.slice(0, 3);
})()`;

/**
 * The email's HTML as its text reads, for assertions on content: the no-break spaces and word joiners the HTML
 * encoder puts between a number and its unit or inside a date (render/keep-whole.ts) read as plain spaces.
 */
export const asSeen = (html: string): string => html.replace(/&nbsp;/g, ' ').replace(/&#8288;/g, '');
