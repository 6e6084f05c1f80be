/**
 * Fan-out of N segments (issue 25) on the platform fake (fake-mux/platform.ts: 1,200 customers on
 * sub_property_id), today's design beside the two-tier one, for N = 1, 20, 200 and 1,000:
 *
 * - today: the values listing, then one full report per segment (its own filtered calls);
 * - tiers (K = 10): the listing, the shared scorecard calls once (report/shared-scorecards.ts), the K largest
 *   segments' full reports, and N − K scorecards built from the stored shared collection (no call);
 * - scorecards only (K = 0): the listing and the shared calls;
 * - listed tail (K = 0): the N smallest customers named in `values` (cust-1200 back to cust-1201 − N), deep in
 *   Mux's order: the shared calls page as deep as pays (report/shared-depth.ts), the others get filtered calls.
 *
 * Every segment's snapshot and email are generated (collect + render), not delivered. A thousand full reports at
 * 5 req/s would take over an hour, so the calls are counted with the limits lifted (the fake's and the client's)
 * and the bound is computed from the count: the strict token-bucket bound at Mux's 5 req/s (bench/lib/rate-bound.ts,
 * burst 5, one 100 ms round trip). The wall time beside it is the lifted run's (CPU: the fake, collect, render).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerId, PLATFORM_CUSTOMERS } from '../../fake-mux/platform.js';
import { startFakeMux } from '../../fake-mux/server.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { planFanOut, storedSharedScorecards } from '../../functions/commons/pipeline/fan-out-plan.js';
import { fanOutValues } from '../../functions/commons/pipeline/fan-out-values.js';
import { generateReport } from '../../functions/commons/pipeline/generate.js';
import { LocalSnapshotStore } from '../../functions/commons/report/snapshot-store-local.js';
import { PLATFORM_NOW, platformConfig, platformRun } from '../../support/platform.js';
import { type Row, row } from '../lib/budget.js';
import { strictBoundMs } from '../lib/rate-bound.js';
import { round } from '../lib/stats.js';
import { LATENCY_MS } from './api-efficiency.js';

export const FAN_OUT_SIZES = [1, 20, 200, 1000] as const;
const FULL_REPORTS = 10;
const MUX = { rate: 5, burst: 5 };

const DESIGNS = ['today', 'tiers', 'scorecards', 'listed'] as const;
export type Design = (typeof DESIGNS)[number];
const LABEL: Record<Design, string> = {
  today: 'today (a full report per segment)',
  tiers: `tiers (${FULL_REPORTS} full + scorecards)`,
  scorecards: 'scorecards only',
  listed: 'scorecards only, the N smallest customers listed',
};

export interface FanOutDetail {
  design: Design;
  segments: number;
  calls: number;
  fanOutCalls: number;
  fullReports: number;
  scorecards: number;
  wallMs: number;
  boundMs: number;
}

/** The N smallest customers by name (Zipf rank): the last N of the platform's. */
const smallest = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => customerId(PLATFORM_CUSTOMERS - n + 1 + i));

/** The config of one run, with the client's limiter lifted (the config schema caps it at Mux's real range). */
function liftedConfig(values: { top: number } | string[], fullReports: number): Config {
  const config = platformConfig({ values, fullReports });
  for (const e of config.environments) e.rateLimit = { dataPerSecond: 1_000_000, monitoringPerSecond: 1_000_000 };
  return config;
}

export async function measureFanOut(options: {
  log: (line: string) => void;
  sizes?: readonly number[];
  designs?: readonly Design[];
}): Promise<{
  rows: Row[];
  details: FanOutDetail[];
}> {
  const fake = await startFakeMux({ port: 0, scenario: 'platform', now: PLATFORM_NOW, rateLimit: false });
  const folder = mkdtempSync(join(tmpdir(), 'bench-fan-out-'));
  const details: FanOutDetail[] = [];
  try {
    for (const n of options.sizes ?? FAN_OUT_SIZES) {
      for (const design of options.designs ?? DESIGNS) {
        const k = design === 'today' ? n : design === 'tiers' ? Math.min(FULL_REPORTS, n) : 0;
        const config = liftedConfig(design === 'listed' ? smallest(n) : { top: n }, Math.min(k, 100));
        const store = new LocalSnapshotStore(join(folder, `${design}-${n}`));
        const common = platformRun(config, fake.url);
        const before = fake.requests.length;
        const t0 = performance.now();
        // Today's fan-out message only lists the values; every segment then makes its own calls.
        const plan =
          design === 'today'
            ? { segments: (await fanOutValues(common)).map((value) => ({ value, tier: 'full' as const })) }
            : await planFanOut({ ...common, store });
        const fanOutCalls = fake.requests.length - before;
        const shared = design === 'today' ? null : await storedSharedScorecards({ ...common, store });
        for (const segment of plan.segments) {
          await generateReport({ ...common, segment: segment.value, tier: segment.tier, shared, archive: null });
        }
        const wallMs = performance.now() - t0;
        const calls = fake.requests.length - before;
        const full = plan.segments.filter((s) => s.tier === 'full').length;
        const detail: FanOutDetail = {
          design,
          segments: plan.segments.length,
          calls,
          fanOutCalls,
          fullReports: full,
          scorecards: plan.segments.length - full,
          wallMs,
          boundMs: strictBoundMs(calls, MUX, LATENCY_MS),
        };
        details.push(detail);
        options.log(
          `bench: fan-out N=${n} ${design}: ${calls} calls (fan-out message ${fanOutCalls}), ` +
            `bound ${round(detail.boundMs / 1000, 1)} s at 5 req/s, wall ${round(wallMs / 1000, 1)} s (lifted)`,
        );
      }
    }
  } finally {
    await fake.close();
    rmSync(folder, { recursive: true, force: true });
  }
  const rows = details.map((d) =>
    row({
      id: `fan-out.${d.segments}.${d.design}.calls`,
      measure: `fan-out N=${d.segments}: ${LABEL[d.design]}, Mux calls`,
      value: d.calls,
      unit: 'calls',
      notes:
        `bound ${formatDuration(d.boundMs)} at 5 req/s; fan-out message ${d.fanOutCalls} calls; ` +
        `${d.fullReports} full, ${d.scorecards} scorecards; wall ${round(d.wallMs / 1000, 1)} s with limits lifted`,
    }),
  );
  return { rows, details };
}

function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${round(s, 1)} s`;
  if (s < 7200) return `${round(s / 60, 1)} min`;
  return `${round(s / 3600, 1)} h`;
}
