/**
 * `npm run preview` serves an HTML preview through the real on-demand handler (fake Mux by default), with the
 * reload script, and a rebuild bumps the version the page polls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Preview, startPreview } from '../../cli/preview.js';

let preview: Preview;

beforeAll(async () => {
  // No watcher: the test calls reload() itself (a file change would rebuild the committed template).
  preview = await startPreview({ port: 0, env: {}, watch: false, log: () => {} });
}, 60_000);
afterAll(async () => {
  await preview?.close();
});

describe('npm run preview', () => {
  it('serves the HTML preview of a report and period from the on-demand handler, with live reload', async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${preview.url}/reports/weekly-qoe?period=2026-W46&format=html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-report-period')).toBe('2026-W46');
    const html = await res.text();
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toMatch(/Viewer experience \d+/);
    expect(html).toContain("fetch('/__preview/version')");

    const index = await (await fetch(`${preview.url}/`)).text();
    expect(index).toContain('href="/reports/weekly-qoe?format=html"');
    const listed = (await (await fetch(`${preview.url}/reports`)).json()) as { reports: { id: string }[] };
    expect(listed.reports.map((r) => r.id)).toContain('weekly-qoe');

    expect(await (await fetch(`${preview.url}/__preview/version`)).text()).toBe('1');
  }, 60_000);
});
