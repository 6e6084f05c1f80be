/**
 * `npm run mux:fake -- --port 4010` — runs the fake Mux Data API until Ctrl-C.
 * Prints exactly `listening on http://127.0.0.1:4010` once ready (scripts wait for that line).
 */
import { parseArgs } from 'node:util';
import { PLANTABLE_HELP, parseRegression, REGRESSION_GRAMMAR, RegressionError } from './regressions.js';
import { type FakeMuxOptions, type FaultRule, startFakeMux } from './server.js';

const HELP = `Usage: npm run mux:fake -- [options]

Fake Mux Data API (api.mux.com paths, Basic auth, rate limits, deterministic synthetic data).

Options:
  --port N                    port to listen on (default 4010; 0 = random)
  --host H                    interface to bind (default 127.0.0.1)
  --seed N                    data seed (default 42)
  --now ISO                   pin the fake's clock (default: wall clock)
  --latency-ms N              delay every response by N ms
  --rate-limit N              Data API requests/second (default 5; 0 = off)
  --monitoring-rate-limit N   Monitoring API requests/second (default 1; 0 = off)
  --error-rate R              probability 0..1 of a random 500/502/503
  --fault SPEC                repeatable: <path-substring|*>=<status|hang|reset|malformed|plan-gated>[:rate]
  --scenario S                synthetic (default) | docs (serve the seed pages' example bodies) | platform
                              (1,200 customers on sub_property_id, cust-0001 the largest; fake-mux/platform.ts)
                              | hostile (viewer values replaced by the tests' hostile corpus)
  --retention-days N          days of data kept (default 100, Mux's standard retention)
  --retention-mode M          refuse (default: 400 for an older timeframe) | clamp (start moved to the oldest
                              day kept, echoed in the answer's timeframe)
  --token-id ID               expected token id (default $MUX_TOKEN_ID or fake-token-id)
  --token-secret SECRET       expected token secret (default $MUX_TOKEN_SECRET or fake-token-secret)
  --regression SPEC           repeatable: plant a known cause, ${REGRESSION_GRAMMAR}
                              e.g. browser:Safari:video_startup_time:+400 (the segment's views, in the window
                              only; default window: the last full ISO week, Monday 00:00 UTC, before --now;
                              override: @2026-11-23T00:00:00Z..2026-11-30T00:00:00Z, whole hours). Metrics:
${PLANTABLE_HELP.map((l) => `                                ${l}`).join('\n')}
  --quiet                     do not log requests
  -h, --help                  show this help
`;

class UsageError extends Error {}

function num(name: string, raw: string | undefined, min: number, max: number, integer = true): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `--${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got '${raw}'`,
    );
  }
  return n;
}

export function parseFault(spec: string): FaultRule {
  const m = /^(.+)=(\d{3}|hang|reset|malformed|plan-gated)(?::([0-9.]+))?$/.exec(spec);
  if (!m)
    throw new UsageError(
      `--fault must look like <path-substring>=<status|hang|reset|malformed|plan-gated>[:rate], got '${spec}'`,
    );
  const kind = /^\d{3}$/.test(m[2]!) ? Number(m[2]) : (m[2] as FaultRule['kind']);
  const rate = num('fault rate', m[3], 0, 1, false);
  return rate === undefined ? { match: m[1]!, kind } : { match: m[1]!, kind, rate };
}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  now: { type: 'string' },
  'latency-ms': { type: 'string' },
  'rate-limit': { type: 'string' },
  'monitoring-rate-limit': { type: 'string' },
  'error-rate': { type: 'string' },
  fault: { type: 'string', multiple: true },
  regression: { type: 'string', multiple: true },
  scenario: { type: 'string' },
  'retention-days': { type: 'string' },
  'retention-mode': { type: 'string' },
  'token-id': { type: 'string' },
  'token-secret': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): FakeMuxOptions | 'help' {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof FLAGS; strict: true; allowPositionals: false }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const scenario = v.scenario ?? 'synthetic';
  if (scenario !== 'synthetic' && scenario !== 'docs' && scenario !== 'platform' && scenario !== 'hostile')
    throw new UsageError(`--scenario must be synthetic, docs, platform or hostile, got '${scenario}'`);
  const retentionMode = v['retention-mode'] ?? 'refuse';
  if (retentionMode !== 'refuse' && retentionMode !== 'clamp')
    throw new UsageError(`--retention-mode must be refuse or clamp, got '${retentionMode}'`);
  let now: Date | undefined;
  if (v.now !== undefined) {
    now = new Date(v.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO date, got '${v.now}'`);
  }
  const data = num('rate-limit', v['rate-limit'], 0, 100_000, false) ?? 5;
  const monitoring = num('monitoring-rate-limit', v['monitoring-rate-limit'], 0, 100_000, false) ?? 1;
  const opts: FakeMuxOptions = {
    port: num('port', v.port, 0, 65_535) ?? 4010,
    host: v.host ?? '127.0.0.1',
    seed: num('seed', v.seed, 0, 2 ** 32 - 1) ?? 42,
    latencyMs: num('latency-ms', v['latency-ms'], 0, 600_000) ?? 0,
    errorRate: num('error-rate', v['error-rate'], 0, 1, false) ?? 0,
    // 0 turns a class off; both 0 disables rate limiting entirely.
    rateLimit: data === 0 && monitoring === 0 ? false : { data: data || 1e9, monitoring: monitoring || 1e9 },
    faults: (v.fault ?? []).map(parseFault),
    regressions: (v.regression ?? []).map((spec) => {
      try {
        return parseRegression(spec);
      } catch (err) {
        throw err instanceof RegressionError ? new UsageError(`--regression: ${err.message}`) : err;
      }
    }),
    scenario,
    retentionDays: num('retention-days', v['retention-days'], 1, 100_000) ?? 100,
    retentionMode,
    tokenId: v['token-id'] ?? env.MUX_TOKEN_ID ?? 'fake-token-id',
    tokenSecret: v['token-secret'] ?? env.MUX_TOKEN_SECRET ?? 'fake-token-secret',
    quiet: v.quiet ?? false,
  };
  if (now) opts.now = now;
  return opts;
}

async function main(): Promise<void> {
  let opts: FakeMuxOptions | 'help';
  try {
    opts = parseCli(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`mux:fake: ${err.message}\nRun with --help for the list of options.\n`);
    process.exit(2);
  }
  if (opts === 'help') {
    process.stdout.write(HELP);
    return;
  }
  let fake: Awaited<ReturnType<typeof startFakeMux>>;
  try {
    fake = await startFakeMux(opts);
  } catch (err) {
    // A regression whose value matches no view is only known once the seed's universe exists.
    if (!(err instanceof RegressionError)) throw err;
    process.stderr.write(`mux:fake: --regression: ${err.message}\n`);
    process.exit(2);
  }
  console.log(`listening on ${fake.url}`);
  const stop = () => {
    fake.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
