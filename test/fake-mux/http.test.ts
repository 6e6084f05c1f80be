import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeMux, type FakeMuxOptions, startFakeMux } from '../../fake-mux/server.js';
import { AUTH, get, NOW, TF } from './client.js';

const started: FakeMux[] = [];
async function start(opts: FakeMuxOptions = {}): Promise<FakeMux> {
  const fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false, ...opts });
  started.push(fake);
  return fake;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.close()));
});

describe('auth, errors, headers', () => {
  it('rejects missing or wrong Basic credentials with Mux 401 shape', async () => {
    const fake = await start({ tokenId: 'id1', tokenSecret: 's3cret' });
    const missing = await get(fake, `/data/v1/metrics/views/overall?${TF}`, null);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: { type: 'unauthorized', messages: ['Unauthorized request'] } });
    expect((await get(fake, `/data/v1/metrics/views/overall?${TF}`, AUTH)).status).toBe(401);
    const ok = await get(
      fake,
      `/data/v1/metrics/views/overall?${TF}`,
      `Basic ${Buffer.from('id1:s3cret').toString('base64')}`,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(missing.headers.get('x-request-id')).not.toBe(ok.headers.get('x-request-id'));
  });

  it('answers invalid parameters with 400 invalid_parameters and unknown paths/ids with 404 not_found', async () => {
    const fake = await start();
    const bad400 = [
      `/data/v1/metrics/not_a_metric/overall?${TF}`,
      `/data/v1/metrics/views/breakdown?group_by=planet&${TF}`,
      `/data/v1/metrics/video_startup_time/overall?measurement=p99&${TF}`,
      '/data/v1/metrics/views/overall?timeframe[]=7:weeks',
      '/data/v1/metrics/views/overall?timeframe[]=abc&timeframe[]=123',
      '/data/v1/metrics/views/overall?timeframe[]=200&timeframe[]=100',
      '/data/v1/metrics/views/overall?timeframe=7:days',
      `/data/v1/metrics/views/overall?filters[]=planet:mars&${TF}`,
      `/data/v1/metrics/views/overall?metric_filters[]=views>10&${TF}`,
      `/data/v1/metrics/views/overall?metric_filters[]=aggregate_startup_time~1&${TF}`,
      `/data/v1/metrics/views/breakdown?group_by=country&limit=0&${TF}`,
      `/data/v1/metrics/views/timeseries?group_by=week&${TF}`,
    ];
    for (const p of bad400) {
      const r = await get(fake, p);
      expect(r.status, p).toBe(400);
      expect(r.body.error.type, p).toBe('invalid_parameters');
      expect(r.body.error.messages[0], p).toEqual(expect.any(String));
    }
    expect(
      (await get(fake, `/data/v1/metrics/views/overall?metric_filters[]=aggregate_startup_time>=1000&${TF}`)).status,
    ).toBe(200);
    for (const p of ['/data/v1/nope', '/data/v1/incidents/zzz/related', '/v2/whatever']) {
      const r = await get(fake, p);
      expect(r.status, p).toBe(404);
      expect(r.body).toEqual({
        error: {
          type: 'not_found',
          messages: ["The requested resource either doesn't exist or you don't have access to it."],
        },
      });
    }
  });

  it('refuses timeframes older than 100 days before now with a clear 400', async () => {
    const fake = await start();
    const nowSec = NOW.getTime() / 1000;
    const r = await get(
      fake,
      `/data/v1/metrics/views/overall?timeframe[]=${nowSec - 101 * 86_400}&timeframe[]=${nowSec - 90 * 86_400}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.messages[0]).toMatch(/100-day/);
    expect((await get(fake, '/data/v1/metrics/views/overall?timeframe[]=100:days')).status).toBe(200);
    expect((await get(fake, '/data/v1/metrics/views/overall?timeframe[]=101:days')).status).toBe(400);
  });
});

describe('rate limiting', () => {
  it('returns 429 with Mux body under a burst and recovers; monitoring has its own bucket', async () => {
    // The limiter's clock stands still during the burst and moves only when the test says (no wall clock).
    let clock = 1_000_000;
    const fake = await start({ rateLimit: { data: 5, monitoring: 1 }, rateClock: () => clock });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => get(fake, `/data/v1/metrics/views/overall?${TF}`)),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200).length).toBe(5);
    expect(limited.length).toBe(7);
    expect(limited[0]!.body).toEqual({ errors: ['Too many requests, retry later.'] });
    expect(limited[0]!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(results[0]!.headers.get('x-ratelimit-limit')).toBe('5');
    const remaining = results
      .filter((r) => r.status === 200)
      .map((r) => Number(r.headers.get('x-ratelimit-remaining')));
    expect(remaining.sort()).toEqual([0, 1, 2, 3, 4]);
    const m1 = await get(fake, '/data/v1/monitoring/metrics');
    const m2 = await get(fake, '/data/v1/monitoring/metrics');
    expect([m1.status, m2.status]).toEqual([200, 429]);
    clock += 450; // 450 ms later: two tokens back at 5 per second
    expect((await get(fake, `/data/v1/metrics/views/overall?${TF}`)).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('injects statuses, plan gating and malformed JSON per route, honouring times', async () => {
    const fake = await start({ faults: [{ match: '/incidents', kind: 'plan-gated' }] });
    fake.addFault({ match: '/errors', kind: 503, times: 2 });
    fake.addFault({ match: 'comparison', kind: 'malformed' });
    const gated = await get(fake, '/data/v1/incidents');
    expect(gated.status).toBe(403);
    expect(gated.body.error.type).toBe('forbidden');
    expect(gated.body.error.messages[0]).toMatch(/not available on your plan/);
    expect((await get(fake, `/data/v1/errors?${TF}`)).status).toBe(503);
    expect((await get(fake, `/data/v1/errors?${TF}`)).status).toBe(503);
    expect((await get(fake, `/data/v1/errors?${TF}`)).status).toBe(200);
    const bad = await get(fake, `/data/v1/metrics/comparison?${TF}`);
    expect(bad.status).toBe(200);
    expect(() => JSON.parse(bad.text)).toThrow();
    expect((await get(fake, `/data/v1/metrics/views/overall?${TF}`)).status).toBe(200);
    fake.clearFaults();
    expect((await get(fake, '/data/v1/incidents')).status).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([403, 503, 503, 200, 200, 200, 200]);
    expect(fake.requests[1]).toMatchObject({ method: 'GET', path: '/data/v1/errors', query: TF });
  });

  it('applies a fault rate deterministically per seed', async () => {
    const statuses = async () => {
      const fake = await start({ faults: [{ match: '*', kind: 500, rate: 0.5 }] });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await get(fake, '/data/v1/monitoring/metrics')).status);
      return out;
    };
    const a = await statuses();
    expect(a.filter((s) => s === 500).length).toBeGreaterThan(3);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(3);
    expect(await statuses()).toEqual(a);
  });

  it('resets the connection and hangs until the client gives up', async () => {
    const fake = await start({ faults: [{ match: 'video-views', kind: 'reset' }] });
    fake.addFault({ match: '/errors', kind: 'hang' });
    await expect(get(fake, `/data/v1/video-views?${TF}`)).rejects.toThrow();
    const t0 = Date.now();
    await expect(
      fetch(`${fake.url}/data/v1/errors`, { headers: { authorization: AUTH }, signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(fake.requests.map((r) => r.status)).toEqual([0, 0]);
  });

  it('adds latency and random server errors', async () => {
    const slow = await start({ latencyMs: 150 });
    const t0 = Date.now();
    expect((await get(slow, '/data/v1/dimensions')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const flaky = await start({ errorRate: 1 });
    const r = await get(flaky, '/data/v1/dimensions');
    expect([500, 502, 503]).toContain(r.status);
    expect(r.body.error.type).toBe('internal_server_error');
  });
});

describe('docs scenario', () => {
  it('serves the exact seed example bodies at their paths, still behind auth', async () => {
    const fake = await start({ scenario: 'docs' });
    const dir = new URL('../../fake-mux/seed-examples/', import.meta.url);
    const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as Record<
      string,
      { method: string; path: string }
    >;
    expect(Object.keys(index).length).toBeGreaterThan(10);
    for (const [name, { path }] of Object.entries(index)) {
      const r = await get(fake, path);
      expect(r.status, name).toBe(200);
      expect(r.text, name).toBe(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
      expect(r.headers.get('x-request-id')).toBeTruthy();
    }
    expect((await get(fake, '/data/v1/metrics/video_startup_time/overall', null)).status).toBe(401);
  });
});
