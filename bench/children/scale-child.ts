/**
 * Child process of §4 (bundled by esbuild and run with plain node, so its RSS is the generators'
 * alone: no tsx, no fake servers). Generates `reportsPerEnvironment` weekly reports in each of
 * `urls.length` environments, all at once, and prints the outcome on a `BENCH_RESULT` line.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateReport } from '../../functions/commons/pipeline/generate.js';
import { FAKE_CREDENTIALS } from '../../support/fake-credentials.js';
import { environmentIndex, scaleConfig } from '../lib/scale-config.js';

interface Input {
  urls: string[];
  reportsPerEnvironment: number;
}

const input = JSON.parse(process.env['BENCH_SCALE'] ?? '{}') as Input;
const config = scaleConfig(input.urls.length, input.reportsPerEnvironment);

// Event-loop delay: a request whose token was taken during a stall leaves late, and the client's 200 ms jitter
// margin is all that absorbs it (on a loaded 2-core machine this process can wait hundreds of ms for a core).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);

const t0 = performance.now();
const results = await Promise.allSettled(
  config.reports.map((report) =>
    generateReport({
      config,
      reportId: report.id,
      period: { kind: 'spec', spec: null },
      credentials: async () => FAKE_CREDENTIALS,
      baseUrl: input.urls[environmentIndex(report.environment)]!,
    }),
  ),
);
const wallMs = performance.now() - t0;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const ok = results.filter((r) => r.status === 'fulfilled');
const errors = results.flatMap((r) =>
  r.status === 'rejected' ? [String((r.reason as Error)?.message ?? r.reason)] : [],
);
const out = {
  wallMs,
  reports: results.length,
  ok: ok.length,
  errors: errors.slice(0, 3),
  calls: ok.reduce((n, r) => n + r.value.snapshot.cost.calls, 0),
  rateLimited: ok.reduce((n, r) => n + r.value.snapshot.cost.rateLimited, 0),
  sectionsUnavailable: ok.reduce(
    (n, r) => n + Object.values(r.value.snapshot.sections).filter((s) => s === 'unavailable').length,
    0,
  ),
  sampledPeakRssMB: peakRss / 1024 / 1024,
  loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  loopDelayMaxMs: loopDelay.max / 1e6,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
process.exit(0);
