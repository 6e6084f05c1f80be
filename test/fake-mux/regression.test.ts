/**
 * Planted regressions (fake-mux/regressions.ts), over real HTTP: the planted segment moves by the planted change in
 * its window and nowhere else, the overall moves by the change × the segment's view share, and every endpoint that
 * derives from the universe agrees with the others. Each fake is compared with an unplanted fake of the same seed.
 */
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_REGRESSIONS,
  lastFullIsoWeek,
  PLANTABLE_METRICS,
  parseRegression,
  RegressionError,
  resolveRegressions,
} from '../../fake-mux/regressions.js';
import { type FakeMux, type FakeMuxOptions, startFakeMux } from '../../fake-mux/server.js';
import { get, NOW, TF, WEEK_END, WEEK_START } from './client.js';

const DAY = 86_400;
/** The week before the planted one: outside the default window. */
const PREV_TF = `timeframe[]=${WEEK_START - 7 * DAY}&timeframe[]=${WEEK_START}`;
/** Its last day (per-view endpoints walk every view: one day is ~3,000 views). */
const PREV_DAY_TF = `timeframe[]=${WEEK_START - DAY}&timeframe[]=${WEEK_START}`;

interface Case {
  spec: string;
  metric: string;
  dim: string;
  value: string;
  change: number;
  /** |segment delta − change|: exact for the factor-based metrics, count noise for the failure-like ones. */
  tol: number;
  /** The scorecard row (comparison endpoint) that carries the metric. */
  scorecard: { metric: string; measurement?: string };
}

const CASES: Case[] = [
  {
    spec: 'browser:Safari:video_startup_time:+400',
    metric: 'video_startup_time',
    dim: 'browser',
    value: 'Safari',
    change: 400,
    tol: 1e-6,
    scorecard: { metric: 'video_startup_time', measurement: 'median' },
  },
  {
    spec: 'country:BR:rebuffer_percentage:+0.02',
    metric: 'rebuffer_percentage',
    dim: 'country',
    value: 'BR',
    change: 0.02,
    tol: 1e-9,
    scorecard: { metric: 'rebuffer_percentage' },
  },
  {
    // One view per cohort-hour cell on average: each extra failure is a coin flip, so ±0.01 on ~1,800 views.
    spec: 'player_name:Android App:playback_failure_percentage:+0.05',
    metric: 'playback_failure_percentage',
    dim: 'player_name',
    value: 'Android App',
    change: 0.05,
    tol: 0.01,
    scorecard: { metric: 'playback_failure_percentage' },
  },
  {
    spec: 'viewer_device_category:tv:exits_before_video_start:+0.03',
    metric: 'exits_before_video_start',
    dim: 'viewer_device_category',
    value: 'tv',
    change: 0.03,
    tol: 0.01,
    scorecard: { metric: 'exits_before_video_start' },
  },
  {
    spec: 'cdn:akamai:upscale_percentage:+0.01',
    metric: 'upscale_percentage',
    dim: 'cdn',
    value: 'akamai',
    change: 0.01,
    tol: 1e-9,
    scorecard: { metric: 'upscale_percentage', measurement: 'avg' },
  },
  {
    spec: 'video_title:Sintel:viewer_experience_score:-0.1',
    metric: 'viewer_experience_score',
    dim: 'video_title',
    value: 'Sintel',
    change: -0.1,
    tol: 1e-9,
    scorecard: { metric: 'viewer_experience_score' },
  },
];

const VIEWS_SPEC = 'country:IN:views:+50%';

let base: FakeMux;
const planted = new Map<string, FakeMux>();
const start = (options: FakeMuxOptions) => startFakeMux({ port: 0, now: NOW, rateLimit: false, ...options });

beforeAll(async () => {
  base = await start({});
  for (const spec of [...CASES.map((c) => c.spec), VIEWS_SPEC]) planted.set(spec, await start({ regressions: [spec] }));
});
afterAll(async () => {
  await Promise.all([base, ...planted.values()].map((f) => f.close()));
});

interface Row {
  field: string;
  views: number;
  value: number | null;
  total_watch_time: number;
  negative_impact: number;
}

/** A segment's numbers, without its negative_impact rank (a rank against the overall, which moves on purpose). */
const numbers = (r: Row | undefined) => r && { views: r.views, value: r.value, watch: r.total_watch_time };

const body = async (fake: FakeMux, path: string) => {
  const res = await get(fake, path);
  expect(res.status, `${path}: ${res.text}`).toBe(200);
  return res.body;
};
const breakdown = async (fake: FakeMux, metric: string, dim: string, tf = TF): Promise<Map<string, Row>> => {
  const b = await body(fake, `/data/v1/metrics/${metric}/breakdown?group_by=${dim}&limit=1000&${tf}`);
  return new Map((b.data as Row[]).map((r) => [r.field, r]));
};
const overall = async (fake: FakeMux, metric: string, tf = TF, query = '') =>
  (await body(fake, `/data/v1/metrics/${metric}/overall?${tf}${query}`)).data as {
    value: number | null;
    total_views: number;
  };
const filter = (dim: string, value: string) => `&filters[]=${encodeURIComponent(`${dim}:${value}`)}`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The scorecard value of a metric in a comparison answer (a score row, or one of its items). */
function scorecardValue(cmp: { data: Array<Record<string, unknown>> }, want: Case['scorecard']): unknown {
  for (const row of cmp.data) {
    if (row.metric === want.metric) return row.value;
    for (const item of (row.items as Array<Record<string, unknown>> | undefined) ?? []) {
      if (item.metric === want.metric && (want.measurement === undefined || item.measurement === want.measurement))
        return item.value;
    }
  }
  throw new Error(`no scorecard row for ${want.metric}`);
}

describe.each(CASES)('$spec', (c) => {
  it('moves the planted segment by the change in the window, and nothing else', async () => {
    const fake = planted.get(c.spec)!;
    expect(fake.regressions).toEqual([expect.objectContaining({ window: [WEEK_START, WEEK_END] })]);
    const before = await breakdown(base, c.metric, c.dim);
    const after = await breakdown(fake, c.metric, c.dim);
    const seg0 = before.get(c.value)!;
    const seg1 = after.get(c.value)!;
    expect(seg1.views).toBe(seg0.views);
    expect(Math.abs(seg1.value! - seg0.value! - c.change)).toBeLessThanOrEqual(c.tol);
    // The other segments of the dimension are untouched.
    for (const [field, row] of before)
      if (field !== c.value) expect(numbers(after.get(field)), field).toEqual(numbers(row));
    // The overall moves by the segment's change × its view share (views unchanged, so exactly).
    const o0 = await overall(base, c.metric);
    const o1 = await overall(fake, c.metric);
    const share = seg0.views / o0.total_views;
    expect(o1.value! - o0.value!).toBeCloseTo((seg1.value! - seg0.value!) * share, 9);
    // Outside the window every answer is byte-identical.
    for (const path of [
      `/data/v1/metrics/${c.metric}/breakdown?group_by=${c.dim}&${PREV_TF}`,
      `/data/v1/metrics/comparison?${PREV_TF}`,
      `/data/v1/errors?${PREV_DAY_TF}`,
    ])
      expect((await get(fake, path)).text).toBe((await get(base, path)).text);
  });

  it('agrees across breakdown, overall, comparison, timeseries and insights', async () => {
    const fake = planted.get(c.spec)!;
    const rows = await breakdown(fake, c.metric, c.dim);
    const seg = rows.get(c.value)!;
    const all = await overall(fake, c.metric);
    expect(sum([...rows.values()].map((r) => r.views))).toBe(all.total_views);
    // The segment alone: a filter, the comparison's segment scorecard, the filtered overall.
    const q = filter(c.dim, c.value);
    expect((await overall(fake, c.metric, TF, q)).value).toBe(seg.value);
    const dimValue = `&dimension=${c.dim}&value=${encodeURIComponent(c.value)}`;
    const cmp = await body(fake, `/data/v1/metrics/comparison?${TF}${dimValue}`);
    expect(cmp.data[0].view_count).toBe(seg.views);
    expect(scorecardValue(cmp, c.scorecard)).toBe(seg.value);
    // Σ hourly buckets of the segment: same views; for view-weighted means, the same value.
    const ts = await body(fake, `/data/v1/metrics/${c.metric}/timeseries?group_by=hour${q}&${TF}`);
    const buckets = (ts.data as Array<[string, string | null, string | null]>).filter((b) => b[2] !== null);
    const tsViews = sum(buckets.map((b) => Number(b[2])));
    expect(tsViews).toBe(seg.views);
    if (c.metric !== 'viewer_experience_score') {
      expect(sum(buckets.map((b) => Number(b[1]) * Number(b[2]))) / tsViews).toBeCloseTo(seg.value!, 9);
    }
    // Insights name the planted (worse) segment with the breakdown's value.
    const ins = await body(fake, `/data/v1/metrics/${c.metric}/insights?${TF}`);
    const hit = (ins.data as Array<{ filter_column: string; filter_value: string; metric: number }>).find(
      (r) => r.filter_column === c.dim && r.filter_value === c.value,
    );
    expect(hit?.metric).toBe(seg.value);
  });
});

describe('startup time (ms): every measurement and every per-view record', () => {
  const spec = CASES[0]!.spec;
  it('moves median, 95th and mean by +400 ms; the startup score and viewer experience follow', async () => {
    const fake = planted.get(spec)!;
    for (const m of ['median', '95th', 'avg']) {
      const q = `${filter('browser', 'Safari')}&measurement=${m}`;
      const d =
        (await overall(fake, 'video_startup_time', TF, q)).value! -
        (await overall(base, 'video_startup_time', TF, q)).value!;
      expect(d, m).toBeCloseTo(400, 9);
    }
    const q = filter('browser', 'Safari');
    const score = async (f: FakeMux, metric: string) => (await overall(f, metric, TF, q)).value!;
    // startup_time_score = 1.02 − 0.12 × median seconds: −0.048 for +400 ms.
    expect((await score(fake, 'startup_time_score')) - (await score(base, 'startup_time_score'))).toBeCloseTo(
      -0.048,
      9,
    );
    expect(await score(fake, 'viewer_experience_score')).toBeLessThan(await score(base, 'viewer_experience_score'));
    expect(await score(fake, 'rebuffer_percentage')).toBe(await score(base, 'rebuffer_percentage'));
  });

  it('adds 400 ms to each Safari view in the window (video views and the daily export), no one else', async () => {
    const fake = planted.get(spec)!;
    const list = await body(fake, `/data/v1/video-views?limit=20${filter('browser', 'Safari')}&${TF}`);
    expect(list.data.length).toBe(20);
    let checked = 0;
    for (const v of list.data as Array<{ id: string }>) {
      const a = (await body(fake, `/data/v1/video-views/${v.id}`)).data;
      const b = (await body(base, `/data/v1/video-views/${v.id}`)).data;
      expect(a.viewer_application_name).toBe('Safari');
      if (b.time_to_first_frame === null) continue;
      expect(a.time_to_first_frame).toBe(b.time_to_first_frame + 400);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    const csv = async (f: FakeMux, date: string) =>
      gunzipSync(Buffer.from(await (await fetch(`${f.url}/_exports/${date}.csv.gz`)).arrayBuffer()))
        .toString('utf8')
        .trim()
        .split('\n');
    // 2026-11-18 is inside the window (one daily file: ~0.5 s to build each).
    const [head, ...rows] = await csv(fake, '2026-11-18');
    const baseRows = (await csv(base, '2026-11-18')).slice(1);
    const columns = head!.split(',');
    const col = columns.indexOf('video_startup_time');
    const browser = columns.indexOf('browser');
    expect(rows.length).toBe(baseRows.length);
    // Startup time counts in the watch time, and the score follows the startup time: those move; the rest is the same.
    const moving = new Set(['video_startup_time', 'viewer_experience_score', 'watch_time', 'view_start']);
    const fixed = (cells: string[]) => cells.filter((_, k) => !moving.has(columns[k]!));
    let safari = 0;
    for (const [i, line] of rows.entries()) {
      // No value of the fake's universe contains a comma, so a plain split finds the columns.
      const cells = line.split(',');
      const baseCells = baseRows[i]!.split(',');
      expect(cells).toHaveLength(columns.length);
      if (cells[browser] !== 'Safari') {
        expect(line).toBe(baseRows[i]);
        continue;
      }
      expect(fixed(cells)).toEqual(fixed(baseCells));
      if (baseCells[col] === '') continue;
      safari++;
      expect(Number(cells[col])).toBe(Number(baseCells[col]) + 400);
    }
    expect(safari).toBeGreaterThan(20);
    // Before the window, a Safari view is the same view.
    const old = await body(fake, `/data/v1/video-views?limit=1${filter('browser', 'Safari')}&${PREV_DAY_TF}`);
    const path = `/data/v1/video-views/${old.data[0].id}`;
    expect((await get(fake, path)).text).toBe((await get(base, path)).text);
  });
});

describe('playback failures: failed views, /errors and video views agree', () => {
  it('adds ~5% of the segment as failed views, counted the same by every endpoint', async () => {
    const c = CASES[2]!;
    const fake = planted.get(c.spec)!;
    const q = filter(c.dim, c.value);
    const failures = async (f: FakeMux) => {
      const o = await overall(f, c.metric, TF, q);
      const errors = await body(f, `/data/v1/errors?${TF}${q}`);
      const failed = await body(f, `/data/v1/video-views?error_id=any&limit=1${q}&${TF}`);
      const counted = sum((errors.data as Array<{ count: number }>).map((e) => e.count));
      expect(counted).toBe(Math.round(o.value! * o.total_views));
      expect(failed.total_row_count).toBe(counted);
      return { counted, views: o.total_views, sample: failed.data[0].id as string };
    };
    const before = await failures(base);
    const after = await failures(fake);
    expect(after.views).toBe(before.views);
    expect(Math.abs(after.counted - before.counted - 0.05 * before.views)).toBeLessThan(0.01 * before.views);
    const view = (await body(fake, `/data/v1/video-views/${after.sample}`)).data;
    expect(view).toMatchObject({ playback_failure: true, viewer_experience_score: '0', player_name: c.value });
    expect(view.error_type_id).toEqual(expect.any(Number));
    // Whole universe: the extra failures are all in the segment.
    const allErr = async (f: FakeMux) =>
      sum(((await body(f, `/data/v1/errors?${TF}`)).data as Array<{ count: number }>).map((e) => e.count));
    expect((await allErr(fake)) - (await allErr(base))).toBe(after.counted - before.counted);
    // Playback success and the viewer experience score follow.
    expect((await overall(fake, 'playback_success_score', TF, q)).value).toBeCloseTo(
      1 - (await overall(fake, c.metric, TF, q)).value!,
      12,
    );
  });
});

describe('viewer experience score: the sub-scores move consistently', () => {
  it('moves the three experience sub-scores by change / playback success, so the score moves by the change', async () => {
    const c = CASES[5]!;
    const fake = planted.get(c.spec)!;
    const dimValue = `&dimension=${c.dim}&value=${encodeURIComponent(c.value)}`;
    const score = async (f: FakeMux, name: string) =>
      (
        (await body(f, `/data/v1/metrics/comparison?${TF}${dimValue}`)).data as Array<{ name: string; value: number }>
      ).find((r) => r.name === name)!.value;
    const success = await score(fake, 'Playback Failure Score');
    expect(success).toBe(await score(base, 'Playback Failure Score'));
    for (const name of ['Startup Time Score', 'Rebuffer Score', 'Video Quality Score'])
      expect((await score(fake, name)) - (await score(base, name)), name).toBeCloseTo(-0.1 / success, 9);
    expect((await score(fake, 'Overall Score')) - (await score(base, 'Overall Score'))).toBeCloseTo(-0.1, 9);
  });
});

describe('views (+50%): a mix shift', () => {
  it('grows the segment by ~50% in every count, keeps its rates and leaves the other segments alone', async () => {
    const fake = planted.get(VIEWS_SPEC)!;
    const before = await breakdown(base, 'rebuffer_percentage', 'country');
    const after = await breakdown(fake, 'rebuffer_percentage', 'country');
    const in0 = before.get('IN')!;
    const in1 = after.get('IN')!;
    expect(in1.views / in0.views).toBeGreaterThan(1.45);
    expect(in1.views / in0.views).toBeLessThan(1.55);
    // Same cohorts, only more of them: the rate moves by the mix within IN, far less than a planted change.
    expect(Math.abs(in1.value! - in0.value!) / in0.value!).toBeLessThan(0.05);
    for (const [field, row] of before)
      if (field !== 'IN') expect(numbers(after.get(field)), field).toEqual(numbers(row));
    const o0 = await overall(base, 'views');
    const o1 = await overall(fake, 'views');
    expect(o1.total_views - o0.total_views).toBe(in1.views - in0.views);
    const values = await body(fake, `/data/v1/dimensions/country?${TF}`);
    expect((values.data as Array<{ value: string; total_count: number }>).find((r) => r.value === 'IN')).toEqual({
      value: 'IN',
      total_count: in1.views,
    });
    const list = await body(fake, `/data/v1/video-views?limit=1${filter('country', 'IN')}&${TF}`);
    expect(list.total_row_count).toBe(in1.views);
    const ts = await body(fake, `/data/v1/metrics/views/timeseries?group_by=day&${TF}`);
    expect(sum((ts.data as Array<[string, string, string]>).map((b) => Number(b[2])))).toBe(o1.total_views);
    expect((await overall(fake, 'views', PREV_TF)).total_views).toBe(
      (await overall(base, 'views', PREV_TF)).total_views,
    );
  });
});

describe('windows and stacking', () => {
  it('a custom window (flag suffix or [start, end]) plants only there; several regressions stack', async () => {
    const s = WEEK_END;
    const e = WEEK_END + 2 * DAY;
    const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
    const bySuffix = await start({ regressions: [`browser:Safari:video_startup_time:+400@${iso(s)}..${iso(e)}`] });
    const byObject = await start({
      regressions: [
        { dimension: 'browser', value: 'Safari', metric: 'video_startup_time', change: 400, window: [s, e] },
        { dimension: 'country', value: 'BR', metric: 'rebuffer_percentage', change: '+0.02', window: [s, e] },
      ],
    });
    try {
      expect(bySuffix.regressions[0]!.window).toEqual([s, e]);
      const tf = `timeframe[]=${s}&timeframe[]=${e}`;
      for (const f of [bySuffix, byObject]) {
        expect((await get(f, `/data/v1/metrics/comparison?${TF}`)).text).toBe(
          (await get(base, `/data/v1/metrics/comparison?${TF}`)).text,
        );
        const d = (await breakdown(f, 'video_startup_time', 'browser', tf)).get('Safari')!.value!;
        expect(d - (await breakdown(base, 'video_startup_time', 'browser', tf)).get('Safari')!.value!).toBeCloseTo(
          400,
          9,
        );
      }
      const br = async (f: FakeMux) => (await breakdown(f, 'rebuffer_percentage', 'country', tf)).get('BR')!.value!;
      expect((await br(byObject)) - (await br(base))).toBeCloseTo(0.02, 12);
      expect(await br(bySuffix)).toBe(await br(base));
    } finally {
      await Promise.all([bySuffix.close(), byObject.close()]);
    }
  });

  it('the demo plants one cause; an empty list changes nothing', async () => {
    expect(DEMO_REGRESSIONS).toEqual(['browser:Mobile Safari:video_startup_time:+400']);
    expect(resolveRegressions(DEMO_REGRESSIONS, NOW.getTime() / 1000)).toEqual([
      {
        dimension: 'browser',
        value: 'Mobile Safari',
        metric: 'video_startup_time',
        change: 400,
        window: [WEEK_START, WEEK_END],
      },
    ]);
    const none = await start({ regressions: [] });
    try {
      expect((await get(none, `/data/v1/metrics/comparison?${TF}`)).text).toBe(
        (await get(base, `/data/v1/metrics/comparison?${TF}`)).text,
      );
    } finally {
      await none.close();
    }
  });
});

describe('parsing and validation', () => {
  it.each([
    ['browser', /must look like <dimension>:<value>:<metric>:<change>/],
    ['browsr:Safari:video_startup_time:+400', /unknown dimension 'browsr' \(did you mean 'browser'\?\)/],
    ['browser::video_startup_time:+400', /the value is empty/],
    [
      'browser:Safari:video_startup_tme:+400',
      /unknown metric 'video_startup_tme' \(did you mean 'video_startup_time'\?\)/,
    ],
    ['browser:Safari:seek_latency:+4', /metric 'seek_latency' cannot be planted; plantable: video_startup_time/],
    ['browser:Safari:video_startup_time:400', /change '400' needs an explicit sign \('\+400' or '-400'\)/],
    ['browser:Safari:video_startup_time:+4x', /change '\+4x' needs a signed number/],
    ['browser:Safari:video_startup_time:+0', /is zero/],
    ['browser:Safari:rebuffer_percentage:+2%', /takes an absolute change in fraction points/],
    ['browser:Safari:rebuffer_percentage:+2', /out of range -1\.\.\+1/],
    ['browser:Safari:views:+50', /views takes a relative change with '%'/],
    ['browser:Safari:views:-100%', /out of range -99%\.\.\+1000%/],
    ['browser:Safari:views:+5%@2026-11-23T00:30:00Z..2026-11-30T00:00:00Z', /whole UTC hours/],
    ['browser:Safari:views:+5%@2026-11-30T00:00:00Z..2026-11-23T00:00:00Z', /must end after it starts/],
    ['browser:Safari:views:+5%@yesterday..today', /must look like @<ISO instant>\.\.<ISO instant>/],
  ])('%s → a clear error', (spec, message) => {
    expect(() => parseRegression(spec)).toThrow(RegressionError);
    expect(() => parseRegression(spec)).toThrow(message);
  });

  it('checks the programmatic form by field, and values against the universe at start-up', async () => {
    const now = WEEK_END;
    expect(() => resolveRegressions([{ dimension: 'browser', value: 'Safari', metric: 'views' }], now)).toThrow(
      /regressions\[0\]\.change: /,
    );
    expect(() =>
      resolveRegressions([{ dimension: 'browser', value: 'Safari', metric: 'views', change: 20, window: [1, 2] }], now),
    ).toThrow(/regressions\[0\]: change '20' for views is out of range/);
    expect(() =>
      resolveRegressions(
        [{ dimension: 'browser', value: 'Safari', metric: 'views', change: 0.5, window: [1, 2] }],
        now,
      ),
    ).toThrow(/regressions\[0\]: window \[1, 2\] must start and end on whole UTC hours/);
    // Values containing ':' are fine: the value is everything between the dimension and the metric.
    expect(parseRegression('video_title:a:b:views:+5%')).toMatchObject({ value: 'a:b', metric: 'views', change: 0.05 });
    await expect(start({ regressions: ['browser:Safri:views:+5%'] })).rejects.toThrow(
      /matches no view of the fake \(browser values: .*Mobile Safari, Roku, Safari/,
    );
    await expect(start({ regressions: ['custom_1:x:views:+5%'] })).rejects.toThrow(/custom_1 is not modelled/);
  });

  it('round-trips any valid spec (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('browser', 'country', 'video_title', 'cdn'),
        fc.stringMatching(/^[A-Za-z0-9 :<>&"'é東-]{1,12}$/),
        fc.constantFrom(...PLANTABLE_METRICS),
        fc.integer({ min: 1, max: 900 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 500 }),
        (dim, value, metric, magnitude, negative, startHour, hours) => {
          const relative = metric === 'views';
          const n = relative ? magnitude / 10 : metric === 'video_startup_time' ? magnitude : magnitude / 1000;
          const sign = negative ? '-' : '+';
          const s = Date.UTC(2026, 0, 1) / 1000 + startHour * 3600;
          const iso = (t: number) => new Date(t * 1000).toISOString();
          const spec = `${dim}:${value}:${metric}:${sign}${n}${relative ? '%' : ''}@${iso(s)}..${iso(s + hours * 3600)}`;
          const r = parseRegression(spec);
          expect(r).toEqual({
            dimension: dim,
            value,
            metric,
            change: ((negative ? -1 : 1) * n) / (relative ? 100 : 1),
            window: [s, s + hours * 3600],
          });
        },
      ),
    );
  });

  it('the default window is the last full ISO week (Monday 00:00 UTC) before now (property)', () => {
    expect(lastFullIsoWeek(NOW.getTime() / 1000)).toEqual([WEEK_START, WEEK_END]);
    expect(lastFullIsoWeek(WEEK_END)).toEqual([WEEK_START, WEEK_END]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (now) => {
        const [s, e] = lastFullIsoWeek(now);
        expect(e - s).toBe(7 * DAY);
        expect(new Date(e * 1000).getUTCDay()).toBe(1);
        expect(e % DAY === 0).toBe(true);
        expect(e).toBeLessThanOrEqual(now);
        expect(now - e).toBeLessThan(7 * DAY);
      }),
    );
  });
});
