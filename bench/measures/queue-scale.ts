/**
 * Many reports (issue 16): "200 reports over 20 environments, all due at the same minute", today's design (one
 * Lambda per report, each with its own token bucket) against the queue's (SQS FIFO, one message group per Mux
 * environment: an environment's reports one at a time, environments in parallel), in the same run against the same
 * fakes (one per environment, each with Mux's 5 req/s data bucket and 100 ms latency, as bench/measures/scale.ts).
 *
 * The queue's semantics are reproduced in the child (bench/children/queue-child.ts), not through an SQS emulator:
 * what decides the figures is the serialization per group, which test/queue/queue.test.ts proves on fauxqs. Two
 * queue variants: `warm` (consecutive messages of a group on one container, sharing its limiter) and `cold` (each
 * message on a fresh container: a full client bucket although the previous report just drained Mux's).
 *
 * Figures: Mux 429s (from the fakes' logs), unrecovered ones (sections unavailable + failed reports), and wall time
 * against the per-environment bound: the busiest environment's calls (429s excluded) at 5 req/s, strict bound
 * (bench/lib/rate-bound.ts). Time-scaled: the reports keep 4 sections (bench/lib/queue-config.ts).
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
import { queueBenchConfig } from '../lib/queue-config.js';
import { strictBoundMs } from '../lib/rate-bound.js';
import { round } from '../lib/stats.js';
import { LATENCY_MS, REFILL_MS } from './api-efficiency.js';

type Mode = 'per-report' | 'queue-warm' | 'queue-cold';
const MODES: readonly Mode[] = ['per-report', 'queue-warm', 'queue-cold'];

interface ChildResult {
  wallMs: number;
  reports: number;
  ok: number;
  errors: string[];
  sectionsUnavailable: number;
  rateLimitedSeenByClients: number;
}

export interface QueueScaleDetail {
  mode: Mode;
  child: ChildResult | null;
  calls: number;
  fake429: number;
  busiestEnvironmentCalls: number;
  boundMs: number;
  ratio: number | null;
}

const LABEL: Record<Mode, string> = {
  'per-report': 'one Lambda per report (today)',
  'queue-warm': 'SQS FIFO per environment, warm container',
  'queue-cold': 'SQS FIFO per environment, fresh container per report',
};

export async function measureQueueScale(options: {
  environments: number;
  reportsPerEnvironment: number;
  repoRoot: string;
  log: (line: string) => void;
}): Promise<{ rows: Row[]; details: QueueScaleDetail[] }> {
  const { environments, reportsPerEnvironment } = options;
  const folder = mkdtempSync(join(tmpdir(), 'bench-queue-'));
  const fakes: WorkerFake[] = [];
  const total = environments * reportsPerEnvironment;
  const details: QueueScaleDetail[] = [];
  const rows: Row[] = [];
  try {
    await bundleChildren(options.repoRoot, folder, ['queue-child', 'fake-host']);
    for (let i = 0; i < environments; i++) {
      fakes.push(
        await startFakeInWorker(join(folder, 'fake-host.mjs'), {
          port: 0,
          latencyMs: LATENCY_MS,
          rateLimit: { data: 5, monitoring: 1 },
        }),
      );
    }
    options.log(`  many reports: warming the ${environments} fakes`);
    const warmConfig = queueBenchConfig(environments, 1, false);
    await Promise.all(
      fakes.map((fake, i) =>
        generateReport({
          config: warmConfig,
          reportId: `r-${i}-0`,
          period: { kind: 'spec', spec: null },
          credentials: async () => FAKE_CREDENTIALS,
          baseUrl: fake.url,
        }),
      ),
    );
    for (const mode of MODES) {
      await sleep(REFILL_MS);
      const from = await Promise.all(fakes.map(async (f) => (await f.log()).requests.length));
      options.log(`  many reports: ${total} reports × ${environments} envs, ${mode}`);
      const run = await runChild<ChildResult>([join(folder, 'queue-child.mjs')], {
        cwd: folder,
        env: {
          PATH: process.env['PATH'] ?? '',
          BENCH_QUEUE: JSON.stringify({ urls: fakes.map((f) => f.url), reportsPerEnvironment, mode }),
        },
        timeoutMs: 600_000,
      });
      const logs = (await Promise.all(fakes.map((f) => f.log()))).map((l, i) =>
        l.requests.slice(from[i]).filter((e) => e.path.startsWith('/data/v1/')),
      );
      const api = logs.flat();
      const busiest = Math.max(...logs.map((l) => l.filter((e) => e.status !== 429).length));
      const boundMs = strictBoundMs(busiest, { rate: 5, burst: 5 }, LATENCY_MS);
      const r = run.result;
      const detail: QueueScaleDetail = {
        mode,
        child: r,
        calls: api.length,
        fake429: api.filter((e) => e.status === 429).length,
        busiestEnvironmentCalls: busiest,
        boundMs,
        ratio: r ? round(r.wallMs / boundMs, 2) : null,
      };
      details.push(detail);
      const id = `queue.${mode}`;
      if (!r) {
        rows.push(
          row({
            id,
            measure: `many reports: ${LABEL[mode]}`,
            value: null,
            unit: 'x',
            status: 'FAIL',
            notes: failureReason(run),
          }),
        );
        continue;
      }
      const unrecovered = r.sectionsUnavailable + (r.reports - r.ok);
      const coordinated = mode !== 'per-report';
      rows.push(
        row({
          id: `${id}.wall`,
          measure: `many reports (${total} × ${environments} envs): ${LABEL[mode]}, wall / per-env bound`,
          value: detail.ratio,
          unit: '×',
          ...(coordinated ? { budget: { max: 1.2, label: '≤ 1.2×' } } : {}),
          notes:
            `${round(r.wallMs / 1000, 1)} s vs ${round(boundMs / 1000, 1)} s (${busiest} calls of the busiest ` +
            `environment at 5 req/s); ${api.length} calls in all`,
        }),
        row({
          id: `${id}.429`,
          measure: `many reports (${total} × ${environments} envs): ${LABEL[mode]}, 429s / unrecovered`,
          value: unrecovered,
          unit: 'unrecovered',
          ...(coordinated ? { budget: { max: 0, label: '0' } } : {}),
          notes:
            `${detail.fake429} 429s from Mux; ${r.sectionsUnavailable} sections lost, ${r.reports - r.ok} reports ` +
            `failed${r.errors[0] ? ` (${r.errors[0]})` : ''}`,
        }),
      );
    }
    return { rows, details };
  } finally {
    await Promise.allSettled(fakes.map((f) => f.close()));
    rmSync(folder, { recursive: true, force: true });
  }
}
