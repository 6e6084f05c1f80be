/**
 * `npm run screenshots`: regenerates docs/email-{375,800}-{light,dark}.png from the demo (`npm run demo` into a
 * temporary folder and archive, against the embedded fake Mux), in Chromium (Debian's, through playwright-core) at
 * a phone's 375 px and a desktop's 800 px, in both schemes. The README shows the phone pair; docs/email-dark-mode.md
 * all four. The checks live in test/render/look.test.ts; this only takes the pictures.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../cli/main.js';
import { launchChromium } from '../support/chromium.js';

const DOCS = path.resolve(import.meta.dirname, '../docs');
const WIDTHS = [375, 800] as const;
const SCHEMES = ['light', 'dark'] as const;

const work = await mkdtemp(path.join(tmpdir(), 'screenshots-'));
try {
  const out = path.join(work, 'demo');
  const code = await runCli('demo', ['--out', out, '--archive', path.join(work, 'archive')]);
  if (code !== 0) throw new Error(`npm run demo failed (exit ${code})`);
  const html = await readFile(path.join(out, 'report.html'), 'utf8');
  const browser = await launchChromium();
  try {
    for (const width of WIDTHS) {
      for (const colorScheme of SCHEMES) {
        const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
        await page.setContent(html, { waitUntil: 'load' });
        const file = path.join(DOCS, `email-${width}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await page.close();
        process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
