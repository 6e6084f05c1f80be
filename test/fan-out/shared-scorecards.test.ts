/**
 * Shared scorecards (report/shared-scorecards.ts) against the platform fake (fake-mux/platform.ts, 1,200
 * customers on sub_property_id): a customer's scorecard-tier snapshot built from the calls grouped by
 * sub_property_id equals the one built from its own filtered calls (scores with the benchmark, key metrics,
 * volume, headline), for large, middling and tail customers; a customer beyond the pages read, or unknown to Mux,
 * gets filtered calls ("no data" for the unknown one), never a number guessed from the pages; and the shared
 * collection costs what its formula says, whatever the number of segments within a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { environmentOf, findReport } from '../../functions/commons/config/load.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { previousPeriod, scheduledPeriod } from '../../functions/commons/period/index.js';
import { createMuxClient, generateReport } from '../../functions/commons/pipeline/generate.js';
import { planRequest } from '../../functions/commons/report/coverage.js';
import {
  collectSharedScorecards,
  covers,
  type SharedScorecards,
  sharedMetrics,
} from '../../functions/commons/report/shared-scorecards.js';
import type { Snapshot } from '../../functions/commons/report/snapshot-schema.js';
import { FAKE_CREDENTIALS } from '../../support/fake-credentials.js';
import { PLATFORM_NOW, PLATFORM_SCHEDULED_TIME, platformConfig, platformRun } from '../../support/platform.js';
import { scorecardShown } from '../helpers/report-fixtures.js';

let fake: FakeMux;
/** The customers by views in the period, most first (what `{ top: N }` picks). */
let ranked: string[];
const config: Config = platformConfig({
  values: { top: 1000 },
  fullReports: 5,
  rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 },
});
const report = findReport(config, 'per-customer');
const period = scheduledPeriod('weekly', PLATFORM_SCHEDULED_TIME, 'UTC');
const plan = planRequest(period, previousPeriod(period));

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, scenario: 'platform', now: PLATFORM_NOW, rateLimit: false });
  const auth = Buffer.from(`${FAKE_CREDENTIALS.tokenId}:${FAKE_CREDENTIALS.tokenSecret}`).toString('base64');
  const query = `timeframe[]=${plan.current.startEpoch}&timeframe[]=${plan.current.endEpoch}&limit=1000`;
  const res = await fetch(`${fake.url}/data/v1/dimensions/sub_property_id?${query}`, {
    headers: { authorization: `Basic ${auth}` },
  });
  ranked = ((await res.json()) as { data: { value: string }[] }).data.map((r) => r.value);
});
afterAll(async () => {
  await fake?.close();
});

async function collectShared(segments: string[], pageSize?: number): Promise<SharedScorecards> {
  const client = await createMuxClient(environmentOf(config, report), async () => FAKE_CREDENTIALS, {
    baseUrl: fake.url,
  });
  try {
    return await collectSharedScorecards({
      client,
      report,
      dimension: 'sub_property_id',
      periodKey: period.key,
      span: plan.current,
      previousSpan: plan.previous,
      segments,
      ...(pageSize ? { pageSize } : {}),
    });
  } finally {
    await client.close();
  }
}

const scorecardOf = (segment: string, shared: SharedScorecards | null): Promise<Snapshot> =>
  generateReport({
    ...platformRun(config, fake.url),
    segment,
    tier: 'scorecard',
    shared,
    archive: null,
  }).then((g) => g.snapshot);

describe('shared scorecards (platform fake)', () => {
  const customers = ['cust-0001', 'cust-0002', 'cust-0017', 'cust-0140', 'cust-0611', 'cust-1187'];

  it('give each customer the scorecard its own filtered calls give, without a Mux call', async () => {
    // 1,200 customers, pages of 100 read to the end: every one is covered.
    const all = Array.from({ length: 1200 }, (_, i) => `cust-${String(i + 1).padStart(4, '0')}`);
    const shared = await collectShared(all);
    expect(Object.keys(shared.segments)).toHaveLength(1200);
    for (const customer of customers) {
      expect(covers(shared, customer, plan.current, plan.previous)).toBe(true);
      const [grouped, filtered] = await Promise.all([scorecardOf(customer, shared), scorecardOf(customer, null)]);
      expect(scorecardShown(grouped), customer).toEqual(scorecardShown(filtered));
      expect(grouped.headline.hasViews).toBe(true);
      expect(grouped.scores.items.every((i) => i.globalValue !== null)).toBe(true);
      expect(grouped.cost.calls).toBe(0);
      expect(filtered.cost.calls).toBeGreaterThan(0);
      // The tiers: only the scorecard's sections (history is off here: no archive).
      expect(
        Object.entries(grouped.sections)
          .filter(([, s]) => s !== 'disabled')
          .map(([id]) => id),
      ).toEqual(['scores', 'volume', 'keyMetrics']);
    }
  });

  it('cross page boundaries: the same numbers with pages of 7 rows', async () => {
    const top = ranked.slice(0, 20);
    const shared = await collectShared(top, 7);
    expect(Object.keys(shared.segments).sort()).toEqual([...top].sort());
    for (const customer of [top[0]!, top[6]!, top[7]!, top[19]!]) {
      const [grouped, filtered] = await Promise.all([scorecardOf(customer, shared), scorecardOf(customer, null)]);
      expect(scorecardShown(grouped), customer).toEqual(scorecardShown(filtered));
    }
  });

  it('leave a customer beyond the pages read, or unknown to Mux, to filtered calls: never a guessed number', async () => {
    // Two of three unseen on the first page: paging on costs more than their filtered calls (report/shared-depth.ts),
    // so every walk reads one page and the tail customer is not among its rows.
    const shared = await collectShared(['cust-0003', 'cust-1150', 'cust-9999']);
    expect(Object.keys(shared.segments)).toEqual(['cust-0003']);
    for (const customer of ['cust-1150', 'cust-9999']) {
      expect(covers(shared, customer, plan.current, plan.previous)).toBe(false);
      const snapshot = await scorecardOf(customer, shared);
      expect(snapshot.cost.calls).toBeGreaterThan(0); // filtered calls
    }
    const unknown = await scorecardOf('cust-9999', shared);
    expect(unknown.headline.hasViews).toBe(false);
    expect(unknown.volume.items[0]!.value).toBe(0);
    expect(unknown.scores.items.every((i) => i.value === null)).toBe(true);
  });

  it('cost 2 × metrics × pages + 5 calls, counted by the fake, the same for 20 or 90 segments', async () => {
    const refs = sharedMetrics(report).length;
    const counts: number[] = [];
    for (const n of [20, 90, 250]) {
      const before = fake.requests.length;
      const segments = ranked.slice(0, n);
      const shared = await collectShared(segments);
      const requests = fake.requests.slice(before);
      expect(requests.length).toBe(shared.calls);
      expect(Object.keys(shared.segments)).toHaveLength(n);
      const breakdowns = requests.filter((r) => r.path.endsWith('/breakdown')).length;
      const overall = requests.filter((r) => r.path.endsWith('/overall')).length;
      expect(overall).toBe(5);
      // Each walk reads the pages that hold its wanted segments, plus at most its slack (1 + a quarter).
      const pages = Math.ceil(n / 100);
      expect(breakdowns).toBeGreaterThanOrEqual(2 * refs * pages);
      expect(breakdowns).toBeLessThanOrEqual(2 * refs * (pages + 1 + Math.ceil(pages / 4)));
      counts.push(requests.length);
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBe(2 * refs + 5);
  });
});
