/**
 * Accessibility of the email in Chromium (Debian chromium via playwright-core), in the light and the dark scheme
 * (playwright `colorScheme` emulates prefers-color-scheme): axe-core finds nothing serious or critical, every
 * visible text keeps >= 4.5:1 against the background it is drawn on (measured here, not trusted to the palette),
 * the dark palette really applies, and the preheader is hidden without a colour trick. Screenshots of both schemes
 * go to test-artifacts/ (the docs/ screenshots come from `npm run screenshots`, the demo at 375 and 800 px).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEmail } from '../../functions/commons/render/index.js';
import { browserAvailable, type Contrast, launchChromium, lowestContrast } from '../helpers/look.js';
import { defaultSnapshot } from '../helpers/sample-snapshots.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Every visible text against the first opaque background behind it (test/helpers/look.ts). */
const LOWEST_CONTRAST = lowestContrast(false);

/** WCAG 2.0/2.1 A and AA rules; only violations are collected (passes cost time and are not read). */
const AXE_RUN = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] }, resultTypes: ['violations'] })
  .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) })))`;

describe.skipIf(!browserAvailable('a11y tests'))('email accessibility and dark mode (chromium + axe-core)', () => {
  let browser: Browser;
  const html = renderEmail(defaultSnapshot()).html;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(colorScheme: 'light' | 'dark'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 600, height: 900 }, colorScheme });
    await page.setContent(html, { waitUntil: 'load' });
    return page;
  }

  /** Body, card and footer backgrounds: the dark palette applies (no white card in the dark), the light one stays. */
  const BACKGROUNDS = {
    light: ['rgb(243, 244, 246)', 'rgb(255, 255, 255)', 'rgb(243, 244, 246)'],
    dark: ['rgb(3, 7, 18)', 'rgb(17, 24, 39)', 'rgb(3, 7, 18)'],
  };

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: no serious or critical axe findings, every text >= 4.5:1, its palette, the preheader hidden`, async () => {
      const page = await open(scheme);
      await page.screenshot({ path: path.join(ARTIFACTS, `email-${scheme}.png`), fullPage: true });
      const backgrounds = await page.evaluate<string[]>(
        `[document.body, document.querySelector('.card'), document.querySelector('.foot')].map((e) => getComputedStyle(e).backgroundColor)`,
      );
      expect(backgrounds).toEqual(BACKGROUNDS[scheme]);

      // The preheader, the community way: no box, no colour or opacity trick, mso-hide for Outlook.
      const pre = await page.evaluate<{ style: string; height: number; text: string }>(`(() => {
        const el = document.body.querySelector('div[style*="mso-hide:all"]');
        return { style: el.getAttribute('style'), height: el.getBoundingClientRect().height, text: el.textContent };
      })()`);
      // The HTML encoder joins "16 Nov 2026" with no-break spaces (render/keep-whole.ts).
      expect(pre.text.replace(/\u00a0/g, ' ').startsWith(renderEmail(defaultSnapshot()).preheader)).toBe(true);
      expect(pre.height).toBe(0);
      expect(pre.style).toContain('display:none');
      expect(pre.style).not.toMatch(/color|opacity/);

      const lowest = await page.evaluate<Contrast[]>(LOWEST_CONTRAST);
      expect(lowest.length).toBeGreaterThan(0);
      expect(lowest[0]?.ratio, JSON.stringify(lowest)).toBeGreaterThanOrEqual(4.5);

      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate<AxeViolation[]>(AXE_RUN);
      const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(blocking, JSON.stringify(blocking, null, 1)).toEqual([]);
      await page.close();
    });
  }

  it('both checks do catch the old footer colours (#6b7280 on #f3f4f6: 4.39:1)', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<html lang="en"><head><title>t</title></head><body style="background:#f3f4f6"><p style="color:#6b7280;font-size:12px">footer</p></body></html>',
    );
    const [lowest] = await page.evaluate<Contrast[]>(LOWEST_CONTRAST);
    expect(lowest?.ratio).toBeCloseTo(4.39, 2);
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate<AxeViolation[]>(AXE_RUN);
    await page.close();
    expect(violations.map((v) => [v.id, v.impact])).toEqual([['color-contrast', 'serious']]);
  });

  it('declares both colour schemes', () => {
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark">');
    expect(html).toContain(':root { color-scheme: light dark; supported-color-schemes: light dark; }');
  });

  it('white-space only where ignoring it harms nothing; opacity and overflow nowhere (Outlook for Windows ignores them)', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const strip = (file: string) =>
      readFileSync(file, 'utf8')
        .replace(/<!--[\s\S]*?-->/g, '')
        // The hidden preheader's overflow:hidden is a fallback only: display:none and mso-hide:all hide it.
        .replace(/<div style="display:none;[^"]*mso-hide:all;">/, '');
    const sources = [
      ...['layouts/report.mjml', 'partials/header.mjml', 'partials/footer.mjml'].map((f) =>
        path.join(root, 'templates', f),
      ),
      ...defaultSectionTemplates(root),
    ];
    // Sections and the layout compose the shared classes; no inline white-space of their own.
    for (const file of sources) expect(strip(file), file).not.toMatch(/white-space|opacity|overflow/);
    // The head's `white-space: nowrap` keeps numbers whole where a client honours it; Outlook's Word engine never
    // breaks inside a word anyway, so ignoring it harms nothing. Nothing else.
    const head = strip(path.join(root, 'templates/partials/head.mjml'));
    expect(head).not.toMatch(/opacity|overflow:|overflow: /);
    expect(head.match(/white-space:\s*[\w-]+/g)?.every((m) => /nowrap$/.test(m))).toBe(true);
  });
});

function defaultSectionTemplates(root: string): string[] {
  const dir = path.join(root, 'functions/commons/sections');
  return readdirSync(dir)
    .map((id) => path.join(dir, id, 'template.mjml'))
    .filter((f) => existsSync(f));
}
