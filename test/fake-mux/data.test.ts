import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { get, NOW, TF, WEEK_END, WEEK_START } from './client.js';

let fake: FakeMux;
let other: FakeMux;

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false });
  other = await startFakeMux({ port: 0, now: NOW, rateLimit: false, seed: 7 });
});
afterAll(async () => {
  await fake.close();
  await other.close();
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('consistency across endpoints', () => {
  it('overall views == breakdown views == timeseries views == comparison totals, for several metrics and windows', async () => {
    for (const tf of [TF, `timeframe[]=${WEEK_START + 1234}&timeframe[]=${WEEK_START + 3 * 86_400 + 77}`]) {
      const overall = (await get(fake, `/data/v1/metrics/views/overall?${tf}`)).body;
      const views = overall.data.total_views as number;
      expect(views).toBeGreaterThan(1000);
      expect(overall.data.value).toBe(views);
      for (const dim of ['country', 'browser', 'video_title', 'custom_3']) {
        const b = (await get(fake, `/data/v1/metrics/video_startup_time/breakdown?group_by=${dim}&limit=1000&${tf}`))
          .body;
        expect(sum(b.data.map((r: { views: number }) => r.views))).toBe(views);
        expect(b.total_row_count).toBe(b.data.length);
      }
      // No group_by: one row for all views, field null (the fake's documented choice).
      const ungrouped = (await get(fake, `/data/v1/metrics/video_startup_time/breakdown?${tf}`)).body;
      expect(ungrouped.data).toEqual([expect.objectContaining({ field: null, views, negative_impact: 1 })]);
      expect(ungrouped.meta).toEqual({ aggregation: 'view_end' });
      for (const g of ['hour', 'day', 'ten_minutes']) {
        const ts = (await get(fake, `/data/v1/metrics/rebuffer_percentage/timeseries?group_by=${g}&${tf}`)).body;
        // Value and views are strings, as Mux sends them.
        for (const [, value, n] of ts.data as Array<[string, string | null, string | null]>) {
          expect(value === null || /^\d/.test(value)).toBe(true);
          expect(n === null || /^[1-9]\d*$/.test(n)).toBe(true);
        }
        expect(sum(ts.data.map((r: [string, string | null, string | null]) => Number(r[2] ?? 0)))).toBe(views);
        expect(ts.meta.granularity).toBe(g);
      }
      const cmp = (await get(fake, `/data/v1/metrics/comparison?${tf}`)).body;
      expect(cmp.data[0]).toMatchObject({
        name: 'totals',
        view_count: views,
        watch_time: overall.data.total_watch_time,
      });
    }
  });

  it('comparison has the seed scorecard shape with fractions in 0..1', async () => {
    const { body } = await get(fake, `/data/v1/metrics/comparison?${TF}`);
    expect(body.total_row_count).toBeNull();
    expect(body.data.map((r: { name: string }) => r.name)).toEqual([
      'totals',
      'Overall Score',
      'Playback Failure Score',
      'Startup Time Score',
      'Rebuffer Score',
      'Video Quality Score',
    ]);
    const ves = (await get(fake, `/data/v1/metrics/viewer_experience_score/overall?${TF}`)).body.data.value;
    expect(body.data[1]).toEqual({
      value: ves,
      type: 'score',
      name: 'Overall Score',
      metric: 'viewer_experience_score',
    });
    for (const row of body.data.slice(1)) {
      expect(row.value).toBeGreaterThan(0.5);
      expect(row.value).toBeLessThanOrEqual(1);
    }
    const startup = body.data[3].items;
    expect(startup[0]).toMatchObject({
      type: 'milliseconds',
      name: 'Video Startup Time (median)',
      metric: 'video_startup_time',
      measurement: 'median',
    });
    const median = (await get(fake, `/data/v1/metrics/video_startup_time/overall?${TF}`)).body.data.value;
    expect(startup[0].value).toBe(median);
    const pf = body.data[2].items[0];
    expect(pf.metric).toBe('playback_failure_percentage');
    expect(pf.value).toBeGreaterThan(0);
    expect(pf.value).toBeLessThan(0.1);
  });

  it('overall carries global_value benchmarks, meta.aggregation view_end, and honours measurement', async () => {
    const med = (await get(fake, `/data/v1/metrics/video_startup_time/overall?${TF}`)).body;
    const p95 = (await get(fake, `/data/v1/metrics/video_startup_time/overall?measurement=95th&${TF}`)).body;
    // Every example in Mux's description says `aggregation: view_end` (the view time metrics are bucketed on).
    expect(med.meta).toEqual({ aggregation: 'view_end' });
    expect(p95.data.value).toBeGreaterThan(med.data.value);
    expect(med.data.global_value).toBeGreaterThan(500);
    expect((await get(fake, `/data/v1/metrics/views/overall?${TF}`)).body.data.global_value).toBeNull();
  });

  it('insights list the worst segments (negative scores, most negative first) and breakdown ranks them', async () => {
    const ins = (await get(fake, `/data/v1/metrics/video_startup_time/insights?${TF}`)).body;
    expect(ins.data.length).toBeGreaterThan(3);
    const scores = ins.data.map((r: { negative_impact_score: number }) => r.negative_impact_score);
    expect(scores.every((s: number) => s < 0)).toBe(true);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    const bd = (await get(fake, `/data/v1/metrics/video_startup_time/breakdown?group_by=country&${TF}`)).body;
    const worst = bd.data.find((r: { negative_impact: number }) => r.negative_impact === 1);
    const countryInsights = ins.data.filter((r: { filter_column: string }) => r.filter_column === 'country');
    expect(countryInsights[0].filter_value).toBe(worst.field);
  });

  it('week-over-week values move in both directions', async () => {
    const prev = `timeframe[]=${WEEK_START - 7 * 86_400}&timeframe[]=${WEEK_START}`;
    const metrics = [
      'video_startup_time',
      'rebuffer_percentage',
      'playback_failure_percentage',
      'upscale_percentage',
      'views',
      'exits_before_video_start',
    ];
    const deltas: number[] = [];
    for (const m of metrics) {
      const a = (await get(fake, `/data/v1/metrics/${m}/overall?${TF}`)).body.data.value;
      const b = (await get(fake, `/data/v1/metrics/${m}/overall?${prev}`)).body.data.value;
      deltas.push(a / b - 1);
    }
    expect(deltas.some((d) => d > 0.005)).toBe(true);
    expect(deltas.some((d) => d < -0.005)).toBe(true);
  });
});

describe('filters, paging, timeframes', () => {
  const views = async (q: string) =>
    (await get(fake, `/data/v1/metrics/views/overall?${TF}${q}`)).body.data.total_views as number;

  it('applies equality, OR within a dimension, AND across dimensions, and negation', async () => {
    const all = await views('');
    const us = await views('&filters[]=country:US');
    const gb = await views('&filters[]=country:GB');
    expect(us).toBeGreaterThan(0);
    expect(await views('&filters[]=country:US&filters[]=country:GB')).toBe(us + gb);
    expect(await views('&filters[]=!country:US')).toBe(all - us);
    expect(await views('&filters[]=!country:US&filters[]=!country:GB')).toBe(all - us - gb);
    const usChrome = await views('&filters[]=country:US&filters[]=browser:Chrome');
    expect(usChrome).toBeGreaterThan(0);
    expect(usChrome).toBeLessThan(us);
    const bd = (
      await get(fake, `/data/v1/metrics/views/breakdown?group_by=browser&filters[]=country:US&limit=100&${TF}`)
    ).body;
    expect(bd.data.find((r: { field: string }) => r.field === 'Chrome').views).toBe(usChrome);
    // URL-encoded non-ASCII values round-trip.
    const title = encodeURIComponent('video_title:Café Tokyo 東京 — Night Food Walk 🎬');
    expect(await views(`&filters%5B%5D=${title}`)).toBeGreaterThan(0);
  });

  it('a filter matching nothing gives null values and zero views, like Mux', async () => {
    const o = (await get(fake, `/data/v1/metrics/playback_failure_percentage/overall?filters[]=country:ZZ&${TF}`)).body;
    expect(o.data).toMatchObject({ value: null, total_views: 0 });
    const ts = (
      await get(fake, `/data/v1/metrics/playback_failure_percentage/timeseries?group_by=day&filters[]=country:ZZ&${TF}`)
    ).body;
    expect(ts.data).toHaveLength(7);
    expect(ts.data.every((r: unknown[]) => r[1] === null)).toBe(true);
    const bd = (await get(fake, `/data/v1/metrics/views/breakdown?group_by=country&filters[]=country:ZZ&${TF}`)).body;
    expect(bd).toMatchObject({ data: [], total_row_count: 0 });
  });

  it('trace filters need bracket notation', async () => {
    const plus = await views('&filters[]=%2Bvideo_cdn_trace:fastly');
    const minus = await views('&filters[]=-video_cdn_trace:fastly');
    expect(plus + minus).toBe(await views(''));
    const bad = await get(fake, `/data/v1/metrics/views/overall?filters[]=video_cdn_trace:fastly&${TF}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/Sequence dimensions require bracket notation/);
  });

  it('pages breakdowns with limit/page and a correct total_row_count, in every order', async () => {
    const full = (
      await get(fake, `/data/v1/metrics/views/breakdown?group_by=video_title&order_by=views&limit=100&${TF}`)
    ).body;
    expect(full.total_row_count).toBe(11);
    const counts = full.data.map((r: { views: number }) => r.views);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    const p2 = (
      await get(fake, `/data/v1/metrics/views/breakdown?group_by=video_title&order_by=views&limit=4&page=2&${TF}`)
    ).body;
    expect(p2.total_row_count).toBe(11);
    expect(p2.data).toEqual(full.data.slice(4, 8));
    const p9 = (await get(fake, `/data/v1/metrics/views/breakdown?group_by=video_title&limit=4&page=9&${TF}`)).body;
    expect(p9).toMatchObject({ data: [], total_row_count: 11 });
    const byField = (
      await get(fake, `/data/v1/metrics/views/breakdown?group_by=country&order_by=field&order_direction=desc&${TF}`)
    ).body;
    const fields = byField.data.map((r: { field: string }) => r.field);
    expect([...fields].sort().reverse()).toEqual(fields);
    expect(full.data.map((r: { field: string }) => r.field)).toContain('Behind the Scenes: Season Finale');
  });

  it('accepts both timeframe forms, raw or encoded brackets, and echoes the window', async () => {
    const nowSec = NOW.getTime() / 1000;
    const a = (await get(fake, '/data/v1/metrics/views/overall?timeframe[]=7:days')).body;
    expect(a.timeframe).toEqual([nowSec - 7 * 86_400, nowSec]);
    const b = (
      await get(fake, `/data/v1/metrics/views/overall?timeframe%5B%5D=${nowSec - 7 * 86_400}&timeframe%5B%5D=${nowSec}`)
    ).body;
    expect(b).toEqual(a);
    const c = (await get(fake, '/data/v1/metrics/views/overall?timeframe[]=24:hours')).body;
    expect(c.timeframe).toEqual([nowSec - 86_400, nowSec]);
    expect(c.data.total_views).toBeLessThan(a.data.total_views);
  });

  it('lists video views ending in the window, with paging, order and error filters consistent with /errors', async () => {
    const all = (await get(fake, `/data/v1/metrics/views/overall?${TF}`)).body.data.total_views;
    const list = (await get(fake, `/data/v1/video-views?limit=5&${TF}`)).body;
    expect(list.total_row_count).toBe(all);
    expect(list.data).toHaveLength(5);
    const ends = list.data.map((r: { view_end: string }) => r.view_end);
    expect([...ends].sort().reverse()).toEqual(ends);
    for (const r of list.data) expect(Date.parse(r.view_end) / 1000).toBeLessThan(WEEK_END);
    const asc = (await get(fake, `/data/v1/video-views?limit=1&order_direction=asc&${TF}`)).body;
    expect(Date.parse(asc.data[0].view_end) / 1000).toBeGreaterThanOrEqual(WEEK_START);

    const errs = (await get(fake, `/data/v1/errors?${TF}`)).body;
    const failures = (await get(fake, `/data/v1/metrics/playback_failure_percentage/overall?${TF}`)).body.data.value;
    const errTotal = sum(errs.data.map((e: { count: number }) => e.count));
    expect(errTotal / all).toBeCloseTo(failures, 10);
    for (const e of errs.data) expect(e.percentage).toBeCloseTo(e.count / all, 10);
    const anyErr = (await get(fake, `/data/v1/video-views?error_id=any&limit=3&${TF}`)).body;
    expect(anyErr.total_row_count).toBe(errTotal);
    expect(anyErr.data.every((r: { playback_failure: boolean }) => r.playback_failure)).toBe(true);
    const top = errs.data[0];
    expect((await get(fake, `/data/v1/video-views?error_id=${top.id}&limit=1&${TF}`)).body.total_row_count).toBe(
      top.count,
    );

    const detail = (await get(fake, `/data/v1/video-views/${list.data[0].id}`)).body;
    expect(detail.data).toMatchObject({
      id: list.data[0].id,
      view_end: list.data[0].view_end,
      video_title: list.data[0].video_title,
    });
    expect(detail.data.events.at(-1).name).toBe('viewend');
    const viewer = detail.data.viewer_user_id;
    const byViewer = (await get(fake, `/data/v1/video-views?viewer_id=${viewer}&limit=100&${TF}`)).body;
    expect(byViewer.total_row_count).toBeGreaterThan(0);
    expect((await get(fake, '/data/v1/video-views/0000000000AAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('dimension values count views and page', async () => {
    const all = (await get(fake, `/data/v1/metrics/views/overall?${TF}`)).body.data.total_views;
    const d = (await get(fake, `/data/v1/dimensions/country?limit=100&${TF}`)).body;
    expect(sum(d.data.map((r: { total_count: number }) => r.total_count))).toBe(all);
    expect(d.data[0]).toEqual({ value: 'US', total_count: expect.any(Number) });
    const lists = (await get(fake, '/data/v1/dimensions')).body;
    expect(lists.data.basic).toContain('country');
    const el = (await get(fake, `/data/v1/dimensions/video_cdn_trace/elements?${TF}`)).body;
    expect(el.data.map((r: { value: string }) => r.value)).toContain('fastly');
    // The documented order_by enum: views / negative_impact = by count (most first), value / field = by name.
    const counts = el.data.map((r: { total_count: number }) => r.total_count);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    for (const orderBy of ['views', 'negative_impact']) {
      const r = (await get(fake, `/data/v1/dimensions/video_cdn_trace/elements?order_by=${orderBy}&${TF}`)).body;
      expect(r.data).toEqual(el.data);
    }
    const names = el.data.map((r: { value: string }) => r.value).sort((a: string, b: string) => a.localeCompare(b));
    for (const orderBy of ['value', 'field']) {
      const r = (await get(fake, `/data/v1/dimensions/video_cdn_trace/elements?order_by=${orderBy}&${TF}`)).body;
      expect(r.data.map((x: { value: string }) => x.value)).toEqual(names);
    }
    expect((await get(fake, `/data/v1/dimensions/video_cdn_trace/elements?order_by=total_count&${TF}`)).status).toBe(
      400,
    );
  });
});

describe('incidents, monitoring, exports', () => {
  it('has open and closed incidents around now, with related ones', async () => {
    const list = (await get(fake, '/data/v1/incidents?limit=100')).body;
    expect(list.total_row_count).toBe(list.data.length);
    const open = list.data.filter((i: { status: string }) => i.status === 'open');
    expect(open).toHaveLength(1);
    expect(open[0].resolved_at).toBeNull();
    const nowMs = NOW.getTime();
    for (const i of list.data) expect(nowMs - Date.parse(i.started_at)).toBeLessThan(28 * 86_400_000);
    expect(
      (await get(fake, '/data/v1/incidents?status=closed')).body.data.every(
        (i: { status: string }) => i.status === 'closed',
      ),
    ).toBe(true);
    const one = (await get(fake, `/data/v1/incidents/${list.data[0].id}`)).body;
    expect(one.data).toEqual(list.data[0]);
    const rel = (await get(fake, `/data/v1/incidents/${list.data[0].id}/related`)).body;
    expect(rel.data.length).toBeGreaterThan(0);
    expect((await get(fake, '/data/v1/incidents/nope99')).status).toBe(404);
  });

  it('serves monitoring and the deprecated realtime twin', async () => {
    const metrics = (await get(fake, '/data/v1/monitoring/metrics')).body;
    expect(metrics.data.map((m: { name: string }) => m.name)).toContain('current-concurrent-viewers');
    const ts = (await get(fake, '/data/v1/monitoring/metrics/current-concurrent-viewers/timeseries')).body;
    expect(ts.data.length).toBe(361);
    expect(ts.data[0]).toEqual({
      value: expect.any(Number),
      date: expect.any(String),
      concurrent_viewers: expect.any(Number),
    });
    const bd = (await get(fake, '/data/v1/realtime/metrics/current-rebuffering-percentage/breakdown?dimension=country'))
      .body;
    expect(bd.data[0]).toMatchObject({
      value: expect.any(String),
      metric_value: expect.any(Number),
      negative_impact: expect.any(Number),
    });
    const h = (await get(fake, '/data/v1/monitoring/metrics/video-startup-time/histogram-timeseries')).body;
    expect(h.meta.buckets).toHaveLength(7);
    const bt = (
      await get(fake, '/data/v1/monitoring/metrics/current-concurrent-viewers/breakdown-timeseries?dimension=cdn')
    ).body;
    expect(bt.data[0].values.length).toBeGreaterThan(0);
    // No dimension (optional in the description): one row for all current viewers, value null.
    const whole = (await get(fake, '/data/v1/monitoring/metrics/current-concurrent-viewers/breakdown')).body;
    expect(whole.data).toEqual([expect.objectContaining({ value: null, negative_impact: 1 })]);
    expect(whole.data[0].concurrent_viewers).toBeGreaterThan(0);
    const wholeTs = (await get(fake, '/data/v1/monitoring/metrics/current-concurrent-viewers/breakdown-timeseries'))
      .body;
    for (const point of wholeTs.data) expect(point.values).toEqual([expect.objectContaining({ value: null })]);
  });

  it('lists daily exports whose files are deterministic gzipped CSV served by the fake', async () => {
    const ex = (await get(fake, '/data/v1/exports/views')).body;
    expect(ex.data).toHaveLength(7);
    expect(ex.data[0].export_date).toBe('2026-11-24');
    const url = ex.data[0].files[0].path as string;
    expect(url).toBe(`${fake.url}/_exports/2026-11-24.csv.gz`);
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    const { gunzipSync } = await import('node:zlib');
    const csv = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^view_id,view_start,view_end/);
    const dayStart = Date.parse('2026-11-24T00:00:00Z') / 1000;
    const dayViews = (
      await get(fake, `/data/v1/metrics/views/overall?timeframe[]=${dayStart}&timeframe[]=${dayStart + 86_400}`)
    ).body;
    expect(lines.length - 1).toBe(dayViews.data.total_views);
    expect(csv).toContain('"Tom & Jerry ""Remastered"""');
    expect((await get(fake, '/data/v1/exports')).body.data[0]).toBe(url);
    expect((await fetch(`${fake.url}/_exports/2020-01-01.csv.gz`)).status).toBe(404);
  });
});

describe('determinism and speed', () => {
  it('same seed and window → identical bytes; a different seed → different data', async () => {
    const paths = [
      `/data/v1/metrics/comparison?${TF}`,
      `/data/v1/metrics/video_startup_time/breakdown?group_by=country&${TF}`,
      `/data/v1/metrics/views/timeseries?group_by=hour&${TF}`,
      `/data/v1/errors?${TF}`,
      `/data/v1/video-views?${TF}`,
      '/data/v1/incidents',
    ];
    const again = await startFakeMux({ port: 0, now: NOW, rateLimit: false });
    try {
      for (const p of paths) {
        const a = await get(fake, p);
        expect((await get(again, p)).text).toBe(a.text);
        expect((await get(other, p)).text).not.toBe(a.text);
      }
    } finally {
      await again.close();
    }
  });

  it('answers a weekly overall in milliseconds once warm', async () => {
    const tf = `timeframe[]=${WEEK_START - 14 * 86_400}&timeframe[]=${WEEK_END - 14 * 86_400}`;
    const t0 = performance.now();
    await get(fake, `/data/v1/metrics/views/overall?${tf}`);
    const cold = performance.now() - t0;
    const t1 = performance.now();
    for (const m of ['video_startup_time', 'rebuffer_percentage', 'viewer_experience_score'])
      await get(fake, `/data/v1/metrics/${m}/overall?${tf}`);
    const warm = (performance.now() - t1) / 3;
    expect(cold).toBeLessThan(1000);
    expect(warm).toBeLessThan(50);
  });
});
