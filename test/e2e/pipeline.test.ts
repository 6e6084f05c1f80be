/**
 * End to end over real HTTP on 127.0.0.1: fake Mux → report engine → render → S3 (s3rver) → SES
 * (aws-ses-v2-local) with exactly-once through DynamoDB (dynalite), credentials from the local
 * Secrets Manager endpoint. The real SDK clients and the production pipeline; no mocks.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import {
  createDynamoDbClient,
  createS3Client,
  createSecretsManagerClient,
  createSesClient,
} from '../../functions/commons/aws/clients.js';
import { getMuxCredentials } from '../../functions/commons/aws/secrets.js';
import { loadConfig } from '../../functions/commons/config/load.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { SesSender } from '../../functions/commons/delivery/ses-sender.js';
import { runReport } from '../../functions/commons/pipeline/run-report.js';
import { snapshotSchema } from '../../functions/commons/report/snapshot-schema.js';
import { S3SnapshotStore } from '../../functions/commons/report/snapshot-store-s3.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';

const BUCKET = 'e2e-snapshots';
const TABLE = 'e2e-idempotency';
/** A fixed clock (the fake's data and the reported period follow it): same run every day. */
const NOW = new Date('2026-11-23T09:00:00Z');
const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let fake: FakeMux;
let aws: LocalAws;
let s3: S3Client;
let config: Config;

async function body(key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await out.Body?.transformToString('utf-8')) ?? '';
}

function run(overrides: { spec?: string | null; force?: boolean } = {}) {
  const common = { region: 'eu-west-1', credentials: creds };
  const secrets = createSecretsManagerClient({ ...common, endpoint: aws.endpoints.secretsManager! });
  return runReport({
    config,
    reportId: 'weekly-qoe',
    period: { kind: 'spec', spec: overrides.spec ?? null },
    now: NOW,
    baseUrl: fake.url,
    credentials: (env) =>
      getMuxCredentials(env.secretName ?? `mux-qoe-reports/${env.name}`, { client: secrets, forceFetch: true }),
    clientOptions: { retry: { baseDelayMs: 5, maxDelayMs: 20 } },
    delivery: {
      store: new S3SnapshotStore({ bucket: BUCKET, client: s3 }),
      sender: new SesSender({ client: createSesClient({ ...common, endpoint: aws.endpoints.ses! }), baseDelayMs: 1 }),
      idempotency: {
        tableName: TABLE,
        ddbClient: createDynamoDbClient({ ...common, endpoint: aws.endpoints.dynamodb! }),
      },
    },
    ...(overrides.force ? { force: true } : {}),
    logger: { info: () => {}, warn: () => {} },
  });
}

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false });
  aws = await startLocalAws({
    s3: { buckets: [BUCKET] },
    ses: true,
    dynamodb: true,
    secrets: { 'mux-qoe-reports/demo': JSON.stringify({ tokenId: 'fake-token-id', tokenSecret: 'fake-token-secret' }) },
  });
  await aws.createTable(TABLE);
  s3 = createS3Client({ region: 'eu-west-1', credentials: creds, endpoint: aws.endpoints.s3! });
  const loaded = loadConfig({ path: 'reports.config.jsonc', env: {} });
  // The fake's own rate limit is off; a faster client bucket keeps this file quick (the bench measures 5 req/s).
  config = {
    ...loaded,
    environments: loaded.environments.map((e) => ({ ...e, rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 } })),
  };
});

afterAll(async () => {
  s3?.destroy();
  await aws?.close();
  await fake?.close();
});

describe('fake Mux → engine → render → S3 → SES', () => {
  it('archives a valid snapshot and the rendered email, then sends one multipart email', async () => {
    const { generated, delivery } = await run();
    expect(delivery.status).toBe('sent');
    expect(delivery.messageIds).toHaveLength(1);

    // S3: the snapshot, read back and validated; the pointer; the rendered parts under emails/.
    const key = delivery.snapshotKey;
    expect(key).toBe(
      `snapshots/report=weekly-qoe/cadence=weekly/dt=${generated.period.start.slice(0, 10)}/snapshot.json`,
    );
    const text = await body(key);
    expect(text.trim().split('\n')).toHaveLength(1);
    const snapshot = snapshotSchema.parse(JSON.parse(text));
    expect(snapshot.report.id).toBe('weekly-qoe');
    expect(snapshot.period.key).toMatch(/^\d{4}-W\d{2}$/);
    expect(snapshot.archiveLocation).toBe(`s3://${BUCKET}/${key}`);
    expect(Object.values(snapshot.sections).every((s) => s === 'ok')).toBe(true);
    expect(snapshot.cost.calls).toBeGreaterThan(0);
    expect(snapshot.cost.calls).toBeLessThanOrEqual(30);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(await body('snapshots/report=weekly-qoe/latest.json'))).toMatchObject({
      key,
      periodKey: snapshot.period.key,
    });
    const emailPrefix = key.replace(/^snapshots\//, 'emails/').replace(/snapshot\.json$/, '');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: emailPrefix }));
    expect((listed.Contents ?? []).map((c) => c.Key?.slice(emailPrefix.length)).sort()).toEqual([
      'message.eml',
      'report.html',
      'report.txt',
    ]);

    // SES: the raw MIME as SES received it, parsed like a mail client would.
    const sends = aws.sesRaw();
    expect(sends).toHaveLength(1);
    const mail = await simpleParser(sends[0]!.raw);
    expect(mail.subject).toBe(generated.email.subject);
    expect(mail.subject).toContain('Viewer experience');
    expect(mail.text).toContain(snapshot.headline.text.split(' — ')[0]);
    expect(mail.html).toBeTruthy();
    expect(mail.headers.get('x-report-id')).toBe('weekly-qoe');
    expect(mail.headerLines.find((h) => h.key === 'list-id')?.line).toContain('<weekly-qoe.mux-qoe-reports>');
    const to = Array.isArray(mail.to) ? mail.to : [mail.to];
    expect(to.flatMap((a) => a?.value.map((v) => v.address))).toEqual(config.reports[0]!.recipients);
    // No script in the email (hostile values: test/reliability/hostile-scenario.test.ts).
    const html = String(mail.html);
    expect(html).not.toMatch(/<script/i);
    // The archived .eml is the message that was sent.
    expect(await body(`${emailPrefix}message.eml`)).toContain(`Subject:`);
  });

  it('a second run for the same period sends nothing more; force resends once', async () => {
    const again = await run();
    expect(again.delivery.status).toBe('already-sent');
    expect(aws.sesRaw()).toHaveLength(1);
    const forced = await run({ force: true });
    expect(forced.delivery.status).toBe('sent');
    expect(aws.sesRaw()).toHaveLength(2);
  });

  it('a different period gets its own snapshot and email', async () => {
    const before = aws.sesRaw().length;
    const older = await run({ spec: 'last-week' });
    // `last-week` is the same week as the default; the week before it is a different period.
    const previousKey = older.generated.previousPeriod.key;
    const other = await run({ spec: previousKey });
    expect(other.delivery.status).toBe('sent');
    expect(other.delivery.snapshotKey).not.toBe(older.delivery.snapshotKey);
    expect(aws.sesRaw().length).toBe(before + 1);
  });
});
