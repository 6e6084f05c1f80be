import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTML_BUDGET_KIB } from '../../bench/measures/render.js';
import { SECTION_IDS } from '../../functions/commons/catalog/sections.js';
import { cpLength } from '../../functions/commons/format/index.js';
import { renderEmail, toViewModel } from '../../functions/commons/render/index.js';
import { renderText, widestTextLine } from '../../functions/commons/render/text.js';
import {
  buildTemplates,
  GENERATED_FILE,
  generatedSource,
  SECTIONS_PARTIAL,
  sectionsPartial,
} from '../../scripts/build-templates.js';
import { asSeen } from '../helpers/look.js';
import {
  defaultSnapshot,
  emptySnapshot,
  HOSTILE_STRINGS,
  hostileSnapshot,
  hourlySnapshot,
  partialSnapshot,
  worstCaseSnapshot,
} from '../helpers/sample-snapshots.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
/** The trend section's chart table (from its heading to the next one). */
const trendChart = (html: string): string => {
  const start = html.search(/<h2>(Daily|Hourly) trend<\/h2>/);
  return html.slice(start, html.indexOf('<h2>', start + 4));
};
/** Attribute names of every start tag (quoted values may hold escaped markup, so no naive regex). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(
    /<[a-zA-Z][\w:-]*((?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g,
  )) {
    for (const a of (tag[1] ?? '').matchAll(/\s+([^\s=>]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g))
      names.push(a[1]!.toLowerCase());
  }
  return names;
}
const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe('compiled templates', () => {
  it('the committed generated file is what the MJML sources compile to', async () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generatedSource(await buildTemplates()));
  });

  it("the layout's generated list of sections follows the section ids", () => {
    const partial = readFileSync(SECTIONS_PARTIAL, 'utf8');
    expect(partial).toBe(sectionsPartial());
    expect([...partial.matchAll(/sections\/(\w+)\/template\.mjml/g)].map((m) => m[1])).toEqual([...SECTION_IDS]);
  });

  it('nothing under functions/ imports mjml', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.[cm]?[jt]s$/.test(name)) files.push(p);
      }
    };
    walk(path.resolve(import.meta.dirname, '../../functions'));
    expect(files.length).toBeGreaterThan(3);
    const offenders = files.filter((f) =>
      /(from\s*|import\s*\(\s*|require\s*\(\s*)['"]mjml(-[a-z-]+)?(\/[^'"]*)?['"]/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

describe('renderEmail', () => {
  it('default: subject, preheader, sections in order, structure', () => {
    const r = renderEmail(defaultSnapshot());
    console.log(`default email: ${bytes(r.html)} bytes HTML, ${bytes(r.text)} bytes text`);
    expect(r.subject).toBe('Viewer experience 82 (+3 vs last week, Mux global 79) — week of 16 Nov 2026');
    expect(r.preheader).toContain('Viewer experience 82');
    expect(r.preheader).toContain('48,213 views');
    expect(r.html).toContain('<html lang="en"');
    expect(r.html).not.toMatch(/<svg|<script/i);
    for (const img of r.html.match(/<img\b[^>]*>/gi) ?? []) expect(img).toMatch(/\salt="/);
    expect(r.html).toContain('<th');
    // Every table that is not a data table (class dt) or a chart (an image with its numbers as its name) is a layout
    // table; a chart's inner cells are presentational by its role.
    for (const t of r.html.match(/<table\b[^>]*>/gi) ?? []) {
      if (!/class="dt[ "]/.test(t) && !/role="img" aria-label="[^"]+"/.test(t))
        expect(t).toContain('role="presentation"');
    }
    const order = [
      'Viewer experience',
      'Volume',
      'Key metrics',
      'Top insights',
      'Incidents',
      'Top playback errors',
      'Breakdowns',
      'Daily trend',
      'Failed views (sample)',
    ];
    const htmlPos = order.map((t) => r.html.indexOf(`<h2>${escapeHtml(t)}</h2>`));
    const textPos = order.map((t) => r.text.indexOf(`\n${t.toUpperCase()}\n`));
    for (const positions of [htmlPos, textPos]) {
      expect(positions.every((p) => p > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
  });

  it('deltas carry colour by verdict AND an arrow with the sign', () => {
    const { html, text } = renderEmail(defaultSnapshot());
    // In the HTML a number keeps its arrow and unit on its line (no-break spaces, render/keep-whole.ts).
    expect(html).toContain('style="color:#15803d">▲&nbsp;+7</td>'); // Smoothness, better
    expect(html).toContain('style="color:#b91c1c">▼&nbsp;−3</td>'); // Startup Time, worse
    expect(html).toContain('style="color:#6b7280">±0</td>'); // flat
    expect(html).toContain('style="color:#6b7280">N/A</td>'); // no previous value
    expect(html).toContain('style="color:#15803d">▼&nbsp;−140&nbsp;ms</td>'); // lower is better: down is green
    expect(text).toMatch(/Startup Time\s+71\s+▼ −3 worse\s+70/);
    expect(text).toMatch(/Video Quality\s+76\s+N\/A\s+78/);
  });

  it('bars: table cells with width % and bgcolor from viewShare; the trend is a chart of exactly the snapshot points', () => {
    const s = defaultSnapshot();
    const { html, text } = renderEmail(s);
    const fr = s.breakdowns.items[0]!.rows[0]!;
    expect(html).toContain(
      `width="${Math.round(fr.viewShare * 100)}%" cellpadding="0" cellspacing="0"><tr><td bgcolor="#4f46e5">`,
    );
    expect(html).toContain('bgcolor="#9ca3af"'); // "Other" in grey
    const bars = html.match(/<table class="bar"/g) ?? [];
    const rows = s.breakdowns.items.reduce((n, b) => n + b.rows.length, 0);
    expect(bars).toHaveLength(rows);
    const trend = trendChart(html);
    expect(trend.match(/<td class="cl /g)).toHaveLength(s.trend.points.length);
    for (const p of s.trend.points) expect(text).toContain(p.label);
    expect(text).toMatch(/FR\s+█{9}\s+45%\s+84/);
  });

  it('hourly trend: 24 columns, empty hours draw no bar and say "no data" in the chart\'s name and the text', () => {
    const s = hourlySnapshot();
    const vm = toViewModel(s);
    expect(vm.trend?.title).toBe('Hourly trend');
    expect(vm.trend?.chart.columns).toHaveLength(24);
    const { html, text } = renderEmail(s);
    const trend = trendChart(html);
    expect(trend.match(/<td class="cl /g)).toHaveLength(24);
    expect(trend.match(/border-width:40px 1px 0px 0/g)).toHaveLength(4);
    expect(trend.match(/no data/g)).toHaveLength(4);
    expect(text).toMatch(/03:00\s+\(no data\)\s+no data\s+0/);
  });

  it(`worst case stays within ${HTML_BUDGET_KIB} KiB of HTML (Gmail clips at ~102 KB)`, () => {
    const r = renderEmail(worstCaseSnapshot());
    const size = bytes(r.html);
    console.log(`worst-case email: ${size} bytes HTML (budget ${HTML_BUDGET_KIB * 1024}), ${bytes(r.text)} bytes text`);
    expect(size).toBeLessThanOrEqual(HTML_BUDGET_KIB * 1024);
    expect(r.html.match(/<table class="bar"/g)).toHaveLength(8 * 11);
    expect(trendChart(r.html).match(/<td class="cl /g)).toHaveLength(31);
    expect(cpLength(r.subject)).toBeLessThanOrEqual(150);
  });

  it('plain text: lines ≤ 78 code points except URLs, columns aligned by code points', () => {
    for (const s of [defaultSnapshot(), worstCaseSnapshot(), hostileSnapshot(), emptySnapshot()]) {
      const { text } = renderEmail(s);
      expect(widestTextLine(text)).toBeLessThanOrEqual(78);
    }
    const text = renderText(toViewModel(worstCaseSnapshot()));
    // Rows of one breakdown table: the value column ends at the same code-point column.
    const table = text.split('\n').filter((l) => /█/.test(l) && /%\s+\d+$/.test(l));
    expect(table.length).toBeGreaterThan(8);
    expect(new Set(table.slice(0, 10).map(cpLength)).size).toBe(1);
  });
});

describe('hostile input', () => {
  const r = renderEmail(hostileSnapshot());

  it('every hostile string is escaped text in HTML and literal in text', () => {
    for (const h of HOSTILE_STRINGS) {
      expect(r.html, h).toContain(escapeHtml(h));
      expect(r.text, h).toContain(h);
    }
  });

  it('no script, no event-handler attribute, no javascript: link, Eta tags not executed', () => {
    expect(r.html).not.toMatch(/<script/i);
    const attrs = attributeNames(r.html);
    expect(attrs).toContain('href');
    expect(attrs.filter((a) => a.startsWith('on'))).toEqual([]);
    expect(r.html).not.toMatch(/<img/i);
    expect(r.html).not.toMatch(/href="javascript:/i);
    expect(r.html).not.toMatch(/<%|%>/);
    expect(r.html).toContain('&lt;%= it.x %&gt;');
    expect(r.text).toContain('<%~ process.exit() %>');
  });

  it('links only http(s), quotes percent-encoded', () => {
    for (const href of r.html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="https:\/\/[^"<> ]*"$/);
  });

  it('subject and preheader are one line without control or bidi characters', () => {
    for (const h of [r.subject, r.preheader]) {
      expect(h).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      expect(cpLength(h)).toBeLessThanOrEqual(150);
    }
    expect(r.subject).toContain('Bcc: victim@example.com'); // kept as text, on the same line
  });

  it('CR/LF inside Mux strings never starts a new line in the text part', () => {
    expect(r.text).not.toMatch(/\r/);
    expect(r.text).not.toMatch(/\nline2/);
    expect(r.text).toContain('line1 line2');
  });

  it('bidi overrides are isolated (FSI…PDI) so they cannot reorder the surrounding text', () => {
    for (const out of [r.html, r.text]) expect(out).toMatch(/\u2068[^\u2069]*שלום \u202E evil\u2069/);
  });
});

describe('partial, disabled and empty reports', () => {
  it('unavailable sections say so in one line with the reason; disabled sections are absent', () => {
    const r = renderEmail(partialSnapshot());
    expect(r.html).toContain(
      '<p class="m">Unavailable for this period: Mux answered 403 Forbidden: the token lacks Monitoring access.</p>',
    );
    expect(r.html).toContain('Unavailable for this period: Mux rate limit: gave up after 4 retries.');
    expect(r.text.replace(/\n(?!\n)/g, ' ')).toContain(
      'INCIDENTS ========= Unavailable for this period: Mux answered 403 Forbidden: the token lacks Monitoring access.',
    );
    expect(r.html).not.toContain('Failed views');
    expect(r.text).not.toContain('FAILED VIEWS');
    expect(r.html).toContain('<h2>Top playback errors</h2>');
  });

  it('every section can be disabled', () => {
    const s = defaultSnapshot();
    for (const id of Object.keys(s.sections) as Array<keyof typeof s.sections>) s.sections[id] = 'disabled';
    const r = renderEmail(s);
    expect(r.html).not.toContain('<h2>');
    expect(r.text).not.toMatch(/\n=+\n/);
    expect(asSeen(r.html)).toContain('Generated Mon 23 Nov 2026, 08:00');
  });

  it('no views: a friendly message, volume with zeros, no empty tables', () => {
    const r = renderEmail(emptySnapshot());
    expect(r.subject).toBe('No views — week of 16 Nov 2026');
    expect(r.html).toContain('<h2>No views in this period</h2>');
    expect(r.text).toContain('NO VIEWS IN THIS PERIOD');
    expect(r.html).toContain('<h2>Volume</h2>');
    expect(r.html).toContain('0 opened · 0 resolved · 0 still open');
    for (const absent of ['Key metrics', 'Top insights', 'Breakdowns', 'Daily trend', 'Top playback errors']) {
      expect(r.html).not.toContain(`<h2>${absent}</h2>`);
    }
  });

  it('footer: period with time zone, generated at, archive location, why and report id', () => {
    const { html, text } = renderEmail(defaultSnapshot());
    for (const out of [asSeen(html), text]) {
      expect(out).toContain('Mon 16 Nov 2026 – Sun 22 Nov 2026 (Europe/Paris)');
      expect(out).toContain('Generated Mon 23 Nov 2026, 08:00 (Europe/Paris)');
      expect(out).toContain('s3://mux-qoe-reports-archive/snapshots/report=web-weekly/period=2026-W47/snapshot.json');
      expect(out).toContain('You are receiving this because your address is on the recipient list');
      expect(out).toContain('Report id: web-weekly');
    }
  });
});
