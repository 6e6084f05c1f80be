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
 * not the fakes' or tsx's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { ESM_REQUIRE_BANNER } from '../../infra/bundling.js';
import { type Row, row } from '../lib/budget.js';
import { failureReason, runChild } from '../lib/child.js';
import { strictBoundMs } from '../lib/rate-bound.js';
import { round } from '../lib/stats.js';
import { LATENCY_MS } from './api-efficiency.js';

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
}

export interface ScaleDetails {
  environments: number;
  reportsPerEnvironment: number;
  child: ScaleResult | null;
  fakeCalls: number;
  fake429: number;
  perEnvironmentBoundMs: number;
}

export async function measureScale(options: {
  environments: number;
  reportsPerEnvironment: number;
  repoRoot: string;
  log: (line: string) => void;
}): Promise<{ rows: Row[]; details: ScaleDetails }> {
  const { environments, reportsPerEnvironment } = options;
  const folder = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const fakes: FakeMux[] = [];
  const total = environments * reportsPerEnvironment;
  const label = `${total} reports × ${environments} envs`;
  try {
    const outfile = join(folder, 'scale-child.mjs');
    await build({
      entryPoints: [join(options.repoRoot, 'bench', 'children', 'scale-child.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      mainFields: ['module', 'main'],
      banner: { js: ESM_REQUIRE_BANNER },
      logLevel: 'error',
    });
    for (let i = 0; i < environments; i++) {
      fakes.push(await startFakeMux({ port: 0, latencyMs: LATENCY_MS, rateLimit: { data: 5, monitoring: 1 } }));
    }
    options.log(`  scale: ${label}`);
    const run = await runChild<ScaleResult>([outfile], {
      cwd: folder,
      env: {
        PATH: process.env['PATH'] ?? '',
        BENCH_SCALE: JSON.stringify({ urls: fakes.map((f) => f.url), reportsPerEnvironment }),
      },
      timeoutMs: 300_000,
    });
    const api = fakes.flatMap((f) => f.requests.filter((e) => e.path.startsWith('/data/v1/')));
    const fake429 = api.filter((e) => e.status === 429).length;
    const perEnvCalls = Math.max(
      ...fakes.map((f) => f.requests.filter((e) => e.path.startsWith('/data/v1/') && e.status !== 429).length),
    );
    const details: ScaleDetails = {
      environments,
      reportsPerEnvironment,
      child: run.result,
      fakeCalls: api.length,
      fake429,
      perEnvironmentBoundMs: strictBoundMs(perEnvCalls, { rate: 5, burst: 5 }, LATENCY_MS),
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
          notes: `one fake per environment, each 5 req/s; ${r.sectionsUnavailable} sections unavailable`,
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
