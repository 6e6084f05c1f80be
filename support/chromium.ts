/**
 * The one headless Chromium of the browser tests (test/render/look.test.ts, a11y.test.ts) and of
 * `npm run screenshots`: Debian's chromium through playwright-core. Under CI=true a missing browser is a failure
 * (the launch throws), not a skip.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Skip the browser tests when there is no browser, except under CI (where a missing browser must fail them). */
export function browserAvailable(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') return true; // launching fails the suite, as it must
  console.warn(`${what} skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}
