/**
 * Renders the default email in a real browser (Debian chromium via playwright-core), writes screenshots
 * to test-artifacts/ and checks nothing overflows at a 375 px phone width. The page is loaded with
 * setContent: the email references no external resource, so nothing goes to the network.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEmail } from '../../functions/commons/render/index.js';
import { defaultSnapshot, worstCaseSnapshot } from '../helpers/sample-snapshots.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('email in a browser (chromium)', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string, width: number) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    // Fail on any request: an email must not need the network to render.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
    });
    await page.setContent(html, { waitUntil: 'load' });
    return { page, requests };
  }

  /** scrollWidth and the right-most element edge, in CSS pixels. */
  async function overflow(page: Awaited<ReturnType<typeof open>>['page']) {
    // A string, not a function: the project compiles without the DOM lib.
    return page.evaluate<{ scrollWidth: number; maxRight: number; widest: string }>(`(() => {
      let maxRight = 0;
      let widest = '';
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.right > maxRight) {
          maxRight = r.right;
          widest = el.tagName.toLowerCase() + '.' + el.className + ': ' + (el.textContent || '').slice(0, 40);
        }
      }
      return { scrollWidth: document.documentElement.scrollWidth, maxRight, widest };
    })()`);
  }

  for (const width of [600, 375]) {
    it(`default email at ${width} px: screenshot, no horizontal overflow`, async () => {
      const { page, requests } = await open(renderEmail(defaultSnapshot()).html, width);
      await page.screenshot({ path: path.join(ARTIFACTS, `email-${width}.png`), fullPage: true });
      const o = await overflow(page);
      expect(o.scrollWidth).toBeLessThanOrEqual(width);
      expect(o.maxRight, o.widest).toBeLessThanOrEqual(width + 1);
      // Numbers are live text, and the score hero is there.
      expect(await page.locator('.big').first().textContent()).toBe('82');
      expect(requests).toEqual([]);
      await page.close();
    });
  }

  it('the overflow check does catch a too-wide element', async () => {
    const { page } = await open('<html><body><div style="width:500px">wide</div></body></html>', 375);
    const o = await overflow(page);
    expect(o.scrollWidth).toBeGreaterThan(375);
    expect(o.maxRight).toBeGreaterThan(376);
    await page.close();
  });

  it('worst case (long non-ASCII names, max rows) does not overflow at 375 px either', async () => {
    const { page } = await open(renderEmail(worstCaseSnapshot()).html, 375);
    await page.screenshot({ path: path.join(ARTIFACTS, 'email-worst-375.png'), fullPage: true });
    const o = await overflow(page);
    expect(o.scrollWidth).toBeLessThanOrEqual(375);
    expect(o.maxRight, o.widest).toBeLessThanOrEqual(376);
    await page.close();
  });
});
