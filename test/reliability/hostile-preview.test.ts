/**
 * `npm run preview` in front of the fake's hostile scenario (fake-mux/hostile-scenario.ts), reached the way a
 * developer points it at a Mux API (MUX_TOKEN_ID / MUX_TOKEN_SECRET / MUX_BASE_URL): the previewed email has no
 * markup from Mux, only the preview's own reload script, and stays within the email's size budget (+ that script).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Preview, startPreview } from '../../cli/preview.js';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';

let fake: FakeMux;
let preview: Preview;

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, rateLimit: false, scenario: 'hostile', now: new Date('2026-11-23T09:00:00Z') });
  preview = await startPreview({
    port: 0,
    env: { MUX_TOKEN_ID: 'fake-token-id', MUX_TOKEN_SECRET: 'fake-token-secret', MUX_BASE_URL: fake.url },
    watch: false,
    log: () => {},
  });
}, 60_000);
afterAll(async () => {
  await preview?.close();
  await fake?.close();
});

describe('npm run preview with hostile Mux data', () => {
  it('shows Mux text as text', async () => {
    const res = await fetch(`${preview.url}/reports/weekly-qoe?period=2026-W46&format=html`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // The hostile universe reached the page (as text): its titles and player names replaced the realistic ones.
    expect(html).toContain('東東東');
    expect(html).not.toContain('Web Player');
    expect(html).not.toMatch(/<img|<script>alert/i);
    expect(html.match(/<script/g)).toHaveLength(1); // the preview's reload script
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(96 * 1024 + 1024);
  }, 60_000);
});
