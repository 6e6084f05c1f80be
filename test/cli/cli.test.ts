/**
 * The local CLI as a user runs it: real child processes (`tsx cli/demo.ts`, `tsx cli/report.ts`) from the
 * repo root, with no MUX_TOKEN_* so the embedded fake Mux answers. Plus in-process checks of argument
 * parsing and of the real-API path (MUX_TOKEN_* set, MUX_BASE_URL → a fake with other credentials).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../cli/args.js';
import { runCli } from '../../cli/main.js';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { isoWeekOf } from '../../functions/commons/period/index.js';
import { renderEmail } from '../../functions/commons/render/index.js';
import { snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import { memoryStream } from '../helpers/memory-io.js';
import { freshShellEnv, type ProcessRun, runProcess } from '../helpers/run-process.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

const run = (script: 'cli/demo.ts' | 'cli/report.ts', args: string[], timeoutMs = 30_000): Promise<ProcessRun> =>
  runProcess(TSX, [script, ...args], { cwd: REPO_ROOT, env: freshShellEnv(), timeoutMs });

describe('npm run demo', () => {
  let dir: string;
  let demo: ProcessRun;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cli-demo-'));
    demo = await run('cli/demo.ts', ['--out', dir, '--archive', path.join(dir, 'archive')]);
  }, 40_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0, reports progress on stderr and ends stdout with a summary and the four paths', () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toMatch(/Starting fake Mux Data API on 127\.0\.0\.1… listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(demo.stderr).toMatch(
      /Collecting weekly-qoe for week of \d{1,2} \w{3} \d{4} \(Europe\/Paris\)… \d+ Mux calls/,
    );
    const lines = demo.stdout.trimEnd().split('\n');
    expect(lines.slice(-4)).toEqual(
      ['report.html', 'report.txt', 'snapshot.json', 'message.eml'].map((f) => path.join(dir, f)),
    );
    expect(lines.at(-5)).toMatch(/ · \d+ fake Mux calls · \d+\.\d s · email \d+\.\d KiB$/);
  });

  it('writes a valid, pretty-printed snapshot of last week', async () => {
    const text = await readFile(path.join(dir, 'snapshot.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"/);
    const snapshot = snapshotSchema.parse(JSON.parse(text));
    expect(snapshot.report.id).toBe('weekly-qoe');
    expect(snapshot.period.cadence).toBe('weekly');
    // Last full ISO week in Paris: ended before now, started within the last 14 days.
    const now = Date.now();
    expect(snapshot.period.endEpoch * 1000).toBeLessThanOrEqual(now);
    expect(now - snapshot.period.startEpoch * 1000).toBeLessThan(14 * 86_400_000);
    expect(snapshot.headline.hasViews).toBe(true);
    expect(snapshot.headline.totalViews).toBeGreaterThan(1000);
    expect(snapshot.archiveLocation).toBe(path.join(dir, 'snapshot.json'));
    // The summary line starts with the same headline.
    expect(demo.stdout).toContain(`${snapshot.headline.text} · ${snapshot.cost.calls} fake Mux calls`);
  });

  it('writes the email as HTML, text and a parseable MIME message', async () => {
    const snapshot = snapshotSchema.parse(JSON.parse(await readFile(path.join(dir, 'snapshot.json'), 'utf8')));
    const html = await readFile(path.join(dir, 'report.html'), 'utf8');
    const text = await readFile(path.join(dir, 'report.txt'), 'utf8');
    // Headline text is HTML-escaped in the page; compare on a fragment without special characters.
    const fragment = snapshot.headline.text.split(/[(&<>"']/)[0]!.trim();
    expect(fragment.length).toBeGreaterThan(10);
    expect(html).toContain(fragment);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(text).toContain(fragment);

    const eml = await readFile(path.join(dir, 'message.eml'));
    const mail = await simpleParser(eml);
    // The same subject the product sends for this snapshot (the renderer owns its wording).
    expect(mail.subject).toBe(renderEmail(snapshot).subject);
    expect(mail.subject).toContain(snapshot.period.label);
    expect(mail.text).toContain(fragment);
    expect(typeof mail.html === 'string' && mail.html.includes(fragment)).toBe(true);
    expect(mail.from?.text).toBe('qoe-reports@example.com');
    expect(mail.headers.get('x-report-id')).toBe('weekly-qoe');
    expect(mail.headers.get('x-report-period')).toBe(snapshot.period.key);
    expect(eml.length).toBeGreaterThan(html.length / 2);
  });
});

describe('npm run report: usage errors (exit 2, one line on stderr)', () => {
  it('--help documents every flag and the Mux env vars', async () => {
    const r = await run('cli/report.ts', ['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--report', '--period', '--out', '--config', '--fake', '--verbose', '--help']) {
      expect(r.stdout).toContain(flag);
    }
    for (const env of ['MUX_TOKEN_ID', 'MUX_TOKEN_SECRET', 'MUX_BASE_URL']) expect(r.stdout).toContain(env);
  });

  it('an unknown flag', async () => {
    const r = await run('cli/report.ts', ['--report', 'weekly-qoe', '--perod', 'last']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('report: unknown option --perod; did you mean --period? (see --help)\n');
    expect(r.stdout).toBe('');
  });

  it('an unknown report, with a suggestion', async () => {
    const r = await run('cli/report.ts', ['--report', 'weekly-qeo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^report: no report with id "weekly-qeo"; did you mean "weekly-qoe"\?/m);
  });

  it('a week older than Mux keeps: Mux refuses it, the message names the period and quotes Mux', async () => {
    const { year, week } = isoWeekOf(new Date(Date.now() - 130 * 86_400_000), 'Europe/Paris');
    const spec = `${year}-W${String(week).padStart(2, '0')}`;
    const r = await run('cli/report.ts', ['--report', 'weekly-qoe', '--period', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^report: failed: Mux Data refused period ${spec} \\(week of .*outside the 100-day data retention window`,
        'm',
      ),
    );
  });
});

describe('argument parsing', () => {
  it('fills defaults per command', () => {
    expect(parseCliArgs('demo', [])).toEqual({
      command: 'demo',
      reportId: 'weekly-qoe',
      period: null,
      outDir: null,
      archiveDir: null,
      configPath: null,
      fake: true,
      verbose: false,
    });
    expect(parseCliArgs('report', ['-r', 'monthly-exec', '-p', '2026-10', '-o', 'x', '--fake', '-v'])).toMatchObject({
      reportId: 'monthly-exec',
      period: '2026-10',
      outDir: 'x',
      fake: true,
      verbose: true,
    });
    expect(parseCliArgs('report', ['daily-player-web'])).toMatchObject({ reportId: 'daily-player-web', fake: false });
    expect(parseCliArgs('report', ['-r', 'x', '--help'])).toBe('help');
  });

  it.each([
    [[], /--report <id> is required/],
    [['--report'], /--report needs a value/],
    [['--report', ' '], /--report must not be empty/],
    [['a', 'b'], /unexpected arguments: b/],
    [['a', '--report', 'b'], /two report ids/],
  ])('report %j is a usage error', (argv, message) => {
    expect(() => parseCliArgs('report', argv)).toThrow(UsageError);
    expect(() => parseCliArgs('report', argv)).toThrow(message);
  });

  it('the demo has no --fake (it always is)', () => {
    expect(() => parseCliArgs('demo', ['--fake'])).toThrow(UsageError);
  });
});

describe('npm run report against "real" Mux (MUX_TOKEN_* set)', () => {
  let fake: FakeMux;
  beforeAll(async () => {
    fake = await startFakeMux({ port: 0, host: '127.0.0.1', tokenId: 'real-id', tokenSecret: 'real-secret' });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('uses MUX_BASE_URL, exits 1 on a rejected token and never prints the secret', async () => {
    const stdout = memoryStream();
    const stderr = memoryStream();
    const dir = await mkdtemp(path.join(tmpdir(), 'cli-real-'));
    try {
      const code = await runCli('report', ['weekly-qoe', '--out', dir], {
        env: { MUX_TOKEN_ID: 'wrong-token-id', MUX_TOKEN_SECRET: 'TOP-SECRET-VALUE', MUX_BASE_URL: `${fake.url}/` },
        cwd: REPO_ROOT,
        stdout,
        stderr,
      });
      expect(code).toBe(1);
      expect(stderr.text()).toContain(`Using the Mux Data API at ${fake.url} (MUX_TOKEN_ID wrong-…`);
      expect(stderr.text()).toMatch(/^report: failed: .*401/m);
      expect(stderr.text()).not.toContain('    at ');
      expect(stderr.text() + stdout.text()).not.toContain('TOP-SECRET-VALUE');
      expect(stdout.text()).toBe('');
      // It really went to MUX_BASE_URL (not to the embedded fake).
      expect(fake.requests.length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('only one of the two token variables is a usage error', async () => {
    const stderr = memoryStream();
    const code = await runCli('report', ['weekly-qoe'], {
      env: { MUX_TOKEN_SECRET: 'TOP-SECRET-VALUE' },
      cwd: REPO_ROOT,
      stdout: memoryStream(),
      stderr,
    });
    expect(code).toBe(2);
    expect(stderr.text()).toMatch(/MUX_TOKEN_SECRET is set but MUX_TOKEN_ID is not/);
    expect(stderr.text()).not.toContain('TOP-SECRET-VALUE');
  });
});
