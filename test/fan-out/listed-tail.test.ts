/**
 * Listed segments deep in Mux's order (issue 25): a fan-out that names 300 small customers (`fanOut.values`, the
 * last 300 of the platform fake's 1,200) gets their scorecards from the shared grouped calls paged to the end
 * (report/shared-depth.ts), not from ~7 filtered calls each: the fake counts a few hundred calls for the fan-out
 * message and none for the 300 segments, where filtered calls would cost ~2,100. Their scorecards equal the ones
 * their own filtered calls give. A short list of tail customers, where pages cost more than filtering, stays
 * filtered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerId, PLATFORM_CUSTOMERS } from '../../fake-mux/platform.js';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { findReport } from '../../functions/commons/config/load.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { planFanOut, storedSharedScorecards } from '../../functions/commons/pipeline/fan-out-plan.js';
import { generateReport } from '../../functions/commons/pipeline/generate.js';
import { FILTERED_SCORECARD_CALLS } from '../../functions/commons/report/shared-depth.js';
import { type SharedScorecards, sharedMetrics } from '../../functions/commons/report/shared-scorecards.js';
import type { Snapshot } from '../../functions/commons/report/snapshot-schema.js';
import { LocalSnapshotStore } from '../../functions/commons/report/snapshot-store-local.js';
import { PLATFORM_NOW, platformConfig, platformRun } from '../../support/platform.js';
import { scorecardShown } from '../helpers/report-fixtures.js';

const TAIL = 300;
/** The 300 smallest customers by name (Zipf rank): cust-0901 … cust-1200, all beyond the first 8 pages of 100. */
const tail = Array.from({ length: TAIL }, (_, i) => customerId(PLATFORM_CUSTOMERS - TAIL + 1 + i));

let fake: FakeMux;
let folder: string;

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, scenario: 'platform', now: PLATFORM_NOW, rateLimit: false });
  folder = mkdtempSync(join(tmpdir(), 'listed-tail-'));
});
afterAll(async () => {
  await fake?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Every segment a scorecard (`fullReports: { top: 0 }`), the client's limiter lifted: calls are counted. */
function configOf(values: string[]): Config {
  const config = platformConfig({ values, fullReports: 0 });
  for (const e of config.environments) e.rateLimit = { dataPerSecond: 1_000_000, monitoringPerSecond: 1_000_000 };
  return config;
}

const common = (config: Config) => platformRun(config, fake.url);

const scorecardOf = (config: Config, segment: string, shared: SharedScorecards | null): Promise<Snapshot> =>
  generateReport({ ...common(config), segment, tier: 'scorecard', shared, archive: null }).then((g) => g.snapshot);

/** A fan-out run's calls: the fan-out message (plan + shared collection), then every segment's scorecard. */
async function run(config: Config, name: string) {
  const store = new LocalSnapshotStore(join(folder, name));
  const before = fake.requests.length;
  const plan = await planFanOut({ ...common(config), store });
  const fanOutRequests = fake.requests.slice(before);
  const shared = await storedSharedScorecards({ ...common(config), store });
  const afterPlan = fake.requests.length;
  for (const segment of plan.segments) {
    await scorecardOf(config, segment.value, shared);
  }
  return { plan, shared, fanOutRequests, segmentCalls: fake.requests.length - afterPlan };
}

describe('listed tail customers (platform fake)', () => {
  it('300 small customers cost the pages to the end of the breakdowns, not 7 filtered calls each', async () => {
    const config = configOf(tail);
    const { plan, shared, fanOutRequests, segmentCalls } = await run(config, 'tail-300');
    const refs = sharedMetrics(findReport(config, 'per-customer')).length;
    const breakdowns = fanOutRequests.filter((r) => r.path.endsWith('/breakdown'));
    const pagesOf = (q: string) => Number(new URLSearchParams(q).get('page'));
    const deepest = Math.max(...breakdowns.map((r) => pagesOf(r.query)));

    expect(plan.shared).toMatchObject({ covered: TAIL, reused: false });
    expect(plan.segments.every((s) => s.tier === 'scorecard')).toBe(true);
    // Every walk read to the end: 12 pages of 100 for 1,200 customers (one period may have a few more rows).
    expect(deepest).toBeGreaterThanOrEqual(12);
    expect(deepest).toBeLessThanOrEqual(13);
    expect(breakdowns.length).toBeLessThanOrEqual(2 * refs * deepest);
    expect(fanOutRequests.filter((r) => r.path.endsWith('/overall'))).toHaveLength(5);
    expect(fanOutRequests.length).toBe(plan.shared!.calls);
    // The 300 segments then make no call of their own.
    expect(segmentCalls).toBe(0);
    // Pages, not segments: a tenth of what filtered calls would cost.
    expect(fanOutRequests.length).toBeLessThan((TAIL * FILTERED_SCORECARD_CALLS) / 5);

    // The same scorecards as their own filtered calls give (smallest, middling and largest of the tail).
    for (const customer of [tail[0]!, tail[149]!, tail[TAIL - 1]!]) {
      const before = fake.requests.length;
      const filtered = await scorecardOf(config, customer, null);
      // The per-segment cost the depth arithmetic assumes (shared-depth.ts).
      expect(fake.requests.length - before, customer).toBe(FILTERED_SCORECARD_CALLS);
      const grouped = await scorecardOf(config, customer, shared);
      expect(grouped.cost.calls).toBe(0);
      expect(scorecardShown(grouped), customer).toEqual(scorecardShown(filtered));
      expect(grouped.headline.hasViews).toBe(true);
    }
  });

  it('3 tail customers and one large: filtering the 3 is cheaper than paging, so the scout stops', async () => {
    const config = configOf(['cust-0001', ...tail.slice(0, 3)]);
    const { plan, fanOutRequests, segmentCalls } = await run(config, 'tail-3');
    const refs = sharedMetrics(findReport(config, 'per-customer')).length;
    expect(plan.shared).toMatchObject({ covered: 1 });
    // One page per walk and the benchmark, then 7 filtered calls for each of the 3.
    expect(fanOutRequests).toHaveLength(2 * refs + 5);
    expect(segmentCalls).toBe(3 * FILTERED_SCORECARD_CALLS);
  });
});
