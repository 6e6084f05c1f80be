/**
 * Child process of the "many reports" row (bundled, plain node). Generates every report of `queueBenchConfig`
 * in one of three designs, all due at once, and prints the outcome on a `BENCH_RESULT` line:
 * - `per-report`: today's design, every report at once with its own token bucket (one Lambda per report);
 * - `queue-warm`: the queue's semantics (SQS FIFO, one message group per environment, batch size 1): each
 *   environment's reports one after another, environments in parallel, sharing the environment's limiter as a
 *   warm container does;
 * - `queue-cold`: the same, but every report with a fresh limiter (each message on a new container).
 */
import { generateReport } from '../../functions/commons/pipeline/generate.js';
import { FAKE_CREDENTIALS } from '../../support/fake-credentials.js';
import { fakeIndexOf, queueBenchConfig } from '../lib/queue-config.js';

interface Input {
  urls: string[];
  reportsPerEnvironment: number;
  mode: 'per-report' | 'queue-warm' | 'queue-cold';
}

const input = JSON.parse(process.env['BENCH_QUEUE'] ?? '{}') as Input;
const config = queueBenchConfig(input.urls.length, input.reportsPerEnvironment, input.mode !== 'queue-warm');

const run = (reportId: string) =>
  generateReport({
    config,
    reportId,
    period: { kind: 'spec', spec: null },
    credentials: async () => FAKE_CREDENTIALS,
    baseUrl: input.urls[fakeIndexOf(reportId)]!,
  });
type Outcome = PromiseSettledResult<Awaited<ReturnType<typeof run>>>;

const t0 = performance.now();
let results: Outcome[];
if (input.mode === 'per-report') {
  results = await Promise.allSettled(config.reports.map((r) => run(r.id)));
} else {
  const groups = input.urls.map((_, i) => config.reports.filter((r) => fakeIndexOf(r.id) === i));
  const perGroup = await Promise.all(
    groups.map(async (reports) => {
      const out: Outcome[] = [];
      for (const report of reports) out.push(...(await Promise.allSettled([run(report.id)])));
      return out;
    }),
  );
  results = perGroup.flat();
}
const wallMs = performance.now() - t0;

const ok = results.filter((r) => r.status === 'fulfilled');
const out = {
  wallMs,
  reports: results.length,
  ok: ok.length,
  errors: results
    .flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error)?.message ?? r.reason)] : []))
    .slice(0, 3),
  sectionsUnavailable: ok.reduce(
    (n, r) => n + Object.values(r.value.snapshot.sections).filter((s) => s === 'unavailable').length,
    0,
  ),
  rateLimitedSeenByClients: ok.reduce((n, r) => n + r.value.snapshot.cost.rateLimited, 0),
};
process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
process.exit(0);
