/**
 * The report engine end to end over real HTTP: MuxClient → fake Mux on 127.0.0.1.
 * Golden snapshot: `UPDATE_GOLDEN=1 npx vitest run test/report/collect.test.ts` rewrites it (deliberately only:
 * a missing golden fails, it is never written by a plain run).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { environmentSchema, reportSchema, SECTION_IDS } from '../../functions/commons/config/schema.js';
import { MuxClient, type MuxClientOptions } from '../../functions/commons/mux/index.js';
import { parsePeriodSpec, previousPeriod } from '../../functions/commons/period/index.js';
import { collectReport } from '../../functions/commons/report/collect.js';
import { ReportError } from '../../functions/commons/report/report-error.js';
import { type Snapshot, snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import type { SnapshotArchive } from '../../functions/commons/sections/archive.js';

const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(here, '../fixtures/golden/weekly-qoe.snapshot.json');
const TEST_FILE = 'test/report/collect.test.ts';
const JSON_SCHEMA = join(here, '../../docs/snapshot.schema.json');

const NOW = new Date('2026-11-23T09:00:00Z');
const SEED = 42;
const period = parsePeriodSpec('2026-W46', { cadence: 'weekly', timeZone: 'Europe/Paris', now: NOW });
const prevPeriod = previousPeriod(period);
const report = reportSchema.parse({
  id: 'weekly-qoe',
  title: 'Weekly QoE',
  environment: 'prod',
  timeZone: 'Europe/Paris',
  recipients: ['team@example.com'],
  from: 'reports@example.com',
});
const environment = environmentSchema.parse({
  name: 'prod',
  dashboardUrl: 'https://dashboard.mux.com/organizations/org1/environments/env1',
});

let fake: FakeMux;
const clients: MuxClient[] = [];

function client(over: Partial<MuxClientOptions> = {}): MuxClient {
  const c = new MuxClient({
    tokenId: 'fake-token-id',
    tokenSecret: 'fake-token-secret',
    baseUrl: fake.url,
    maxRetries: 2,
    timeoutMs: 5000,
    retry: { baseDelayMs: 2, maxDelayMs: 10, rateLimitedMinDelayMs: 5 },
    rateLimit: { dataPerSecond: 500 },
    concurrency: 8,
    ...over,
  });
  clients.push(c);
  return c;
}

/** An archive with nothing in it: the history section is ok, every past period a gap (test/history reads real ones). */
const EMPTY_ARCHIVE: SnapshotArchive = { description: 'empty', read: async () => new Map() };

const run = (c: MuxClient = client()) =>
  collectReport({
    report,
    environment,
    period,
    previousPeriod: prevPeriod,
    client: c,
    now: NOW,
    archive: EMPTY_ARCHIVE,
  });

/** Stable text of a snapshot: wall-clock duration zeroed. */
const canonical = (s: Snapshot): string => `${JSON.stringify({ ...s, cost: { ...s.cost, durationMs: 0 } }, null, 2)}\n`;

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, seed: SEED, now: NOW, rateLimit: false });
});
afterEach(() => fake.clearFaults());
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fake.close();
});

describe('collectReport against the fake Mux', () => {
  it('matches the golden snapshot byte for byte, is reproducible and within the call budget', async () => {
    const before = fake.requests.length;
    const snap = await run();
    const calls = fake.requests.length - before;
    expect(calls).toBeLessThanOrEqual(30);
    expect(snap.cost.calls).toBe(calls);
    expect(snap.cost).toMatchObject({ retries: 0, rateLimited: 0 });
    expect(snap.cost.bytes).toBeGreaterThan(0);

    const text = canonical(snap);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, text);
    if (!existsSync(GOLDEN)) {
      throw new Error(`${GOLDEN} is missing: regenerate it with UPDATE_GOLDEN=1 npx vitest run ${TEST_FILE}`);
    }
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
    // A second run over the same data is byte-identical.
    expect(canonical(await run())).toBe(text);
  });

  it('is a valid snapshot (zod, and the generated JSON Schema)', async () => {
    const snap = JSON.parse(readFileSync(GOLDEN, 'utf8')) as unknown;
    expect(() => snapshotSchema.parse(snap)).not.toThrow();
    const parsed = snapshotSchema.parse(snap);
    expect(parsed.sections).toEqual(Object.fromEntries(SECTION_IDS.map((id) => [id, 'ok'])));
    expect(parsed.headline.hasViews).toBe(true);
    expect(parsed.trend.points.map((p) => p.label)).toEqual([
      'Mon 9',
      'Tue 10',
      'Wed 11',
      'Thu 12',
      'Fri 13',
      'Sat 14',
      'Sun 15',
    ]);
    // The published JSON Schema (docs/, what Athena users read) accepts it too, and is not a schema that accepts all.
    const jsonSchema = JSON.parse(readFileSync(JSON_SCHEMA, 'utf8')) as Parameters<typeof z.fromJSONSchema>[0];
    const fromJson = z.fromJSONSchema(jsonSchema);
    expect(fromJson.safeParse(snap).success).toBe(true);
    expect(fromJson.safeParse({ ...parsed, scores: { ...parsed.scores, status: 'fine' } }).success).toBe(false);
    expect(fromJson.safeParse({ ...parsed, extra: 1 }).success).toBe(false);
  });

  it('deltas and verdicts match an independent computation from the two weeks', async () => {
    const c = client();
    const snap = await run(c);
    const [cur, prev] = await Promise.all([
      c.metrics.comparison({ timeframe: [period.startEpoch, period.endEpoch] }),
      c.metrics.comparison({ timeframe: [prevPeriod.startEpoch, prevPeriod.endEpoch] }),
    ]);
    const score = (rows: typeof cur.data, metric: string) => rows.find((r) => r.metric === metric)?.value ?? null;
    const item = (rows: typeof cur.data, metric: string, measurement: string) =>
      rows.flatMap((r) => r.items ?? []).find((i) => i.metric === metric && i.measurement === measurement)?.value ??
      null;
    const ves = snap.scores.items.find((s) => s.metric === 'viewer_experience_score')!;
    const vesNow = score(cur.data, 'viewer_experience_score')!;
    const vesPrev = score(prev.data, 'viewer_experience_score')!;
    expect(ves.value).toBe(vesNow);
    expect(ves.previous).toBe(vesPrev);
    expect(ves.deltaAbsolute).toBe(vesNow - vesPrev);
    const vesExpected = Math.abs(vesNow - vesPrev) < 0.005 ? 'flat' : vesNow > vesPrev ? 'better' : 'worse';
    expect(ves.verdict).toBe(vesExpected);
    expect(ves.deltaDisplay).toMatch(/^[+−±]\d+(\.\d)?$/);

    // Startup time: lower is better.
    const st = snap.keyMetrics.items.find((k) => k.metric === 'video_startup_time' && k.measurement === 'median')!;
    const stNow = item(cur.data, 'video_startup_time', 'median')!;
    const stPrev = item(prev.data, 'video_startup_time', 'median')!;
    expect([st.value, st.previous]).toEqual([stNow, stPrev]);
    const rel = (stNow - stPrev) / stPrev;
    expect(st.verdict).toBe(Math.abs(rel) < 0.02 ? 'flat' : stNow < stPrev ? 'better' : 'worse');

    // Volume: relative change of views from the totals rows.
    const views = snap.volume.items.find((v) => v.metric === 'views')!;
    const vNow = cur.data.find((r) => r.name === 'totals')!.view_count!;
    const vPrev = prev.data.find((r) => r.name === 'totals')!.view_count!;
    expect(views.deltaRelative).toBe((vNow - vPrev) / vPrev);
    expect(views.verdict).toBe('flat');
    expect(snap.headline.totalViews).toBe(vNow);

    // Insights target the two sub-scores that dropped the most.
    const subs = snap.scores.items.slice(1).filter((s) => (s.deltaAbsolute ?? 0) < 0);
    subs.sort((a, b) => (a.deltaAbsolute ?? 0) - (b.deltaAbsolute ?? 0));
    const insightMetrics = [...new Set(snap.insights.items.map((i) => i.metric))];
    expect(insightMetrics).toEqual(subs.slice(0, 2).map((s) => s.metric));
    expect(snap.insights.items.every((i) => i.views >= report.minViews)).toBe(true);
    expect(snap.insights.items.length).toBeLessThanOrEqual(report.topN.insights);
  });

  it('breakdowns: top N by views with min views, Other makes up the rest of the views', async () => {
    const snap = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Snapshot;
    expect(snap.breakdowns.items.map((b) => b.dimension)).toEqual(report.breakdownDimensions);
    for (const b of snap.breakdowns.items) {
      const named = b.rows.filter((r) => !r.isOther);
      expect(named.length).toBeLessThanOrEqual(report.topN.breakdown);
      expect(named.every((r) => r.views >= report.minViews)).toBe(true);
      expect(named.map((r) => r.views)).toEqual([...named.map((r) => r.views)].sort((x, y) => y - x));
      expect(b.rows.reduce((s, r) => s + r.viewShare, 0)).toBeCloseTo(1, 9);
      expect(b.rows.filter((r) => r.isOther).length).toBeLessThanOrEqual(1);
    }
  });

  it('incidents plan-gated (403) → incidents unavailable, everything else ok', async () => {
    fake.addFault({ match: '/incidents', kind: 'plan-gated' });
    const snap = await run();
    expect(snap.incidents).toMatchObject({
      status: 'unavailable',
      reason: 'incidents are not available on this plan or token (403 forbidden)',
      items: [],
      opened: 0,
    });
    expect(snap.sections.incidents).toBe('unavailable');
    expect(Object.entries(snap.sections).filter(([, s]) => s !== 'ok')).toEqual([['incidents', 'unavailable']]);
  });

  it('incidents 404 → unavailable with the Mux type', async () => {
    fake.addFault({ match: '/incidents', kind: 404 });
    const snap = await run();
    expect(snap.incidents.reason).toBe('incidents are not available on this plan or token (404 not_found)');
  });

  it('errors 500 after retries → errors unavailable', async () => {
    const before = fake.requests.length;
    fake.addFault({ match: '/data/v1/errors', kind: 500 });
    const snap = await run();
    expect(snap.errors).toMatchObject({ status: 'unavailable', items: [], other: null, totalErrorViews: 0 });
    expect(snap.errors.reason).toMatch(/^Mux answered 500 internal_server_error for errors/);
    expect(snap.errors.reason).not.toMatch(/fake-token|timeframe/);
    // current + previous, 3 attempts each (≥ 5 logged: a rare stale keep-alive socket fails before reaching the fake)
    expect(fake.requests.slice(before).filter((r) => r.path === '/data/v1/errors').length).toBeGreaterThanOrEqual(5);
    expect(snap.cost.retries).toBeGreaterThanOrEqual(4);
    expect(snap.sections.scores).toBe('ok');
  });

  it('malformed breakdown JSON → breakdowns unavailable', async () => {
    fake.addFault({ match: '/breakdown', kind: 'malformed' });
    const snap = await run();
    expect(snap.breakdowns.status).toBe('unavailable');
    expect(snap.breakdowns.items).toEqual([]);
    expect(snap.breakdowns.reason).toMatch(/unexpected response from Mux for breakdowns/);
    expect(snap.trend.status).toBe('ok');
  });

  it('insights hanging past the client timeout → insights unavailable', async () => {
    fake.addFault({ match: '/insights', kind: 'hang' });
    const snap = await run(client({ timeoutMs: 300, maxRetries: 1 }));
    expect(snap.insights).toMatchObject({ status: 'unavailable', items: [] });
    expect(snap.insights.reason).toMatch(/^Mux did not answer in time for insights/);
    expect(snap.scores.status).toBe('ok');
  });

  it('comparison failing after retries → ReportError, nothing to deliver', async () => {
    fake.addFault({ match: '/metrics/comparison', kind: 500 });
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as Error).message).toMatch(/^core scorecard unavailable: Mux answered 500/);
  });

  it('a period with zero views still yields a proper snapshot', async () => {
    // A filter that matches no view: every section is empty but well-formed.
    const noViews = { ...report, filters: ['country:ZZ'] };
    const snap = await collectReport({
      report: noViews,
      environment,
      period,
      previousPeriod: prevPeriod,
      client: client(),
      now: NOW,
    });
    expect(snapshotSchema.parse(snap)).toEqual(snap);
    expect(snap.headline).toEqual({ text: 'No views — week of 9 Nov 2026', totalViews: 0, hasViews: false });
    expect(snap.report.filters).toEqual(['country:ZZ']);
    expect(snap.trend.points).toHaveLength(7);
    expect(snap.trend.points.every((p) => p.views === 0 && p.value === null)).toBe(true);
    expect(snap.breakdowns.items.every((b) => b.rows.length === 0)).toBe(true);
    expect(snap.volume.items[0]).toMatchObject({ metric: 'views', value: 0, display: '0' });
    expect(snap.failedViews.items).toEqual([]);
  });

  it('daily report: hourly trend over the local day, "vs previous day" headline', async () => {
    const day = parsePeriodSpec('2026-11-16', { cadence: 'daily', timeZone: 'Europe/Paris', now: NOW });
    const daily = { ...report, cadence: 'daily' as const };
    const snap = await collectReport({
      report: daily,
      environment,
      period: day,
      previousPeriod: previousPeriod(day),
      client: client(),
      now: NOW,
    });
    expect(snap.trend.granularity).toBe('hour');
    // Local midnight is 23:00Z: the hourly buckets cover the local day exactly.
    expect(snap.trend.points).toHaveLength(24);
    expect(snap.trend.points[0]).toMatchObject({ start: '2026-11-15T23:00:00.000Z', label: '00:00' });
    expect(snap.trend.points[23]?.label).toBe('23:00');
    expect(snap.headline.text).toMatch(/^Viewer experience \d+ \([+−±][\d.]+ vs previous day, Mux global \d+\) — /);
  });
});
