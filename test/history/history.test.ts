/**
 * The history section against real archives: a local one backfilled from the fake Mux (a planted startup-time
 * regression in the reported week), its copy in s3rver, gaps, corrupt and older-schema snapshots, and no archive.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfill } from '../../cli/backfill-run.js';
import type { FakeMux } from '../../fake-mux/server.js';
import { createS3Client } from '../../functions/commons/aws/clients.js';
import { findReport } from '../../functions/commons/config/load.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { generateReport, resolvePeriod } from '../../functions/commons/pipeline/generate.js';
import { type ArchiveReader, localArchive, s3Archive } from '../../functions/commons/report/archive-reader.js';
import { LocalSnapshotStore } from '../../functions/commons/report/snapshot-store-local.js';
import type { SnapshotArchive } from '../../functions/commons/sections/archive.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { asSeen } from '../helpers/look.js';
import { credentials, historyConfig, NOW, REPORT_ID, startFake } from './world.js';

const config = historyConfig();
const report = findReport(config, REPORT_ID);
const period = resolvePeriod(report, { kind: 'spec', spec: null }, NOW);
/** 9 archived weeks before the reported one: the 2 oldest of the 11 shown before it are gaps; ≥ 8 give a band. */
const BACKFILLED = 9;

/** The text and HTML parts wrap lines: compare with whitespace collapsed (the HTML's no-break spaces as spaces). */
const flat = (s: string): string => asSeen(s).replace(/\s+/g, ' ');

let fake: FakeMux;
let dir: string;

const history = async (archive: SnapshotArchive | null, over: { config?: Config; segment?: string } = {}) => {
  const g = await generateReport({
    config: over.config ?? config,
    reportId: REPORT_ID,
    period: { kind: 'spec', spec: null },
    credentials,
    now: NOW,
    baseUrl: fake.url,
    archive,
    ...(over.segment === undefined ? {} : { segment: over.segment }),
  });
  return { part: g.snapshot.history, email: g.email };
};

beforeAll(async () => {
  // US is about a third of the fake's views: +3 s on each of its views moves the org median far out of its band.
  fake = await startFake({ regressions: ['country:US:video_startup_time:+3000'] });
  dir = await mkdtemp(path.join(tmpdir(), 'history-'));
  const result = await runBackfill({
    config,
    reportId: REPORT_ID,
    periods: BACKFILLED,
    force: false,
    store: new LocalSnapshotStore(dir),
    archive: localArchive(dir),
    credentials,
    baseUrl: fake.url,
    now: NOW,
    endBefore: period,
    out: { write: () => true },
  });
  expect(result.count).toEqual({ written: BACKFILLED, skipped: 0, refused: 0, failed: 0 });
}, 30_000);

afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('history from the local archive', () => {
  let local: Awaited<ReturnType<typeof history>>;
  let reader: ArchiveReader;
  beforeAll(async () => {
    reader = localArchive(dir);
    local = await history(reader);
  });

  it('12 weekly points per series, oldest first, this week last; missing weeks are gaps, never zeros', () => {
    const { part } = local;
    expect(part).toMatchObject({ status: 'ok', reason: null, cadence: 'weekly', periods: 12, archived: BACKFILLED });
    // The score, views, then the first three distinct metrics of weekly-qoe's keyMetrics (startup time at its
    // first measurement, the median; its 95th counts as the same metric).
    expect(part.series.map((s) => [s.metric, s.measurement])).toEqual([
      ['viewer_experience_score', null],
      ['views', null],
      ['playback_failure_percentage', null],
      ['exits_before_video_start', null],
      ['video_startup_time', 'median'],
    ]);
    for (const s of part.series) {
      expect(s.points).toHaveLength(12);
      expect(s.points.map((p) => p.start)).toEqual([...s.points.map((p) => p.start)].sort());
      expect(s.points.at(-1)).toMatchObject({ key: period.key, current: true });
      // The two oldest weeks were never archived.
      expect(s.points.slice(0, 2).map((p) => [p.value, p.display])).toEqual([
        [null, 'no data'],
        [null, 'no data'],
      ]);
      expect(s.points.slice(2).every((p) => typeof p.value === 'number' && p.value > 0)).toBe(true);
      expect(s.band?.periods).toBe(BACKFILLED);
      // Nothing archived a year back.
      expect(s.lastYear).toBeNull();
    }
    // The two weeks before the archive began are not drawn, in the email or in the text.
    expect(local.email.text).not.toMatch(/\(no data\)/);
  });

  it('every series is a column chart in the HTML and rows in the text, from the first archived week on', () => {
    const { part, email } = local;
    // One chart per series, one column per week from the first archived one (this one included), each with a bar.
    expect(email.html.match(/<table class="ch" role="img"/g)).toHaveLength(part.series.length);
    expect(email.html.match(/<td class="cl /g)).toHaveLength(part.series.length * (BACKFILLED + 1));
    expect(email.html.match(/border-width:\d+px 1px [1-9]\d*px 0/g)).toHaveLength(
      part.series.length * (BACKFILLED + 1),
    );
    expect(flat(email.html)).toContain(
      `Since ${part.series[0]!.points[2]!.label}: ${BACKFILLED} earlier weeks archived`,
    );
    for (const s of part.series) {
      expect(flat(email.html)).toContain(`<h3>${s.label}</h3>`);
      expect(email.text).toContain(`\n${s.label}\n`);
      // This week's value is said under the chart, and every value is in the chart's accessible name.
      const now = s.points.at(-1)!;
      expect(flat(email.html)).toContain(`This week ${now.display}`);
      expect(flat(email.html)).toContain(`this one ${now.display}"`);
    }
    // Five bar tables in the text part, 10 rows each.
    expect(email.text.match(/^Period\s+Value$/gm)).toHaveLength(5);
    expect(email.html).not.toContain('Key metrics</h3>');
  });

  it('flags the planted regression in plain words, in the email and the text', () => {
    const startup = local.part.series.find((s) => s.metric === 'video_startup_time')!;
    expect(startup.outside).toBe('above');
    expect(startup.points.at(-1)!.value).toBeGreaterThan(startup.band!.high);
    const flag =
      /Video startup time \(median\) [\d.]+ s this week is above its normal range \([\d.]+ s to [\d.]+ s over the last 9 weeks\): worse than usual\./;
    expect(flat(local.email.text)).toMatch(flag);
    expect(flat(local.email.html)).toMatch(flag);
  });

  it('history.periods: a shorter history reads fewer periods; a longer one is all in the snapshot, charted from the first archived period', async () => {
    const withPeriods = (periods: number) => ({
      ...config,
      reports: config.reports.map((r) => (r.id === REPORT_ID ? { ...r, history: { periods } } : r)),
    });
    const run = async (periods: number) => {
      const reader = localArchive(dir);
      return { ...(await history(reader, { config: withPeriods(periods) })), stats: reader.stats };
    };
    const short = await run(6);
    expect(short.part).toMatchObject({ periods: 6, archived: 5 });
    expect(short.part.series.every((s) => s.points.length === 6 && s.band === null)).toBe(true);
    expect(short.stats).toEqual({ lists: 1, gets: 5 });

    const long = await run(20);
    expect(long.part).toMatchObject({ periods: 20, archived: BACKFILLED });
    expect(long.part.series.every((s) => s.points.length === 20)).toBe(true);
    // The band is over every archived week, the same 9 as with the default 12.
    expect(long.part.series.map((s) => s.band)).toEqual(local.part.series.map((s) => s.band));
    expect(long.stats).toEqual({ lists: 1, gets: BACKFILLED });
    // The 10 weeks before the archive began are not drawn: the same 9 archived weeks and this one as columns.
    expect(long.email.html.match(/<td class="cl /g)).toHaveLength(5 * (BACKFILLED + 1));
    expect(long.email.text).not.toMatch(/\(no data\)/);
  });

  it('reads one listing and at most one GET per period shown', () => {
    expect(reader.stats).toEqual({ lists: 1, gets: BACKFILLED });
  });

  it('corrupt and older-schema snapshots: read when possible, else skipped with a note, never a failure', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'history-bad-'));
    try {
      await cp(dir, copy, { recursive: true });
      const weeksDir = path.join(copy, 'snapshots', `report=${REPORT_ID}`, 'cadence=weekly');
      const [oldest, second, third] = (await readdir(weeksDir)).sort();
      const file = (d: string) => path.join(weeksDir, d!, 'snapshot.json');
      await writeFile(file(oldest!), '{"schemaVersion":1,"period":');
      await writeFile(file(second!), JSON.stringify({ schemaVersion: 1, headline: { totalViews: 5 } }));
      // An older version: other fields, no coverage, no sections map, but the period and scores are there.
      const older = JSON.parse(await readFile(file(third!), 'utf8'));
      const keep = { schemaVersion: 0, period: older.period, headline: older.headline, scores: older.scores };
      await writeFile(file(third!), JSON.stringify(keep));

      const { part, email } = await history(localArchive(copy));
      expect(part.status).toBe('ok');
      expect(part.reason).toBe('2 archived snapshots could not be read (see notes)');
      expect(part.archived).toBe(BACKFILLED - 2);
      expect(part.notes).toEqual([
        `skipped ${file(oldest!)}: not valid JSON`,
        `skipped ${file(second!)}: not a snapshot this version can read (period: Invalid input: expected object, received undefined)`,
        `read ${file(third!)} leniently (schema version 0, this one writes 1)`,
      ]);
      const score = part.series[0]!;
      expect(score.points.slice(2, 4).map((p) => p.value)).toEqual([null, null]);
      expect(score.points[4]!.value).toBe(older.scores.items[0].value);
      // Its key metrics were not in the older snapshot: gaps.
      expect(part.series[2]!.points[4]!.value).toBeNull();
      expect(flat(email.text)).toContain('Partly unavailable: 2 archived snapshots could not be read (see notes).');
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  describe('the same archive in S3 (s3rver)', () => {
    let aws: LocalAws;
    beforeAll(async () => {
      aws = await startLocalAws({ s3: { buckets: ['history-archive'] } });
    }, 20_000);
    afterAll(async () => {
      await aws?.close();
    });

    it('gives the same history with the same bounded reads', async () => {
      const client = createS3Client({
        endpoint: aws.endpoints.s3!,
        region: aws.env['AWS_REGION']!,
        credentials: { accessKeyId: aws.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: aws.env['AWS_SECRET_ACCESS_KEY']! },
      });
      const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json'));
      for (const f of files) {
        await client.send(
          new PutObjectCommand({
            Bucket: 'history-archive',
            Key: f.split(path.sep).join('/'),
            Body: await readFile(path.join(dir, f)),
          }),
        );
      }
      const reader = s3Archive('history-archive', client);
      const { part } = await history(reader);
      expect(part).toEqual(local.part);
      expect(reader.stats).toEqual({ lists: 1, gets: BACKFILLED });
    });
  });
});

it("a fan-out segment's history is its own archive, never the whole report's", async () => {
  // The local archive holds 9 backfilled weeks of the whole report; a segment of it has none of its own yet.
  const segmented = {
    ...config,
    reports: config.reports.map((r) =>
      r.id === REPORT_ID ? { ...r, fanOut: { dimension: 'country', values: ['US'], recipients: {} } } : r,
    ),
  };
  const reader = localArchive(dir);
  const segment = async () => (await history(reader, { config: segmented, segment: 'US' })).part;
  const none = await segment();
  expect(none.archived).toBe(0);
  const past = none.series.flatMap((h) => h.points.filter((p) => !p.current).map((p) => p.value));
  expect(past.length).toBeGreaterThan(0);
  expect(past.every((v) => v === null)).toBe(true);
  // One week archived under the segment's own key part is read from there (and only that one).
  const wholeKey = (await readdir(dir, { recursive: true })).find((f) => f.endsWith('snapshot.json'))!;
  const segmentFile = path.join(
    dir,
    wholeKey.replace(`report=${REPORT_ID}${path.sep}`, `report=${REPORT_ID}${path.sep}segment=US${path.sep}`),
  );
  await mkdir(path.dirname(segmentFile), { recursive: true });
  await cp(path.join(dir, wholeKey), segmentFile);
  try {
    expect((await segment()).archived).toBe(1);
  } finally {
    await rm(path.join(dir, 'snapshots', `report=${REPORT_ID}`, 'segment=US'), { recursive: true, force: true });
  }
});

it('no archive: left out of the email, the snapshot says why', async () => {
  const { part, email } = await history(null);
  expect(part).toMatchObject({ status: 'disabled', series: [], periods: 0 });
  expect(part.reason).toBe('no snapshot archive is configured to read past periods from');
  expect(email.text).not.toContain('HISTORY');
});
