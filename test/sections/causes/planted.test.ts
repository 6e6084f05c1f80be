/**
 * "What changed and why" against planted causes: one fake Mux (real HTTP on 127.0.0.1) with four regressions, each in
 * its own ISO week and compared with a clean week before it, so each report run sees exactly one planted cause.
 * Four metrics (a lower-is-better median in ms, a percentage, a score, a failure percentage) over four dimensions.
 * The report must name the planted segment first for that metric, with the right sign and about the right size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../../fake-mux/server.js';
import { environmentSchema, reportSchema } from '../../../functions/commons/config/schema.js';
import { MuxClient } from '../../../functions/commons/mux/index.js';
import { parsePeriodSpec, previousPeriod } from '../../../functions/commons/period/index.js';
import { collectReport } from '../../../functions/commons/report/collect.js';
import type { Snapshot } from '../../../functions/commons/report/snapshot-schema.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const week = (monday: string): [number, number] => {
  const s = Date.parse(`${monday}T00:00:00Z`) / 1000;
  return [s, s + 7 * 86_400];
};

interface Plant {
  week: string;
  monday: string;
  dimension: string;
  value: string;
  metric: string;
  change: number;
  /** The key metric it shows in (`metric[:measurement]`). */
  keyMetric: string;
  dimensions: string[];
}

const PLANTS: Plant[] = [
  {
    week: '2026-W40',
    monday: '2026-09-28',
    dimension: 'browser',
    value: 'Mobile Safari',
    metric: 'video_startup_time',
    change: 400,
    keyMetric: 'video_startup_time:median',
    dimensions: ['browser', 'country', 'operating_system'],
  },
  {
    week: '2026-W42',
    monday: '2026-10-12',
    dimension: 'country',
    value: 'US',
    metric: 'rebuffer_percentage',
    change: 0.01,
    keyMetric: 'rebuffer_percentage',
    dimensions: ['country', 'browser', 'viewer_device_category'],
  },
  {
    week: '2026-W44',
    monday: '2026-10-26',
    dimension: 'operating_system',
    value: 'Android',
    metric: 'viewer_experience_score',
    change: -0.1,
    keyMetric: 'viewer_experience_score',
    dimensions: ['operating_system', 'browser', 'viewer_device_category'],
  },
  {
    week: '2026-W46',
    monday: '2026-11-09',
    dimension: 'viewer_device_category',
    value: 'tv',
    metric: 'playback_failure_percentage',
    change: 0.1,
    keyMetric: 'playback_failure_percentage',
    dimensions: ['viewer_device_category', 'country', 'operating_system'],
  },
];

const environment = environmentSchema.parse({ name: 'prod', dashboardUrl: 'https://dashboard.mux.com/o/e' });
let fake: FakeMux;
const clients: MuxClient[] = [];
const snapshots = new Map<string, Snapshot>();

beforeAll(async () => {
  fake = await startFakeMux({
    port: 0,
    seed: 42,
    now: NOW,
    rateLimit: false,
    regressions: PLANTS.map((p) => ({
      dimension: p.dimension,
      value: p.value,
      metric: p.metric,
      change: p.change,
      window: week(p.monday),
    })),
  });
  // The four runs, concurrently: the fake is shared, each run has its own client (its `cost` counts its calls).
  await Promise.all(
    PLANTS.map(async (p) => {
      const client = new MuxClient({
        tokenId: 'fake-token-id',
        tokenSecret: 'fake-token-secret',
        baseUrl: fake.url,
        rateLimit: { dataPerSecond: 500 },
        concurrency: 8,
      });
      clients.push(client);
      const report = reportSchema.parse({
        id: 'planted',
        title: 'Planted',
        environment: 'prod',
        keyMetrics: [p.keyMetric === 'viewer_experience_score' ? 'upscale_percentage' : p.keyMetric],
        breakdownDimensions: p.dimensions,
        recipients: ['team@example.com'],
        from: 'reports@example.com',
      });
      const period = parsePeriodSpec(p.week, { cadence: 'weekly', timeZone: 'UTC', now: NOW });
      snapshots.set(
        p.week,
        await collectReport({ report, environment, period, previousPeriod: previousPeriod(period), client, now: NOW }),
      );
    }),
  );
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fake?.close();
});

describe.each(PLANTS)('planted $dimension=$value $metric $change ($week)', (p) => {
  it('is named first, with the right sign and about the right size, within the call budget', () => {
    const snap = snapshots.get(p.week)!;
    expect(snap.cost.calls).toBeLessThanOrEqual(30);
    const [metric, measurement] = p.keyMetric.split(':');
    const item = snap.causes.items.find(
      (i) => i.metric === metric && (measurement === undefined || i.measurement === measurement),
    );
    expect(item, `${p.keyMetric} moved beyond tolerance`).toBeDefined();
    const first = item!.causes[0]!;
    expect([first.dimension, first.field]).toEqual([p.dimension, p.value]);
    expect(first.kind).toBe('rate');
    // Its own change: the planted one, give or take the universe's weekly swing of that segment.
    const own = first.value! - first.previous!;
    expect(Math.sign(own)).toBe(Math.sign(p.change));
    expect(own / p.change).toBeGreaterThan(0.6);
    expect(own / p.change).toBeLessThan(1.5);
    // Its part of the overall change: about planted change × its share of views, and most of the change.
    expect(first.contribution / (p.change * first.viewShare)).toBeGreaterThan(0.5);
    expect(first.contribution / (p.change * first.viewShare)).toBeLessThan(1.6);
    expect(first.share).toBeGreaterThan(0.4);
    expect(Math.sign(item!.deltaAbsolute)).toBe(Math.sign(p.change));
    // In words, with its dashboard link filtered to the segment.
    expect(item!.sentence).toMatch(/ vs last week — (\d+% of it|all of it and more \(\d+%\)) from /);
    expect(item!.sentence).toContain(` from ${first.dimensionLabel.toLowerCase()} ${p.value}: `);
    expect(first.url).toContain(`filters[]=${encodeURIComponent(`${p.dimension}:${p.value}`)}`);
    expect(item!.approximate).toBe(measurement === 'median');
  });
});

describe('annotations', () => {
  it('are listed next to the causes and marked on the daily trend, at the point whose day holds them', () => {
    const snap = snapshots.get('2026-W46')!;
    expect(snap.causes.annotations.length).toBeGreaterThan(0);
    const markers = snap.trend.markers ?? [];
    expect(markers.map((m) => m.note)).toEqual(snap.causes.annotations.map((a) => a.note));
    for (const m of markers) {
      const start = Date.parse(snap.trend.points[m.point]!.start);
      expect(Date.parse(m.date) - start).toBeGreaterThanOrEqual(0);
      expect(Date.parse(m.date) - start).toBeLessThan(86_400_000);
    }
  });
});
