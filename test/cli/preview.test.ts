/**
 * `npm run preview` serves an HTML preview through the real on-demand handler (fake Mux by default), with the
 * reload script, and a rebuild bumps the version the page polls. Only its developer can use it: a foreign Host or
 * Origin and a non-JSON POST are refused; the send route gets the body and emails the local SES.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Preview, startPreview } from '../../cli/preview.js';
import { refusal, unsendableChannels } from '../../cli/preview-guard.js';

/** A raw request (fetch cannot set Host), headers exactly as given. */
function request(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method, path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

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

describe('npm run preview: only its developer can use it', () => {
  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, answers its own', async () => {
    const port = new URL(preview.url).port;
    const get = (headers: Record<string, string>) => request(preview.url, 'GET', '/reports', headers);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      expect((await get({ host })).status).toBe(200);
    }
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, '127.0.0.1', '']) {
      const res = await get({ host });
      expect([host, res.status]).toEqual([host, 403]);
      expect(res.text).toContain(`Host must be 127.0.0.1:${port} or localhost:${port}`);
    }
    // No Host at all: Node's HTTP/1.1 server refuses it before the preview sees it.
    expect((await get({})).status).toBe(400);
    for (const origin of ['https://evil.example', 'null', `http://evil.example:${port}`, `https://127.0.0.1:${port}`]) {
      const res = await get({ host: `127.0.0.1:${port}`, origin });
      expect([origin, res.status]).toEqual([origin, 403]);
    }
    expect((await get({ host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('runs a POST only as application/json (no cross-site form POST), passes the body, and sends to the local SES', async () => {
    const port = new URL(preview.url).port;
    const host = `127.0.0.1:${port}`;
    const send = (headers: Record<string, string>, body?: string) =>
      request(preview.url, 'POST', '/reports/weekly-qoe/send', { host, ...headers }, body);
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', '']) {
      const res = await send(type ? { 'content-type': type } : {}, '');
      expect([type, res.status]).toEqual([type, 415]);
      expect(res.text).toContain('POST must be sent as content-type: application/json');
    }
    // A cross-site form POST carries the other site's Origin: refused before its content type is even looked at.
    const form = await send({ origin: 'https://evil.example', 'content-type': 'text/plain' }, '');
    expect(form.status).toBe(403);

    // The body reaches the route: a bad field is the handler's own 400 naming it.
    const bad = await send({ 'content-type': 'application/json' }, '{"period":"soon"}');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { field: 'period' } });

    const body = JSON.stringify({ period: '2026-W46', recipients: ['video-team@example.com'] });
    const sent = await send({ 'content-type': 'application/json; charset=utf-8' }, body);
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.text)).toMatchObject({ status: 'sent', periodKey: '2026-W46', recipientCount: 1 });
    const again = await send({ 'content-type': 'application/json' }, body);
    expect(JSON.parse(again.text)).toMatchObject({ status: 'already-sent' });
  }, 60_000);

  it('refuses a full send of a report with chat channels, saying what it needs', () => {
    const report = { id: 'r', channels: [{ type: 'email' }, { type: 'slack' }, { type: 'webhook' }] };
    expect(unsendableChannels(report, {})).toEqual({
      status: 422,
      message:
        'the preview cannot post to slack, webhook (their URLs are deployment secrets): send with "recipients" to send report r\'s email only, to the local SES',
    });
    expect(unsendableChannels(report, { recipients: ['a@example.com'] })).toBeNull();
    expect(unsendableChannels({ id: 'r', channels: [{ type: 'email' }] }, {})).toBeNull();
    expect(unsendableChannels({ id: 'r', channels: [{ type: 'teams' }] }, {})?.message).toMatch(
      /report r has no email channel: the preview has nothing it can send$/,
    );
    // The guard: a repeated Host or Origin header (an array) is refused too.
    expect(refusal({ method: 'GET', headers: { host: ['127.0.0.1:1', '127.0.0.1:1'] } }, 1)?.status).toBe(403);
    expect(
      refusal({ method: 'GET', headers: { host: '127.0.0.1:1', origin: ['http://127.0.0.1:1'] } }, 1)?.status,
    ).toBe(403);
    expect(refusal({ method: 'HEAD', headers: { host: 'localhost:1' } }, 1)).toBeNull();
    expect(refusal({ method: 'DELETE', headers: { host: 'localhost:1' } }, 1)?.status).toBe(415);
  });
});
