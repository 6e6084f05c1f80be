/** Retry, timeout, rate-limit and typed-error behaviour over real HTTP on 127.0.0.1. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MuxApiError,
  MuxClient,
  type MuxClientOptions,
  MuxConnectionError,
  type MuxEvent,
  MuxResponseError,
  MuxTimeoutError,
} from '../../functions/commons/mux/index.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const OK_BODY = JSON.stringify({
  data: { value: 4, total_views: 5, total_watch_time: 513934, global_value: 1169.18 },
  timeframe: [1610029525, 1610115925],
  total_row_count: null,
});

function ok(res: ServerResponse, body = OK_BODY, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

const SECRET = 'super-secret-token-value';
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function setup(handler: Handler, opts: Partial<MuxClientOptions> = {}) {
  const seen: IncomingMessage[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    seen.push(req);
    handler(req, res, n++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const events: MuxEvent[] = [];
  const client = new MuxClient({
    tokenId: 'tok-id',
    tokenSecret: SECRET,
    baseUrl: `http://127.0.0.1:${port}`,
    timeoutMs: 2000,
    maxRetries: 3,
    retry: { baseDelayMs: 10, maxDelayMs: 40, rateLimitedMinDelayMs: 20 },
    rateLimit: { dataPerSecond: 1000, monitoringPerSecond: 1000 },
    onEvent: (e) => events.push(e),
    ...opts,
  });
  closers.push(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { client, seen, events, port };
}

const overall = (client: MuxClient) => client.metrics.overall('video_startup_time', { timeframe: '7:days' });

describe('MuxClient over HTTP', () => {
  it('sends Basic auth, Accept and the exact query string', async () => {
    const { client, seen } = await setup((_req, res) => ok(res));
    const r = await client.metrics.overall('video_startup_time', {
      timeframe: [1700000000, 1700604800],
      filters: ['!country:US'],
      metricFilters: ['aggregate_startup_time>=1000'],
      measurement: '95th',
    });
    expect(r).toEqual({
      data: { value: 4, total_views: 5, total_watch_time: 513934, global_value: 1169.18 },
      totalRowCount: null,
      timeframe: [1610029525, 1610115925],
    });
    expect(seen[0]!.url).toBe(
      '/data/v1/metrics/video_startup_time/overall?timeframe[]=1700000000&timeframe[]=1700604800' +
        '&filters[]=!country:US&metric_filters[]=aggregate_startup_time%3E%3D1000&measurement=95th',
    );
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`tok-id:${SECRET}`).toString('base64')}`);
    expect(seen[0]!.headers.accept).toBe('application/json');
    expect(client.stats()).toMatchObject({ calls: 1, retries: 0, rateLimited: 0, bytes: OK_BODY.length });
  });

  it('honours Retry-After (seconds) on 429, then succeeds', async () => {
    const { client, events } = await setup((_req, res, n) => {
      if (n === 0) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.end('{"errors":["Too many requests, retry later."]}');
      } else ok(res);
    });
    const start = Date.now();
    const r = await overall(client);
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);
    expect(r.data.value).toBe(4);
    expect(client.stats()).toMatchObject({ calls: 2, retries: 1, rateLimited: 1 });
    expect(events).toContainEqual({
      type: 'rate_limited',
      path: '/data/v1/metrics/video_startup_time/overall',
      retryAfterMs: 1000,
    });
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ delayMs: 1000, reason: 'status 429' });
  });

  it('honours retry-after-ms and pauses the shared bucket for concurrent calls', async () => {
    const { client, seen } = await setup((_req, res, n) => {
      if (n === 0) {
        res.writeHead(429, { 'retry-after-ms': '300' });
        res.end('{"errors":["Too many requests, retry later."]}');
      } else ok(res);
    });
    const first = overall(client);
    await new Promise((r) => setTimeout(r, 100));
    const start = Date.now();
    await Promise.all([first, overall(client)]);
    // The second call was issued after the 429 and had to wait for the pause (~200 ms left).
    expect(Date.now() - start).toBeGreaterThanOrEqual(150);
    expect(seen).toHaveLength(3);
    expect(client.stats().rateLimited).toBe(1);
  });

  it('retries 503 then returns the 200', async () => {
    const { client } = await setup((_req, res, n) => {
      if (n === 0) {
        res.writeHead(503);
        res.end('Service Unavailable');
      } else ok(res);
    });
    expect((await overall(client)).data.total_views).toBe(5);
    expect(client.stats()).toMatchObject({ calls: 2, retries: 1, rateLimited: 0 });
  });

  it('retries a reset socket', async () => {
    const { client, events } = await setup((req, res, n) => {
      if (n === 0) req.socket.destroy();
      else ok(res);
    });
    expect((await overall(client)).data.value).toBe(4);
    expect(client.stats().retries).toBe(1);
    const retry = events.find((e) => e.type === 'retry');
    expect(retry?.type === 'retry' && retry.reason).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it('gives up with MuxConnectionError when the connection keeps resetting', async () => {
    const { client } = await setup((req) => req.socket.destroy(), { maxRetries: 1 });
    const err = await overall(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MuxConnectionError);
    expect((err as MuxConnectionError).path).toBe('/data/v1/metrics/video_startup_time/overall');
    expect(client.stats().calls).toBe(2);
  });

  it('times out a hanging server, retries, then throws MuxTimeoutError', async () => {
    const { client } = await setup(() => {}, { timeoutMs: 150, maxRetries: 1 });
    const start = Date.now();
    const err = await overall(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MuxTimeoutError);
    expect((err as MuxTimeoutError).timeoutMs).toBe(150);
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
    expect(Date.now() - start).toBeLessThan(1500);
    expect(client.stats()).toMatchObject({ calls: 2, retries: 1 });
  });

  it('times out a body that stalls after the headers', async () => {
    const { client } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":');
      },
      { timeoutMs: 150, maxRetries: 0 },
    );
    await expect(overall(client)).rejects.toBeInstanceOf(MuxTimeoutError);
  });

  it('does not retry 401 and never leaks the credentials', async () => {
    const { client, events } = await setup((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': 'req-42' });
      res.end('{"error":{"type":"unauthorized","messages":["Unauthorized request"]}}');
    });
    const err = await overall(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MuxApiError);
    expect(err).toMatchObject({
      status: 401,
      type: 'unauthorized',
      messages: ['Unauthorized request'],
      requestId: 'req-42',
      path: '/data/v1/metrics/video_startup_time/overall',
    });
    expect(client.stats()).toMatchObject({ calls: 1, retries: 0 });
    const b64 = Buffer.from(`tok-id:${SECRET}`).toString('base64');
    const surfaces = [
      String(err),
      (err as Error).stack ?? '',
      inspect(err),
      JSON.stringify(events),
      String(client),
      JSON.stringify(client),
      inspect(client, { depth: 10, showHidden: true }),
    ].join('\n');
    expect(surfaces).not.toContain(SECRET);
    expect(surfaces).not.toContain(b64);
  });

  it.each([
    [403, '{"error":"Maximum number of filters for the requested metric is 0"}', 'forbidden'],
    [404, '{"error":{"type":"not_found","messages":["not found"]}}', 'not_found'],
    [422, '{"errors":["invalid timeframe"]}', 'unprocessable_entity'],
  ])('does not retry %i', async (status, body, type) => {
    const { client } = await setup((_req, res) => {
      res.writeHead(status);
      res.end(body);
    });
    await expect(overall(client)).rejects.toMatchObject({ status, type });
    expect(client.stats().calls).toBe(1);
  });

  it('retries malformed JSON in a 2xx, then succeeds', async () => {
    const { client, events } = await setup((_req, res, n) => (n === 0 ? ok(res, '{"data": {"value": 4,') : ok(res)));
    expect((await overall(client)).data.value).toBe(4);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'malformed_json' });
  });

  it('throws MuxResponseError when the JSON stays malformed', async () => {
    const { client } = await setup((_req, res) => ok(res, '<html>oops</html>'), { maxRetries: 2 });
    const err = await overall(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MuxResponseError);
    expect((err as MuxResponseError).path).toBe('/data/v1/metrics/video_startup_time/overall');
    expect(client.stats().calls).toBe(3);
  });

  it('throws MuxResponseError naming the zod issue path, without retrying', async () => {
    const { client } = await setup((_req, res) =>
      ok(res, JSON.stringify({ data: [{ field: 'US', value: 'four', views: 5 }], total_row_count: 1 })),
    );
    const err = await client.metrics
      .breakdown('video_startup_time', { groupBy: 'country', timeframe: '7:days' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MuxResponseError);
    expect(err).toMatchObject({ issuePath: 'data.0.value', path: '/data/v1/metrics/video_startup_time/breakdown' });
    expect((err as Error).message).not.toContain('four');
    expect(client.stats().calls).toBe(1);
  });

  it('caps the shared bucket at X-RateLimit-Remaining (someone else used the environment)', async () => {
    const { client } = await setup(
      (_req, res, n) => ok(res, OK_BODY, { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': n === 0 ? '0' : '3' }),
      { rateLimit: { dataPerSecond: 5, monitoringPerSecond: 1 } },
    );
    expect(client.limiter.data.available()).toBe(4);
    await overall(client);
    // Our bucket had 3 tokens left; the server says 0 (plus what it refilled while the response came back).
    expect(client.limiter.data.available()).toBeLessThan(1);
    expect(client.limiter.data.capped).toBe(1);
    expect(client.limiter.data.inFlight).toBe(0);
    expect(client.limiter.data.limitPerSecond).toBe(5);
  });

  it('lowers the rate of the bucket a lower X-RateLimit-Limit came from', async () => {
    const { client } = await setup(
      (req, res) =>
        req.url?.includes('/monitoring/')
          ? ok(res, '{"data":[{"value":12,"date":"2026-11-16T07:00:00Z"}]}', {
              'x-ratelimit-limit': '0.5',
            })
          : ok(res, OK_BODY, { 'x-ratelimit-limit': '2' }),
      { rateLimit: { dataPerSecond: 5, monitoringPerSecond: 1 } },
    );
    await overall(client);
    expect(client.limiter.data.limitPerSecond).toBe(2);
    expect(client.limiter.monitoring.limitPerSecond).toBe(1);
    await client.monitoring.timeseries('current-concurrent-viewers');
    expect(client.limiter.monitoring.limitPerSecond).toBe(0.5);
    expect(client.limiter.data.limitPerSecond).toBe(2);
  });

  it('pauses the bucket until X-RateLimit-Reset when nothing remains', async () => {
    const { client } = await setup((_req, res, n) =>
      ok(res, OK_BODY, n === 0 ? { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0.3' } : {}),
    );
    await overall(client);
    const start = Date.now();
    await overall(client);
    // 1000 req/s configured: only the reset header can explain a wait.
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
  });

  it('settles every permit, also after timeouts and resets', async () => {
    const { client } = await setup(
      (req, res, n) => {
        // 1st: reset socket, 2nd: no answer (timeout), 3rd: ok.
        if (n === 0) req.socket.destroy();
        else if (n > 1) ok(res);
      },
      { timeoutMs: 100 },
    );
    await overall(client);
    expect(client.stats().calls).toBe(3);
    expect(client.limiter.data.inFlight).toBe(0);
  });

  it('bounds concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const { client } = await setup(
      (_req, res) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          ok(res);
        }, 30);
      },
      { concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 6 }, () => overall(client)));
    expect(peak).toBe(2);
    expect(client.stats().calls).toBe(6);
  });

  it('fails fast with MuxConnectionError on a closed port', async () => {
    const { client, port } = await setup((_req, res) => ok(res));
    await closers.pop()!();
    const dead = new MuxClient({
      tokenId: 'a',
      tokenSecret: 'b',
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 1,
      retry: { baseDelayMs: 5, maxDelayMs: 5 },
    });
    await expect(overall(dead)).rejects.toMatchObject({ name: 'MuxConnectionError', code: 'ECONNREFUSED' });
    await dead.close();
    void client;
  });
});
