import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, resetAwsClients, s3Client } from '../../functions/commons/aws/clients.js';
import { snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import {
  artifactKeys,
  latestKey,
  type Snapshot,
  SnapshotStoreError,
  serializeJson,
  snapshotKey,
} from '../../functions/commons/report/snapshot-store.js';
import { LocalSnapshotStore } from '../../functions/commons/report/snapshot-store-local.js';
import { S3SnapshotStore } from '../../functions/commons/report/snapshot-store-s3.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { defaultSnapshot, hostileSnapshot } from '../helpers/sample-snapshots.js';

const BUCKET = 'archive-test';
const PREFIX = 'snapshots/report=web-weekly/cadence=weekly/dt=2026-11-16';
const EMAILS = 'emails/report=web-weekly/cadence=weekly/dt=2026-11-16';

let aws: LocalAws;
let client: S3Client;

beforeAll(async () => {
  aws = await startLocalAws({ s3: { buckets: [BUCKET] } });
  client = createS3Client({
    endpoint: aws.endpoints.s3,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});

afterAll(async () => {
  client?.destroy();
  await aws?.close();
});

/** The previous week of the default snapshot, as its own snapshot. */
function olderSnapshot(): Snapshot {
  const s = defaultSnapshot();
  s.period = { ...s.previousPeriod };
  return s;
}

async function listKeys(): Promise<string[]> {
  const res = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (res.Contents ?? []).map((c) => c.Key ?? '').sort();
}

describe('snapshot keys', () => {
  it('are Hive-style and use the local start date of the period', () => {
    const s = defaultSnapshot();
    expect(snapshotKey(s)).toBe(`${PREFIX}/snapshot.json`);
    expect(artifactKeys(s)).toEqual({
      'report.html': `${EMAILS}/report.html`,
      'report.txt': `${EMAILS}/report.txt`,
      'message.eml': `${EMAILS}/message.eml`,
    });
    expect(latestKey('web-weekly')).toBe('snapshots/report=web-weekly/latest.json');
    // 2026-11-16T00:00+01:00 is still 15 Nov in UTC: the key must use the local date.
    expect(new Date(s.period.start).toISOString().slice(0, 10)).toBe('2026-11-15');
  });

  it('refuses values that would break the partition layout', () => {
    const s = defaultSnapshot();
    s.report.id = 'a/b';
    expect(() => snapshotKey(s)).toThrow(SnapshotStoreError);
  });
});

describe('S3 snapshot store (s3rver)', () => {
  it('round-trips snapshot, artifacts, content types, metadata and the latest pointer', async () => {
    const store = new S3SnapshotStore({ bucket: BUCKET, client });
    const snapshot = hostileSnapshot();
    const html = '<p>Qualité « vidéo » &amp; 東京 🎬</p>';
    const text = 'Qualité « vidéo » & 東京 🎬\n';
    const result = await store.put(snapshot, { html, text });

    expect(result.key).toBe(`${PREFIX}/snapshot.json`);
    expect(result.location).toBe(`s3://${BUCKET}/${PREFIX}/snapshot.json`);
    expect(result.written).toEqual([
      `${EMAILS}/report.html`,
      `${EMAILS}/report.txt`,
      `${PREFIX}/snapshot.json`,
      'snapshots/report=web-weekly/latest.json',
    ]);

    const obj = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: result.key }));
    expect(obj.ContentType).toBe('application/json; charset=utf-8');
    expect(obj.Metadata).toEqual({ 'schema-version': '1', 'report-id': 'web-weekly', period: '2026-W47' });
    const body = await obj.Body?.transformToString('utf-8');
    const parsed = snapshotSchema.parse(JSON.parse(body ?? ''));
    expect(parsed.archiveLocation).toBe(result.location);
    expect(parsed.report.title).toBe(snapshot.report.title);
    // Deterministic serialisation: exactly the pretty JSON of the stored snapshot.
    expect(body).toBe(serializeJson(result.snapshot));

    const htmlObj = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${EMAILS}/report.html` }));
    expect(htmlObj.ContentType).toBe('text/html; charset=utf-8');
    expect(await htmlObj.Body?.transformToString('utf-8')).toBe(html);
    const txtObj = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${EMAILS}/report.txt` }));
    expect(txtObj.ContentType).toBe('text/plain; charset=utf-8');
    expect(await txtObj.Body?.transformToString('utf-8')).toBe(text);

    const pointer = JSON.parse(
      (await (
        await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: latestKey('web-weekly') }))
      ).Body?.transformToString()) ?? '',
    );
    expect(pointer).toEqual({
      key: result.key,
      periodKey: '2026-W47',
      periodStart: '2026-11-16T00:00:00+01:00',
      generatedAt: snapshot.generatedAt,
      schemaVersion: 1,
    });

    expect(await store.get('web-weekly', 'weekly', '2026-11-16')).toEqual(result.snapshot);
    expect(await store.getLatest('web-weekly')).toEqual(result.snapshot);
    expect(await store.get('web-weekly', 'weekly', '2020-01-06')).toBeNull();
    expect(await store.getLatest('no-such-report')).toBeNull();
  });

  it('writes the same period to the same keys (no extra objects) and keeps latest on the newest period', async () => {
    const store = new S3SnapshotStore({ bucket: BUCKET, client });
    await store.put(defaultSnapshot(), { html: '<p>1</p>', text: '1' });
    const before = await listKeys();
    const again = defaultSnapshot();
    again.generatedAt = '2026-11-23T09:00:00.000Z';
    await store.put(again, { html: '<p>2</p>', text: '2' });
    expect(await listKeys()).toEqual(before);
    expect((await store.getLatest('web-weekly'))?.generatedAt).toBe('2026-11-23T09:00:00.000Z');

    // A backfill of the previous week adds its own partition and does not move latest back.
    const backfill = await store.put(olderSnapshot());
    expect(backfill.written).not.toContain(latestKey('web-weekly'));
    expect(await listKeys()).toEqual(
      [...before, 'snapshots/report=web-weekly/cadence=weekly/dt=2026-11-09/snapshot.json'].sort(),
    );
    expect((await store.getLatest('web-weekly'))?.period.key).toBe('2026-W47');
  });

  it('refuses an invalid snapshot before writing anything', async () => {
    const store = new S3SnapshotStore({ bucket: BUCKET, client });
    const before = await listKeys();
    const bad = { ...defaultSnapshot(), schemaVersion: 2 } as unknown as Snapshot;
    await expect(store.put(bad)).rejects.toThrow(/invalid snapshot refused before writing: schemaVersion/);
    expect(await listKeys()).toEqual(before);
  });

  it('names bucket and key when S3 fails', async () => {
    const store = new S3SnapshotStore({ bucket: 'no-such-bucket', client });
    const error = await store.put(defaultSnapshot()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect((error as Error).message).toBe(
      `S3 PutObject to s3://no-such-bucket/${PREFIX}/snapshot.json failed: NoSuchBucket (HTTP 404): The specified bucket does not exist`,
    );
  });

  it('uses AWS_ENDPOINT_URL_S3 from the environment with the default client (path-style)', async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, aws.env);
      resetAwsClients();
      const store = new S3SnapshotStore({ bucket: BUCKET });
      const { key } = await store.put(defaultSnapshot());
      const head = await s3Client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(head.ContentType).toBe('application/json; charset=utf-8');
      expect(await s3Client().config.forcePathStyle).toBe(true);
    } finally {
      resetAwsClients();
      process.env = saved;
    }
  });
});

describe('local directory snapshot store', () => {
  it('writes the same layout and reads it back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'snapshots-'));
    try {
      const store = new LocalSnapshotStore(dir);
      const res = await store.put(defaultSnapshot(), { html: '<p>x</p>', text: 'x' });
      expect(res.location).toBe(
        path.join(dir, 'snapshots', 'report=web-weekly', 'cadence=weekly', 'dt=2026-11-16', 'snapshot.json'),
      );
      await store.putArtifacts(res.snapshot, { eml: Buffer.from('Subject: x\r\n\r\nx') });
      // Only snapshot.json in the Athena partition folder; the rendered email lives under emails/.
      expect((await readdir(path.dirname(res.location))).sort()).toEqual(['snapshot.json']);
      expect(
        (await readdir(path.join(dir, 'emails', 'report=web-weekly', 'cadence=weekly', 'dt=2026-11-16'))).sort(),
      ).toEqual(['message.eml', 'report.html', 'report.txt']);
      expect((await readFile(res.location, 'utf8')).split('\n')).toHaveLength(2);
      expect(await readFile(res.location, 'utf8')).toBe(serializeJson(res.snapshot));
      expect(await store.getLatest('web-weekly')).toEqual(res.snapshot);
      expect(await store.get('web-weekly', 'weekly', '2026-11-16')).toEqual(res.snapshot);
      expect(await store.get('web-weekly', 'daily', '2026-11-16')).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
