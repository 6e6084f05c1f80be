/**
 * §4 Scale: 50 weekly reports over 10 environments generated concurrently (one process, as the CLI or
 * a batch would), each environment with its own 5 req/s budget.
 *
 * Mux limits per environment, but the fake's rate limit is global per server: so we start one fake
 * per environment (each with Mux's 5 req/s data / 1 req/s monitoring buckets) rather than turning the
 * fake's limit off — that way a client limiter that leaked across environments, or let more than
 * 5 req/s through, would show up as 429s instead of passing silently.
 *
 * The generators run in a child process (esbuild bundle run by plain node) so the peak RSS is theirs,
 * not the fakes' or tsx's. Each fake runs in its own worker thread (bench/lib/fake-worker.ts) and is warmed
 * with one report first (see `warm`): the figures are the client's, not a saturated fake's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateReport } from '../../functions/commons/pipeline/generate.js';
import { FAKE_CREDENTIALS } from '../../support/stage.js';
import { type Row, row } from '../lib/budget.js';
import { bundleChildren } from '../lib/bundle-children.js';
import { failureReason, runChild } from '../lib/child.js';
import { startFakeInWorker, type WorkerFake } from '../lib/fake-worker.js';
import { strictBoundMs } from '../lib/rate-bound.js';
import { scaleConfig } from '../lib/scale-config.js';
import { round } from '../lib/stats.js';
import { LATENCY_MS, REFILL_MS } from './api-efficiency.js';

interface ScaleResult {
  wallMs: number;
  reports: number;
  ok: number;
  errors: string[];
  calls: number;
  rateLimited: number;
  sectionsUnavailable: number;
  sampledPeakRssMB: number;
  maxRssMB: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface ScaleDetails {
  environments: number;
  reportsPerEnvironment: number;
  child: ScaleResult | null;
  fakeCalls: number;
  fake429: number;
  perEnvironmentBoundMs: number;
  /** Worst event-loop delay of the fakes' threads during the run (p99 and max over the fakes). */
  fakeLoopDelay: { p99Ms: number; maxMs: number };
}

/**
 * One report per fake before measuring, then time for the buckets to refill. The fake builds its synthetic
 * aggregates on first use (a cold fake spends ~2 s of CPU on its first weekly report, ~0.3 s on the next): ten cold
 * fakes stalled the event loop they shared for up to 5 s, and the requests that arrived meanwhile were rate-checked
 * together when it woke up, 80–90 429s that Mux, whose limiter does not wait for queries, would not send. The
 * warm-up runs here (its own limiters), not in the child, so the child's figures stay its own.
 */
async function warm(fakes: WorkerFake[]): Promise<void> {
  const config = scaleConfig(fakes.length, 1);
  await Promise.all(
    fakes.map((fake, i) =>
      generateReport({
        config,
        reportId: `weekly-qoe-${i}-0`,
        period: { kind: 'spec', spec: null },
        credentials: async () => FAKE_CREDENTIALS,
        baseUrl: fake.url,
      }),
    ),
  );
  await sleep(REFILL_MS);
}

export async function measureScale(options: {
  environments: number;
  reportsPerEnvironment: number;
  repoRoot: string;
  log: (line: string) => void;
}): Promise<{ rows: Row[]; details: ScaleDetails }> {
  const { environments, reportsPerEnvironment } = options;
  const folder = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const fakes: WorkerFake[] = [];
  const total = environments * reportsPerEnvironment;
  const label = `${total} reports × ${environments} envs`;
  try {
    const outfile = join(folder, 'scale-child.mjs');
    const fakeHost = join(folder, 'fake-host.mjs');
    await bundleChildren(options.repoRoot, folder, ['scale-child', 'fake-host']);
    for (let i = 0; i < environments; i++) {
      fakes.push(
        await startFakeInWorker(fakeHost, { port: 0, latencyMs: LATENCY_MS, rateLimit: { data: 5, monitoring: 1 } }),
      );
    }
    options.log(`  scale: warming the ${environments} fakes (one report each)`);
    await warm(fakes);
    const measuredFrom = await Promise.all(fakes.map(async (f) => (await f.log()).requests.length));
    options.log(`  scale: ${label}`);
    const run = await runChild<ScaleResult>([outfile], {
      cwd: folder,
      env: {
        PATH: process.env['PATH'] ?? '',
        BENCH_SCALE: JSON.stringify({ urls: fakes.map((f) => f.url), reportsPerEnvironment }),
      },
      timeoutMs: 300_000,
    });
    const fakeLogs = await Promise.all(fakes.map((f) => f.log()));
    const logs = fakeLogs.map((l, i) =>
      l.requests.slice(measuredFrom[i]).filter((e) => e.path.startsWith('/data/v1/')),
    );
    const fakeLoopDelay = {
      p99Ms: Math.max(...fakeLogs.map((l) => l.loopDelay.p99Ms)),
      maxMs: Math.max(...fakeLogs.map((l) => l.loopDelay.maxMs)),
    };
    const api = logs.flat();
    const fake429 = api.filter((e) => e.status === 429).length;
    const perEnvCalls = Math.max(...logs.map((log) => log.filter((e) => e.status !== 429).length));
    const details: ScaleDetails = {
      environments,
      reportsPerEnvironment,
      child: run.result,
      fakeCalls: api.length,
      fake429,
      perEnvironmentBoundMs: strictBoundMs(perEnvCalls, { rate: 5, burst: 5 }, LATENCY_MS),
      fakeLoopDelay,
    };
    const r = run.result;
    if (!r) {
      const reason = failureReason(run);
      return {
        details,
        rows: [
          row({
            id: 'scale.wall',
            measure: `scale: ${label}`,
            value: null,
            unit: 's',
            status: 'FAIL',
            notes: `FAILED: ${reason}`,
          }),
        ],
      };
    }
    const failedNote = r.ok < r.reports ? `; ${r.reports - r.ok} FAILED (${r.errors[0] ?? '?'})` : '';
    return {
      details,
      rows: [
        row({
          id: 'scale.wall',
          measure: `scale: ${label}, wall time`,
          value: round(r.wallMs / 1000, 1),
          unit: 's',
          status: r.ok < r.reports ? 'FAIL' : undefined,
          notes:
            `${round(r.wallMs / details.perEnvironmentBoundMs, 2)}× the per-environment bound ` +
            `(${perEnvCalls} calls at 5 req/s: ${round(details.perEnvironmentBoundMs / 1000, 1)} s); ` +
            `${api.length} calls in all${failedNote}`,
        }),
        row({
          id: 'scale.429',
          measure: `scale: ${label}, 429s`,
          value: fake429,
          unit: '',
          // Every environment's reports run in ONE process sharing one limiter, so any 429 is the client's fault.
          // Several processes per environment (concurrent Lambdas) cannot see each other's buckets: issue 16.
          budget: { max: 0, label: '0' },
          notes:
            `one fake per environment, each 5 req/s; ${reportsPerEnvironment} reports per environment share one ` +
            `process and limiter; ${r.sectionsUnavailable} sections unavailable; event-loop delay p99/max: ` +
            `generators ${round(r.loopDelayP99Ms)}/${round(r.loopDelayMaxMs)} ms, fakes ` +
            `${round(fakeLoopDelay.p99Ms)}/${round(fakeLoopDelay.maxMs)} ms (the client's margin absorbs 200 ms)`,
        }),
        row({
          id: 'scale.peak-rss',
          measure: `scale: ${label}, peak RSS`,
          value: round(Math.max(r.maxRssMB, r.sampledPeakRssMB)),
          unit: 'MB',
          notes: `generator process only (sampled every 10 ms: ${round(r.sampledPeakRssMB)} MB; getrusage: ${round(r.maxRssMB)} MB)`,
        }),
      ],
    };
  } finally {
    await Promise.allSettled(fakes.map((f) => f.close()));
    rmSync(folder, { recursive: true, force: true });
  }
}
