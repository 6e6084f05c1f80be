/**
 * §3 API efficiency: the default weekly report through `generateReport` against the fake Mux with
 * 100 ms latency and Mux's limits (5 req/s data, 1 req/s monitoring, token buckets with burst = rate),
 * using the client settings of reports.config.jsonc. Baselines in the same run, replaying the very
 * requests the report made (from the fake's request log) through the client's HTTP layer:
 * - sequential: one after another, with the same 5 req/s limiter;
 * - all at once: every request in flight together, no client limit configured (the fake answers 429s to the first
 *   wave; after the first answers the client follows the fake's `X-RateLimit-Limit: 5`).
 * Then the same report (and the sequential baseline) through the jittering proxy of support/jitter-proxy.ts
 * (seeded 0–40 ms per request, a new upstream connection each): a real network bunches requests, which a client
 * paced at exactly Mux's limit pays for in 429s.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { rateClass } from '../../fake-mux/router.js';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { DEFAULT_RETRY_TIMING, SharedLimiter } from '../../functions/commons/mux/index.js';
import { MuxTransport } from '../../functions/commons/mux/transport.js';
import { generateReport } from '../../functions/commons/pipeline/generate.js';
import { startJitterProxy } from '../../support/jitter-proxy.js';
import { exampleConfig, FAKE_CREDENTIALS } from '../../support/stage.js';
import { type Row, row } from '../lib/budget.js';
import { boundMs, naiveBoundMs } from '../lib/rate-bound.js';
import { type CapturedRequest, capturedRequests } from '../lib/replay.js';
import { median, round } from '../lib/stats.js';

export const LATENCY_MS = 100;
/** A latency above one token interval (200 ms at 5 req/s): where running calls concurrently pays. */
export const SLOW_LATENCY_MS = 300;
export const CALLS_BUDGET = 30;
export const BOUND_RATIO_BUDGET = 1.2;
/** The proxy's per-request delay, ms (uniform). */
export const JITTER_MAX_MS = 40;
const JITTER_SEED = 12;
/** Both token buckets (the fake's and the client's) are full again after 1 s; wait a bit more. */
export const REFILL_MS = 1500;

interface Outcome {
  wallMs: number;
  calls: number;
  dataCalls: number;
  monitoringCalls: number;
  /** Calls a perfect scheduler would make (429s excluded), per bucket. */
  dataNeeded: number;
  monitoringNeeded: number;
  rateLimited: number;
  /** Requests that still failed after the client's retries. */
  failed: number;
  failedBy429: number;
  sectionsUnavailable: string[];
  /** Of `calls`, the causes section's own ("what changed and why": previous-period breakdowns). */
  causesCalls?: number;
  /** Client-side waits (limiter or pause after `X-RateLimit-Remaining: 0` / 429) of ≥ 500 ms. */
  longWaits?: number;
  waitMs?: number;
}

type Tally = Pick<
  Outcome,
  'calls' | 'dataCalls' | 'monitoringCalls' | 'dataNeeded' | 'monitoringNeeded' | 'rateLimited'
>;

function tally(log: FakeMux['requests']): Tally {
  const api = log.filter((e) => e.path.startsWith('/data/v1/'));
  const data = api.filter((e) => rateClass(e.path) === 'data');
  const monitoring = api.filter((e) => rateClass(e.path) === 'monitoring');
  return {
    calls: api.length,
    dataCalls: data.length,
    monitoringCalls: monitoring.length,
    dataNeeded: data.filter((e) => e.status !== 429).length,
    monitoringNeeded: monitoring.filter((e) => e.status !== 429).length,
    rateLimited: api.filter((e) => e.status === 429).length,
  };
}

async function reportRun(fake: FakeMux, baseUrl: string): Promise<{ outcome: Outcome; requests: CapturedRequest[] }> {
  const config = exampleConfig();
  const before = fake.requests.length;
  let failed = 0;
  let failedBy429 = 0;
  let longWaits = 0;
  let waitMs = 0;
  const t0 = performance.now();
  const generated = await generateReport({
    config,
    reportId: 'weekly-qoe',
    period: { kind: 'spec', spec: null },
    credentials: async () => FAKE_CREDENTIALS,
    baseUrl,
    onMuxEvent: (e) => {
      if (e.type === 'throttled') {
        waitMs += e.waitMs;
        if (e.waitMs >= 500) longWaits++;
      }
      if (e.type !== 'failed') return;
      failed++;
      if (e.status === 429) failedBy429++;
    },
  });
  const wallMs = performance.now() - t0;
  const log = fake.requests.slice(before);
  const sectionsUnavailable = Object.entries(generated.snapshot.sections)
    .filter(([, status]) => status === 'unavailable')
    .map(([id]) => id);
  return {
    outcome: {
      wallMs,
      ...tally(log),
      failed,
      failedBy429,
      sectionsUnavailable,
      causesCalls: generated.snapshot.causes.calls,
      longWaits,
      waitMs,
    },
    requests: capturedRequests(log),
  };
}

async function replay(
  fake: FakeMux,
  baseUrl: string,
  requests: CapturedRequest[],
  mode: 'sequential' | 'all-at-once',
): Promise<Outcome> {
  const sequential = mode === 'sequential';
  const transport = new MuxTransport({
    ...FAKE_CREDENTIALS,
    baseUrl,
    timeoutMs: 30_000,
    maxRetries: 4,
    retry: DEFAULT_RETRY_TIMING,
    // "No limiter": a bucket far above anything the run can use.
    limiter: sequential
      ? new SharedLimiter({ dataPerSecond: 5, monitoringPerSecond: 1 })
      : new SharedLimiter({ dataPerSecond: 1e6, monitoringPerSecond: 1e6 }),
    concurrency: sequential ? 1 : Math.max(1, requests.length),
    userAgent: 'mux-qoe-reports-bench',
  });
  const before = fake.requests.length;
  let failed = 0;
  let failedBy429 = 0;
  const one = async (r: CapturedRequest) => {
    try {
      await transport.getJson(r.path, r.query);
    } catch (error) {
      failed++;
      if ((error as { status?: unknown }).status === 429) failedBy429++;
    }
  };
  const t0 = performance.now();
  try {
    if (sequential) for (const r of requests) await one(r);
    else await Promise.all(requests.map(one));
  } finally {
    await transport.close();
  }
  const wallMs = performance.now() - t0;
  return { wallMs, ...tally(fake.requests.slice(before)), failed, failedBy429, sectionsUnavailable: [] };
}

export interface ApiDetails {
  report: Outcome[];
  sequential: Outcome[];
  allAtOnce: Outcome[];
  /** The same report and sequential baseline through the jittering proxy. */
  jitter: { report: Outcome[]; sequential: Outcome[]; maxDelayMs: number; seed: number };
  /** One report and its sequential replay at `SLOW_LATENCY_MS`. */
  slow: { latencyMs: number; report: Outcome | null; sequential: Outcome | null };
  strictBoundMs: number;
  naiveBoundMs: number;
  distinctRequests: number;
}

const s = (ms: number) => `${round(ms / 1000, 2)} s`;
const sum429 = (outcomes: readonly Outcome[]) => outcomes.reduce((n, o) => n + o.rateLimited, 0);
const unrecovered = (outcomes: readonly Outcome[]) => Math.max(0, ...outcomes.map((o) => o.failedBy429));
const medianWall = (outcomes: readonly Outcome[]) => median(outcomes.map((o) => o.wallMs));

export async function measureApiEfficiency(options: {
  runs: number;
  jitterRuns: number;
  log: (line: string) => void;
}): Promise<{ rows: Row[]; details: ApiDetails }> {
  const fake = await startFakeMux({ port: 0, latencyMs: LATENCY_MS, rateLimit: { data: 5, monitoring: 1 } });
  const proxy = await startJitterProxy({ target: fake.url, maxDelayMs: JITTER_MAX_MS, seed: JITTER_SEED });
  const details: ApiDetails = {
    report: [],
    sequential: [],
    allAtOnce: [],
    jitter: { report: [], sequential: [], maxDelayMs: JITTER_MAX_MS, seed: JITTER_SEED },
    slow: { latencyMs: SLOW_LATENCY_MS, report: null, sequential: null },
    strictBoundMs: 0,
    naiveBoundMs: 0,
    distinctRequests: 0,
  };
  try {
    let requests: CapturedRequest[] = [];
    for (let run = 0; run < options.runs; run++) {
      options.log(`  api efficiency run ${run + 1}/${options.runs}`);
      await sleep(REFILL_MS);
      const r = await reportRun(fake, fake.url);
      details.report.push(r.outcome);
      if (run === 0) requests = r.requests;
      await sleep(REFILL_MS);
      details.sequential.push(await replay(fake, fake.url, requests, 'sequential'));
      await sleep(REFILL_MS);
      details.allAtOnce.push(await replay(fake, fake.url, requests, 'all-at-once'));
    }
    details.distinctRequests = requests.length;
    for (let run = 0; run < options.jitterRuns; run++) {
      options.log(`  api efficiency through the jittering proxy, run ${run + 1}/${options.jitterRuns}`);
      await sleep(REFILL_MS);
      details.jitter.report.push((await reportRun(fake, proxy.url)).outcome);
      await sleep(REFILL_MS);
      details.jitter.sequential.push(await replay(fake, proxy.url, requests, 'sequential'));
    }
  } finally {
    await proxy.close();
    await fake.close();
  }
  options.log(`  api efficiency at ${SLOW_LATENCY_MS} ms latency`);
  const slowFake = await startFakeMux({ port: 0, latencyMs: SLOW_LATENCY_MS, rateLimit: { data: 5, monitoring: 1 } });
  try {
    await sleep(REFILL_MS);
    const r = await reportRun(slowFake, slowFake.url);
    details.slow.report = r.outcome;
    await sleep(REFILL_MS);
    details.slow.sequential = await replay(slowFake, slowFake.url, r.requests, 'sequential');
  } finally {
    await slowFake.close();
  }

  const first = details.report[0]!;
  const wall = medianWall(details.report);
  // The bound counts the calls a run needs (429s excluded: a perfect scheduler makes none), at Mux's own
  // limits (burst 5): the client's 200 ms jitter margin is part of what the ratio measures.
  const strict = boundMs(
    {
      data: [first.dataNeeded, { rate: 5, burst: 5 }],
      monitoring: [first.monitoringNeeded, { rate: 1, burst: 1 }],
    },
    LATENCY_MS,
  );
  details.strictBoundMs = strict;
  details.naiveBoundMs = naiveBoundMs(first.dataNeeded, 5);
  const seq = medianWall(details.sequential);
  const burst = medianWall(details.allAtOnce);
  const burst429 = median(details.allAtOnce.map((o) => o.rateLimited));
  const burstFailed = Math.max(...details.allAtOnce.map((o) => o.failed));
  const runs = details.report.length;
  const jitterRuns = details.jitter.report.length;
  const jitterWall = medianWall(details.jitter.report);
  const jitterSeq = medianWall(details.jitter.sequential);
  const unavailable = [...details.report, ...details.jitter.report].flatMap((o) => o.sectionsUnavailable);

  return {
    details,
    rows: [
      row({
        id: 'api.calls',
        measure: 'weekly-qoe: Mux API calls',
        value: first.calls,
        unit: '',
        budget: { max: CALLS_BUDGET, label: `≤ ${CALLS_BUDGET}` },
        notes: `${first.dataCalls} data + ${first.monitoringCalls} monitoring, incl. ${first.rateLimited} 429s; ${details.distinctRequests} distinct requests; causes section ${first.causesCalls ?? 0}`,
      }),
      row({
        id: 'api.429',
        measure: 'weekly-qoe: 429 responses',
        value: sum429(details.report),
        unit: '',
        budget: { max: 0, label: '0' },
        notes:
          `over ${runs} runs on loopback; ${unrecovered(details.report)} unrecovered` +
          (unavailable.length ? `; sections unavailable: ${[...new Set(unavailable)].join(', ')}` : ''),
      }),
      row({
        id: 'api.wall-vs-bound',
        measure: 'weekly-qoe: wall time / rate-limit bound',
        value: round(wall / strict, 2),
        unit: '×',
        display: `${round(wall / strict, 2)}× (${s(wall)} vs ${s(strict)})`,
        budget: { max: BOUND_RATIO_BUDGET, label: `≤ ${BOUND_RATIO_BUDGET}×` },
        notes:
          `strict bound (calls − 5 burst)/5 s + one ${LATENCY_MS} ms round trip; vs calls/5 s: ` +
          `${round(wall / details.naiveBoundMs, 2)}×; latency ${LATENCY_MS} ms; median of ${runs}; ` +
          `${first.longWaits} client waits ≥ 500 ms (${round((first.waitMs ?? 0) / 1000, 1)} s summed over concurrent calls)`,
      }),
      row({
        id: 'api.sequential',
        measure: 'baseline: same calls one after another',
        value: round(seq / 1000, 2),
        unit: 's',
        notes:
          `report / this: ${round(wall / seq, 2)}× (same limiter; ${median(details.sequential.map((o) => o.rateLimited))} 429s); ` +
          'both are bound by 5 req/s at 100 ms latency, the report also plans, validates and renders',
      }),
      row({
        id: 'api.all-at-once',
        measure: 'baseline: same calls all at once, no client limit',
        value: round(burst / 1000, 2),
        unit: 's',
        notes: `${burst429} 429s (median), ${burstFailed} still failing after 4 retries; ${round(burst / wall, 2)}× the report's wall time; the retries follow X-RateLimit-Limit`,
      }),
      row({
        id: 'api.slow-latency',
        measure: `weekly-qoe at ${SLOW_LATENCY_MS} ms latency vs the same calls one after another`,
        value:
          details.slow.report && details.slow.sequential
            ? round(details.slow.report.wallMs / details.slow.sequential.wallMs, 2)
            : null,
        unit: '×',
        display:
          details.slow.report && details.slow.sequential
            ? `${round(details.slow.report.wallMs / details.slow.sequential.wallMs, 2)}× (${s(details.slow.report.wallMs)} vs ${s(details.slow.sequential.wallMs)})`
            : '—',
        notes: `one run each; above one token interval (200 ms) the sequential plan waits on latency, the report does not; ${details.slow.report?.rateLimited ?? '?'} 429s`,
      }),
      row({
        id: 'api.jitter.429',
        measure: `weekly-qoe via a 0–${JITTER_MAX_MS} ms jitter proxy: 429 responses`,
        value: sum429(details.jitter.report),
        unit: '',
        budget: { max: 0, label: '0' },
        notes:
          `over ${jitterRuns} runs (seeded delays, new upstream connection per request); ` +
          `${unrecovered(details.jitter.report)} unrecovered; sequential baseline: ${sum429(details.jitter.sequential)} 429s`,
      }),
      row({
        id: 'api.jitter.wall-vs-bound',
        measure: `weekly-qoe via a 0–${JITTER_MAX_MS} ms jitter proxy: wall / bound`,
        value: round(jitterWall / strict, 2),
        unit: '×',
        display: `${round(jitterWall / strict, 2)}× (${s(jitterWall)} vs ${s(strict)})`,
        budget: { max: BOUND_RATIO_BUDGET, label: `≤ ${BOUND_RATIO_BUDGET}×` },
        notes:
          `median of ${jitterRuns}; same bound as on loopback (the proxy adds ≥ 0 ms); ` +
          `same calls one after another through the proxy: ${s(jitterSeq)} (report / that: ${round(jitterWall / jitterSeq, 2)}×)`,
      }),
    ],
  };
}
