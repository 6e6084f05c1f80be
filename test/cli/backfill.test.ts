/**
 * `npm run backfill` in-process against the fake Mux (MUX_TOKEN_* + MUX_BASE_URL: the real-API path), into a local
 * archive and into s3rver next to SES and DynamoDB emulators: resume, --force, Mux's retention, no email, no
 * idempotency record, the progress output and the summary.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfillCli } from '../../cli/backfill.js';
import type { FakeMux } from '../../fake-mux/server.js';
import { createDynamoDbClient, createS3Client } from '../../functions/commons/aws/clients.js';
import { fanOutValues } from '../../functions/commons/pipeline/fan-out-values.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { useEnvironment } from '../../support/stage.js';
import { memoryStream } from '../helpers/memory-io.js';
import { credentials, historyConfig, NOW, startFake } from '../history/world.js';

let fake: FakeMux;
let dir: string;

async function backfill(args: string[], extraEnv: Record<string, string> = {}, config = historyConfig()) {
  const stdout = memoryStream();
  const stderr = memoryStream();
  const { tokenId, tokenSecret } = await credentials();
  const code = await runBackfillCli(
    args,
    {
      env: {
        REPORTS_CONFIG: JSON.stringify(config),
        MUX_TOKEN_ID: tokenId,
        MUX_TOKEN_SECRET: tokenSecret,
        MUX_BASE_URL: fake.url,
        ...extraEnv,
      },
      cwd: dir,
      stdout,
      stderr,
    },
    NOW,
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const weeksIn = async (root: string) =>
  (await readdir(path.join(root, 'snapshots', 'report=weekly-qoe', 'cadence=weekly'))).sort();

beforeAll(async () => {
  // Mux keeps 30 days here: of the 5 weeks before 25 Nov, the 2 oldest are refused.
  fake = await startFake({ retentionDays: 30 });
  dir = await mkdtemp(path.join(tmpdir(), 'backfill-'));
});
afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run backfill into a local archive', () => {
  it('writes the periods Mux still has, shows progress and a summary saying where they are', async () => {
    const r = await backfill(['--report', 'weekly-qoe', '--periods', '5', '--archive', 'arch']);
    expect(r.code, r.stderr).toBe(0);
    const progress = r.stderr.split('\n').filter((l) => l.startsWith('['));
    expect(progress.map((l) => l.replace(/^\[[█░]+\] /, ''))).toEqual([
      '1/5 2026-W43 refused',
      '2/5 2026-W44 refused',
      '3/5 2026-W45 written',
      '4/5 2026-W46 written',
      '5/5 2026-W47 written',
    ]);
    expect(progress[2]).toMatch(/^\[█{14}░{10}\]/);
    const out = r.stdout.trimEnd().split('\n');
    expect(out[0]).toMatch(
      /^Backfilled weekly-qoe: 3 written, 0 already archived \(skipped\), 2 refused by Mux, 0 failed · \d+ Mux calls · \d+\.\d s$/,
    );
    expect(out[1]).toMatch(/^ {2}2026-W43 refused: Mux Data refused period 2026-W43/);
    expect(out.at(-1)).toBe('Snapshots: arch/snapshots/report=weekly-qoe/');
    expect(await weeksIn(path.join(dir, 'arch'))).toEqual(['dt=2026-11-02', 'dt=2026-11-09', 'dt=2026-11-16']);
    const latest = JSON.parse(await readFile(path.join(dir, 'arch/snapshots/report=weekly-qoe/latest.json'), 'utf8'));
    expect(latest.periodKey).toBe('2026-W47');
  });

  it('resumes: periods already archived are skipped, without a Mux call', async () => {
    await rm(path.join(dir, 'arch/snapshots/report=weekly-qoe/cadence=weekly/dt=2026-11-09'), { recursive: true });
    const r = await backfill(['--report', 'weekly-qoe', '--periods', '3', '--archive', 'arch']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Backfilled weekly-qoe: 1 written, 2 already archived \(skipped\), 0 refused by Mux, 0 failed · 7 Mux calls/,
    );
    expect(r.stderr).toContain('1/3 2026-W45 already archived, skipped');
    expect(await weeksIn(path.join(dir, 'arch'))).toEqual(['dt=2026-11-02', 'dt=2026-11-09', 'dt=2026-11-16']);
  });

  it('--force regenerates them', async () => {
    const r = await backfill(['--report', 'weekly-qoe', '--periods', '2', '--archive', 'arch', '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Backfilled weekly-qoe: 2 written, 0 already archived/);
  });

  it('bad usage exits 2 and names the flag', async () => {
    const both = await backfill(['--report', 'weekly-qoe', '--archive', 'a', '--bucket', 'my-bucket']);
    expect([both.code, both.stderr]).toEqual([
      2,
      'backfill: --archive and --bucket are exclusive: one archive at a time (see --help)\n',
    ]);
    const zero = await backfill(['--report', 'weekly-qoe', '--periods', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--periods must be a whole number from 1 to 400, got "0"');
    const unknown = await backfill(['--report', 'nope']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown report "nope"')]);
  });
});

describe('npm run backfill of a fan-out report', () => {
  const fanOut = (values: string[] | { top: number; minViews: number }) => {
    const config = historyConfig();
    return {
      ...config,
      reports: config.reports.map((r) =>
        r.id === 'weekly-qoe' ? { ...r, fanOut: { dimension: 'country', values, recipients: {} } } : r,
      ),
    };
  };
  const segmentWeeks = async (root: string, segment: string) =>
    (await readdir(path.join(root, 'snapshots', 'report=weekly-qoe', `segment=${segment}`, 'cadence=weekly'))).sort();
  const snapshotOf = async (root: string, segment: string, dt: string) =>
    JSON.parse(
      await readFile(
        path.join(root, 'snapshots/report=weekly-qoe', `segment=${segment}`, 'cadence=weekly', dt, 'snapshot.json'),
        'utf8',
      ),
    );

  it('listed values: the whole report and each segment per period, each under its own key, oldest first', async () => {
    const config = fanOut(['US', 'FR']);
    const r = await backfill(['--report', 'weekly-qoe', '--periods', '2', '--archive', 'fan'], {}, config);
    expect(r.code, r.stderr).toBe(0);
    const progress = r.stderr.split('\n').filter((l) => l.startsWith('['));
    expect(progress.map((l) => l.replace(/^\[[█░]+\] /, ''))).toEqual([
      '1/6 2026-W46 written',
      '2/6 2026-W46 [US] written',
      '3/6 2026-W46 [FR] written',
      '4/6 2026-W47 written',
      '5/6 2026-W47 [US] written',
      '6/6 2026-W47 [FR] written',
    ]);
    expect(r.stdout).toMatch(/^Backfilled weekly-qoe and 2 segments: 6 written, 0 already archived/);
    const root = path.join(dir, 'fan');
    expect(await weeksIn(root)).toEqual(['dt=2026-11-09', 'dt=2026-11-16']);
    for (const segment of ['US', 'FR']) {
      expect(await segmentWeeks(root, segment)).toEqual(['dt=2026-11-09', 'dt=2026-11-16']);
      const last = await snapshotOf(root, segment, 'dt=2026-11-16');
      expect(last.report.segment).toEqual({ dimension: 'country', value: segment });
      expect(last.report.filters).toContain(`country:${segment}`);
      // Its history read its own week before, written just before it.
      expect(last.history.archived).toBe(1);
    }
    // Each segment's numbers are its own, not the whole report's.
    const whole = JSON.parse(
      await readFile(path.join(root, 'snapshots/report=weekly-qoe/cadence=weekly/dt=2026-11-16/snapshot.json'), 'utf8'),
    );
    const us = await snapshotOf(root, 'US', 'dt=2026-11-16');
    expect(us.headline.totalViews).toBeLessThan(whole.headline.totalViews);

    // Resumable: everything is there, nothing is fetched again (one listing per report or segment).
    const again = await backfill(['--report', 'weekly-qoe', '--periods', '2', '--archive', 'fan'], {}, config);
    expect(again.stdout).toMatch(
      /: 0 written, 6 already archived \(skipped\), 0 refused by Mux, 0 failed · 0 Mux calls/,
    );
  });

  it('--segment backfills that segment only (--force regenerates it); a segment not listed is bad usage', async () => {
    const config = fanOut(['US', 'FR']);
    const one = await backfill(
      ['--report', 'weekly-qoe', '--periods', '3', '--archive', 'fan', '--segment', 'US'],
      {},
      config,
    );
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^Backfilled weekly-qoe \[US\]: 1 written, 2 already archived \(skipped\)/);
    expect(one.stdout.trimEnd().split('\n').at(-1)).toBe('Snapshots: fan/snapshots/report=weekly-qoe/segment=US/');
    expect(await segmentWeeks(path.join(dir, 'fan'), 'US')).toEqual([
      'dt=2026-11-02',
      'dt=2026-11-09',
      'dt=2026-11-16',
    ]);
    expect(await segmentWeeks(path.join(dir, 'fan'), 'FR')).toEqual(['dt=2026-11-09', 'dt=2026-11-16']);
    const forced = await backfill(
      ['--report', 'weekly-qoe', '--periods', '1', '--archive', 'fan', '--segment', 'US', '--force'],
      {},
      config,
    );
    expect(forced.stdout).toMatch(/^Backfilled weekly-qoe \[US\]: 1 written, 0 already archived/);

    const unlisted = await backfill(['--report', 'weekly-qoe', '--archive', 'fan', '--segment', 'DE'], {}, config);
    expect([unlisted.code, unlisted.stderr]).toEqual([
      2,
      'backfill: report "weekly-qoe" has no segment "DE" (fanOut.values: US, FR) (see --help)\n',
    ]);
    const plain = await backfill(['--report', 'weekly-qoe', '--archive', 'fan', '--segment', 'US']);
    expect([plain.code, plain.stderr]).toEqual([
      2,
      'backfill: report "weekly-qoe" has no fanOut: it has no segment "US" (see --help)\n',
    ]);
  });

  it('{ top }: the segments of each period are the ones the scheduled run would pick for it', async () => {
    const config = fanOut({ top: 2, minViews: 0 });
    // 2026-W44 is older than the fake's 30 days: the whole report and its listing are refused, nothing fails.
    const r = await backfill(['--report', 'weekly-qoe', '--periods', '4', '--archive', 'top'], {}, config);
    expect(r.code, r.stderr).toBe(0);
    const { tokenId, tokenSecret } = await credentials();
    for (const [key, dt] of [
      ['2026-W46', 'dt=2026-11-09'],
      ['2026-W47', 'dt=2026-11-16'],
    ] as const) {
      const picked = await fanOutValues({
        config,
        reportId: 'weekly-qoe',
        period: { kind: 'spec', spec: key },
        credentials: async () => ({ tokenId, tokenSecret }),
        now: NOW,
        baseUrl: fake.url,
      });
      expect(picked).toHaveLength(2);
      for (const segment of picked) expect(await segmentWeeks(path.join(dir, 'top'), segment)).toContain(dt);
    }
    const out = r.stdout.split('\n');
    expect(out[0]).toMatch(
      /^Backfilled weekly-qoe and 2 segments: 9 written, 0 already archived \(skipped\), 2 refused by Mux, 0 failed/,
    );
    expect(out[1]).toMatch(/^ {2}2026-W44 \[\*\] refused: listing the top segments: Mux API 400 .*retention/);
    expect(out[2]).toMatch(/^ {2}2026-W44 refused: Mux Data refused period 2026-W44/);
  });
});

describe('npm run backfill into a bucket (s3rver, with SES and DynamoDB running)', () => {
  let aws: LocalAws;
  let restore: () => void;
  beforeAll(async () => {
    aws = await startLocalAws({ s3: { buckets: ['backfill-bucket'] }, ses: true, dynamodb: true });
    await aws.createTable('backfill-idempotency');
    // The standard credential chain and endpoint resolution of the SDK: here, the emulators' variables.
    restore = useEnvironment(aws.env);
  }, 30_000);
  afterAll(async () => {
    restore?.();
    await aws?.close();
  });

  it('archives the snapshots, sends no email and records nothing for idempotency', async () => {
    const r = await backfill(['--report', 'weekly-qoe', '--periods', '2', '--bucket', 'backfill-bucket']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Snapshots: s3://backfill-bucket/snapshots/report=weekly-qoe/');
    const listed = await createS3Client({ endpoint: aws.endpoints.s3! }).send(
      new ListObjectsV2Command({ Bucket: 'backfill-bucket' }),
    );
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([
      'snapshots/report=weekly-qoe/cadence=weekly/dt=2026-11-09/snapshot.json',
      'snapshots/report=weekly-qoe/cadence=weekly/dt=2026-11-16/snapshot.json',
      'snapshots/report=weekly-qoe/latest.json',
    ]);
    expect(await aws.sesStore()).toEqual([]);
    expect(aws.sesRaw()).toEqual([]);
    const scan = await createDynamoDbClient({ endpoint: aws.endpoints.dynamodb! }).send(
      new ScanCommand({ TableName: 'backfill-idempotency' }),
    );
    expect(scan.Count).toBe(0);
  });
});
