/**
 * Errors, never traces: every command, run as a user runs it (a child process from the repo root), answers a bad
 * flag, port, path or configuration with ONE clear line on stderr and a non-zero exit code, never a stack trace;
 * `--help` prints its usage, exits 0 and starts nothing (nothing on stderr: no fake Mux, no server).
 *
 * One row per command and input: a new command adds its rows to BAD and HELP. Each row is a fresh process that
 * answers in a second or two on an idle machine; they run side by side. `synth` is the CDK app as
 * `cdk synth` runs it (`tsx infra/app.ts`, context through CDK_CONTEXT_JSON as the CDK CLI passes it); its `--help`
 * is the CDK CLI's own.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshShellEnv, type ProcessRun, runProcess } from '../helpers/run-process.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Replaced in a row's args and env when the test runs. */
const BAD_CONFIG = '<bad-config>';
const BUSY_PORT = '<busy-port>';
const MISSING_DIR = '<missing-dir>';

interface BadRow {
  command: string;
  script: string;
  args: string[];
  env?: Record<string, string>;
  code: number;
  /** The one line on stderr. */
  line: RegExp;
}

const BAD: BadRow[] = [
  {
    command: 'demo',
    script: 'cli/demo.ts',
    args: ['--repot', 'weekly-qoe'],
    code: 2,
    line: /^demo: unknown option --repot; did you mean --report\? \(see --help\)$/,
  },
  {
    command: 'demo',
    script: 'cli/demo.ts',
    args: ['--config', 'missing.jsonc'],
    code: 1,
    line: /^demo: failed: cannot load configuration in missing\.jsonc: cannot read .*missing\.jsonc: file not found$/,
  },
  {
    command: 'report',
    script: 'cli/report.ts',
    args: ['--report', 'weekly-qoe', '--config', BAD_CONFIG],
    code: 1,
    line: /^report: failed: invalid configuration in .*: reports\[weekly-qoe\]\.topN\.failedViews: must be at least 0$/,
  },
  {
    command: 'report',
    script: 'cli/report.ts',
    args: ['--report'],
    code: 2,
    line: /^report: --report needs a value \(see --help\)$/,
  },
  {
    command: 'report',
    script: 'cli/report.ts',
    args: ['--report', 'weekly-qoe', '--period', 'someday'],
    code: 2,
    line: /^report: .*someday.* \(see --help\)$/,
  },
  {
    command: 'preview',
    script: 'cli/preview.ts',
    args: ['--port', 'abc'],
    code: 2,
    line: /^preview: --port must be a whole number from 0 to 65535, got "abc" \(see --help\)$/,
  },
  {
    command: 'preview',
    script: 'cli/preview.ts',
    args: ['--port', BUSY_PORT],
    code: 1,
    line: /^preview: failed: port \d+ of 127\.0\.0\.1 is in use by another program: choose another with --port$/,
  },
  {
    command: 'preview',
    script: 'cli/preview.ts',
    args: ['--port', '0', '--config', BAD_CONFIG],
    code: 1,
    line: /^preview: failed: invalid configuration in .*: reports\[weekly-qoe\]\.topN\.failedViews: must be at least 0$/,
  },
  {
    command: 'backfill',
    script: 'cli/backfill.ts',
    args: ['--report', 'weekly-qoe', '--periods', 'twelve'],
    code: 2,
    line: /^backfill: --periods must be a whole number from 1 to 400, got "twelve" \(see --help\)$/,
  },
  {
    command: 'backfill',
    script: 'cli/backfill.ts',
    args: ['--report', 'weekly-qoe', '--config', BAD_CONFIG],
    code: 1,
    line: /^backfill: failed: invalid configuration in .*: reports\[weekly-qoe\]\.topN\.failedViews: must be at least 0$/,
  },
  {
    command: 'query',
    script: 'cli/query.ts',
    args: ['SELECT 1', '--archive', MISSING_DIR],
    code: 2,
    line: /^query: --archive .* does not exist \(see --help\)$/,
  },
  {
    command: 'query',
    script: 'cli/query.ts',
    args: ['SELECT 1', '--arhcive', 'out/archive'],
    code: 2,
    line: /^query: unknown option --arhcive; did you mean --archive\? \(see --help\)$/,
  },
  {
    command: 'bench',
    script: 'bench/run.ts',
    args: ['--quik'],
    code: 2,
    line: /^bench: unknown option --quik; did you mean --quick\? \(see --help\)$/,
  },
  {
    command: 'bench',
    script: 'bench/run.ts',
    args: ['--only=colds'],
    code: 2,
    line: /^bench: unknown --only section\(s\): colds \(sections: .*\) \(see --help\)$/,
  },
  {
    command: 'synth',
    script: 'infra/app.ts',
    args: [],
    env: { CDK_CONTEXT_JSON: JSON.stringify({ configPath: BAD_CONFIG }) },
    code: 1,
    line: /^synth: invalid configuration in .*: reports\[weekly-qoe\]\.topN\.failedViews: must be at least 0$/,
  },
  {
    command: 'synth',
    script: 'infra/app.ts',
    args: [],
    env: { CDK_CONTEXT_JSON: JSON.stringify({ configPath: 'missing.jsonc' }) },
    code: 1,
    line: /^synth: cannot load configuration in missing\.jsonc: cannot read .*missing\.jsonc: file not found$/,
  },
];

const HELP: { command: string; script: string; usage: RegExp }[] = [
  { command: 'demo', script: 'cli/demo.ts', usage: /^Usage: npm run demo\b/ },
  { command: 'report', script: 'cli/report.ts', usage: /^Usage: npm run report\b/ },
  { command: 'preview', script: 'cli/preview.ts', usage: /^Usage: npm run preview\b/ },
  { command: 'backfill', script: 'cli/backfill.ts', usage: /^Usage: npm run backfill\b/ },
  { command: 'query', script: 'cli/query.ts', usage: /^Usage: npm run query\b/ },
  { command: 'bench', script: 'bench/run.ts', usage: /^Usage: npm run bench\b/ },
];

/** A line of a JavaScript stack trace. */
const STACK_LINE = /^\s+at /m;

/** `node --import tsx <script>` (what the tsx CLI starts, without the CLI's own extra process), on this test's Node. */
const run = (script: string, args: string[], env: Record<string, string> = {}): Promise<ProcessRun> =>
  runProcess(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: freshShellEnv(env),
    timeoutMs: 100_000,
  });

let dir: string;
let busy: http.Server;
const values = new Map<string, string>();
const fill = (text: string) => [...values].reduce((t, [token, value]) => t.split(token).join(value), text);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-errors-'));
  const badConfig = path.join(dir, 'bad.config.json');
  await writeFile(
    badConfig,
    JSON.stringify({
      environments: [{ name: 'demo' }],
      reports: [
        {
          id: 'weekly-qoe',
          title: 'Weekly',
          environment: 'demo',
          recipients: ['team@example.com'],
          from: 'reports@example.com',
          topN: { failedViews: -1 },
        },
      ],
    }),
  );
  busy = http.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  values.set(BAD_CONFIG, badConfig);
  values.set(BUSY_PORT, String((busy.address() as AddressInfo).port));
  values.set(MISSING_DIR, path.join(dir, 'no-such-archive'));
});
afterAll(async () => {
  busy?.closeAllConnections();
  await new Promise<void>((resolve) => (busy ? busy.close(() => resolve()) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Each row is a child process that mostly waits on its own start-up: run them side by side.
describe.concurrent('bad input: one clear line, a non-zero exit, no stack trace', () => {
  it.each(BAD)(
    '$command $args',
    async (row) => {
      const env = Object.fromEntries(Object.entries(row.env ?? {}).map(([k, v]) => [k, fill(v)]));
      const r = await run(row.script, row.args.map(fill), env);
      const output = `${r.stdout}${r.stderr}`;
      expect(output, output).not.toMatch(STACK_LINE);
      expect(r.code, output).toBe(row.code);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), output).toEqual([expect.stringMatching(row.line)]);
    },
    60_000,
  );
});

describe.concurrent('--help: usage on stdout, exit 0, nothing started', () => {
  it.each(HELP)(
    '$command --help',
    async (row) => {
      const r = await run(row.script, ['--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(row.usage);
      expect(r.stdout).toContain('--help');
      expect(r.stderr).toBe('');
    },
    60_000,
  );
});
