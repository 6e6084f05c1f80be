/**
 * The live view against the fake Mux over real HTTP (127.0.0.1): values, call budget, ordering, partial
 * and total failures; and the HTML page's escaping.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import {
  getLiveView,
  type LiveView,
  LiveViewError,
  PLAN_GATED_REASON,
  perMinute,
  renderLiveHtml,
} from '../../functions/commons/live/index.js';
import { MuxClient } from '../../functions/commons/mux/index.js';

const NOW = new Date('2026-03-10T19:42:17Z');
let fake: FakeMux;
const clients: MuxClient[] = [];

function client(): MuxClient {
  const c = new MuxClient({
    tokenId: 'fake-token-id',
    tokenSecret: 'fake-token-secret',
    baseUrl: fake.url,
    maxRetries: 0,
    rateLimit: { dataPerSecond: 50, monitoringPerSecond: 50 },
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false });
});
afterEach(() => {
  fake.clearFaults();
  fake.requests.length = 0;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fake.close();
});

describe('getLiveView', () => {
  it('builds every part from four monitoring calls', async () => {
    const view = await getLiveView(client(), { now: NOW, environment: 'demo' });
    expect(fake.requests.map((r) => r.path).sort()).toEqual([
      '/data/v1/monitoring/metrics/current-concurrent-viewers/breakdown',
      '/data/v1/monitoring/metrics/current-concurrent-viewers/timeseries',
      '/data/v1/monitoring/metrics/current-rebuffering-percentage/timeseries',
      '/data/v1/monitoring/metrics/video-startup-time/histogram-timeseries',
    ]);
    expect(view.unavailable).toEqual([]);
    expect(view.environment).toBe('demo');
    expect(view.generatedAt).toBe(NOW.toISOString());

    const ccv = view.concurrentViewers!;
    expect(ccv.current).toBeGreaterThan(0);
    expect(ccv.at).toBe('2026-03-10T19:42:15Z'); // last 5-second step at or before now
    expect(ccv.peak).toBeGreaterThanOrEqual(ccv.current!);
    expect(ccv.series.length).toBeGreaterThan(20);
    expect(ccv.series.length).toBeLessThanOrEqual(30);
    const minutes = ccv.series.map((p) => p.at.slice(0, 16));
    expect(new Set(minutes).size).toBe(minutes.length);
    expect([...minutes].sort()).toEqual(minutes);
    expect(ccv.series.at(-1)).toEqual({ at: ccv.at, value: ccv.current });

    const rebuf = view.rebuffering!;
    expect(rebuf.ratio).toBeGreaterThan(0);
    expect(rebuf.ratio).toBeLessThan(1);
    expect(rebuf.percent).toBeCloseTo(rebuf.ratio! * 100, 10);

    const hist = view.startupTimeHistogram!;
    expect(hist.bucketUnit).toBe('milliseconds');
    expect(hist.buckets.map((b) => [b.start, b.end])).toEqual([
      [0, 100],
      [100, 500],
      [500, 1000],
      [1000, 2000],
      [2000, 5000],
      [5000, 10_000],
      [10_000, null],
    ]);
    expect(hist.total).toBe(hist.buckets.reduce((n, b) => n + b.count, 0));
    expect(hist.total).toBeGreaterThan(0);
    expect(hist.buckets.reduce((n, b) => n + b.percentage, 0)).toBeCloseTo(1, 6);
    expect(hist.median).toBeGreaterThan(0);
    expect(hist.p95).toBeGreaterThan(hist.median!);

    const countries = view.topCountries!;
    expect(countries.length).toBeGreaterThan(1);
    expect(countries.length).toBeLessThanOrEqual(10);
    for (let i = 1; i < countries.length; i++) {
      const [a, b] = [countries[i - 1]!, countries[i]!];
      expect(
        a.concurrentViewers > b.concurrentViewers ||
          (a.concurrentViewers === b.concurrentViewers && a.country < b.country),
      ).toBe(true);
    }
    expect(countries.every((c) => c.share > 0 && c.share <= 1)).toBe(true);

    // Plain JSON, stable: the same clock gives the same view.
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    expect(await getLiveView(client(), { now: NOW, environment: 'demo' })).toEqual(view);
  });

  it('passes filters to every call', async () => {
    const view = await getLiveView(client(), { now: NOW, filters: ['country:US'] });
    expect(fake.requests).toHaveLength(4);
    for (const r of fake.requests) expect(decodeURIComponent(r.query)).toContain('filters[]=country:US');
    expect(view.filters).toEqual(['country:US']);
    expect(view.topCountries!.map((c) => c.country)).toEqual(['US']);
    expect(view.topCountries![0]!.share).toBe(1);
  });

  it('shows the other parts when one is plan-gated or failing', async () => {
    fake.addFault({ match: 'histogram-timeseries', kind: 'plan-gated' });
    fake.addFault({ match: '/breakdown', kind: 500 });
    const view = await getLiveView(client(), { now: NOW });
    expect(view.startupTimeHistogram).toBeNull();
    expect(view.topCountries).toBeNull();
    expect(view.concurrentViewers?.current).toBeGreaterThan(0);
    expect(view.rebuffering?.ratio).toBeGreaterThan(0);
    expect(view.unavailable).toEqual([
      `startupTimeHistogram: ${PLAN_GATED_REASON}`,
      'topCountries: Mux answered 500 internal_server_error',
    ]);
    const html = renderLiveHtml(view);
    expect(html).toContain(`Unavailable: ${PLAN_GATED_REASON}`);
  });

  it('throws a typed error when every part fails', async () => {
    fake.addFault({ match: '/monitoring', kind: 'plan-gated' });
    const error = await getLiveView(client(), { now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveViewError);
    expect((error as LiveViewError).planGated).toBe(true);
    expect((error as LiveViewError).reasons).toHaveLength(4);
    expect((error as LiveViewError).message).toContain(PLAN_GATED_REASON);

    fake.clearFaults();
    fake.addFault({ match: '/monitoring', kind: 503 });
    const other = await getLiveView(client(), { now: NOW }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(LiveViewError);
    expect((other as LiveViewError).planGated).toBe(false);
  });
});

describe('perMinute', () => {
  it('keeps the last point of each minute, oldest first, at most N', () => {
    const points = ['10:00:05', '10:00:55', '10:01:00', '10:02:30', '10:02:35'].map((t, i) => ({
      at: `2026-01-01T${t}Z`,
      value: i,
    }));
    expect(perMinute([...points].reverse(), 2)).toEqual([
      { at: '2026-01-01T10:01:00Z', value: 2 },
      { at: '2026-01-01T10:02:35Z', value: 4 },
    ]);
  });
});

describe('renderLiveHtml', () => {
  const hostile = '<script>alert(1)</script>';
  const view: LiveView = {
    environment: `prod"><img src=x onerror=alert(1)>`,
    generatedAt: '2026-03-10T19:42:17.000Z',
    filters: [`video_title:${hostile}`],
    concurrentViewers: { current: 1234, at: '2026-03-10T19:42:15Z', peak: 1500, series: [] },
    rebuffering: null,
    startupTimeHistogram: {
      bucketUnit: 'milliseconds',
      at: '2026-03-10T19:41:00Z',
      buckets: [
        { start: 0, end: 1000, count: 3, percentage: 0.75 },
        { start: 1000, end: null, count: 1, percentage: 0.25 },
      ],
      total: 4,
      median: 800,
      p95: 2400,
      average: 950,
    },
    topCountries: [
      { country: hostile, displayName: `Tom & Jerry "R"`, concurrentViewers: 10, startingUpViewers: 1, share: 1 },
    ],
    unavailable: [`rebuffering: ${hostile}`],
  };

  it('escapes every string and has no script', () => {
    const html = renderLiveHtml(view);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Tom &amp; Jerry &quot;R&quot;');
    expect(html).toContain('prod&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('1,234');
    expect(html).toContain('2.40 s');
    expect(html).toContain('≥ 1.00 s');
    expect(html).toContain('width:100.0%');
  });

  it('renders a real view from the fake', async () => {
    const html = renderLiveHtml(await getLiveView(client(), { now: NOW, environment: 'demo' }));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<h1>Live — demo</h1>');
    expect(html).not.toContain('Partly unavailable');
    expect((html.match(/class="bar"/g) ?? []).length).toBeGreaterThan(30);
  });
});
