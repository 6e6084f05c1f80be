import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbClient, createS3Client, createSesClient } from '../../functions/commons/aws/clients.js';
import {
  type DeliverReportInput,
  type DeliveryLogger,
  deliverReport,
  IDEMPOTENCY_KEY_PREFIX,
} from '../../functions/commons/delivery/deliver.js';
import { DeliveryError } from '../../functions/commons/delivery/mime.js';
import { type EmailSender, type RawMessage, SesSender } from '../../functions/commons/delivery/ses-sender.js';
import type { SuppressionList } from '../../functions/commons/delivery/unsubscribe/suppressions.js';
import { type Snapshot, SnapshotStoreError } from '../../functions/commons/report/snapshot-store.js';
import { S3SnapshotStore } from '../../functions/commons/report/snapshot-store-s3.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { defaultSnapshot } from '../helpers/sample-snapshots.js';
import { addresses, renderedEmail, reportConfig } from './fixtures.js';

const BUCKET = 'deliver-test';
const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let aws: LocalAws;
let s3: S3Client;
let ddb: DynamoDBClient;
let ses: SesSender;
let table: string;
let tableCount = 0;

beforeAll(async () => {
  aws = await startLocalAws({ s3: { buckets: [BUCKET] }, ses: true, dynamodb: true });
  const common = { region: 'eu-west-1', credentials: creds };
  s3 = createS3Client({ ...common, endpoint: aws.endpoints.s3 });
  ddb = createDynamoDbClient({ ...common, endpoint: aws.endpoints.dynamodb });
  ses = new SesSender({ client: createSesClient({ ...common, endpoint: aws.endpoints.ses }), baseDelayMs: 1 });
});
afterAll(async () => {
  s3?.destroy();
  ddb?.destroy();
  await aws?.close();
});
beforeEach(async () => {
  await aws.sesClear();
  table = `idempotency-${++tableCount}`;
  await aws.createTable(table);
});

function recordingLogger(): DeliveryLogger & {
  lines: { level: string; message: string; extra?: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message, extra) => lines.push({ level: 'info', message, ...(extra ? { extra } : {}) }),
    warn: (message, extra) => lines.push({ level: 'warn', message, ...(extra ? { extra } : {}) }),
  };
}

/** Fails the first `failures` sends, then delegates to real SES. */
function flakySender(failures: number): EmailSender & { calls: number } {
  const sender = {
    calls: 0,
    async sendRaw(message: RawMessage) {
      sender.calls++;
      if (sender.calls <= failures) throw new DeliveryError('SES SendRawEmail failed: injected');
      return ses.sendRaw(message);
    },
  };
  return sender;
}

function input(over: Partial<DeliverReportInput> = {}): DeliverReportInput {
  return {
    snapshot: defaultSnapshot(),
    email: renderedEmail(),
    report: reportConfig(),
    store: new S3SnapshotStore({ bucket: BUCKET, client: s3 }),
    sender: ses,
    idempotency: { tableName: table, ddbClient: ddb },
    logger: recordingLogger(),
    ...over,
  };
}

function previousWeek(): Snapshot {
  const s = defaultSnapshot();
  s.period = { ...s.previousPeriod };
  return s;
}

async function records(): Promise<{ id: string; status: string }[]> {
  const res = await ddb.send(new ScanCommand({ TableName: table }));
  return (res.Items ?? []).map((i) => ({ id: i.id?.S ?? '', status: i.status?.S ?? '' }));
}

describe('deliverReport', () => {
  it('sends each recipient exactly one email for 3 concurrent and 2 sequential deliveries of the same period', async () => {
    // A slow send keeps the first records in progress while the others check them.
    const slow: EmailSender = {
      sendRaw: async (m) => {
        await new Promise((r) => setTimeout(r, 300));
        return ses.sendRaw(m);
      },
    };
    const concurrent = await Promise.all([1, 2, 3].map(() => deliverReport(input({ sender: slow }))));
    // Concurrent duplicates may share the recipients out between them; each address gets one message.
    expect(concurrent.some((r) => r.status === 'sent')).toBe(true);
    const destinations = () => aws.sesRaw().flatMap((m) => m.destinations.map((d) => d.toLowerCase()));
    expect(destinations().sort()).toEqual(['ops@example.com', 'video-team@example.com']);
    const sentIds = concurrent.flatMap((r) => r.batches.filter((b) => b.status === 'sent').map((b) => b.messageId));

    const again1 = await deliverReport(input());
    const again2 = await deliverReport(input());
    expect(again1).toMatchObject({ status: 'already-sent', emlKey: null });
    expect([...again1.messageIds].sort()).toEqual([...sentIds].sort());
    expect(again1.recipients.map((r) => r.status)).toEqual(['already-sent', 'already-sent']);
    expect(again2.status).toBe('already-sent');
    expect(destinations()).toHaveLength(2);
    expect(again1.idempotencyKey).toBe('web-weekly#2026-W47');

    // One COMPLETED record per recipient, under our fixed prefix, holding only small references (no address).
    const rows = await ddb.send(new ScanCommand({ TableName: table }));
    expect(rows.Items).toHaveLength(2);
    for (const item of rows.Items ?? []) {
      expect(item.id?.S).toMatch(new RegExp(`^${IDEMPOTENCY_KEY_PREFIX}#`));
      expect(item.status?.S).toBe('COMPLETED');
      expect(JSON.stringify(item).toLowerCase()).not.toMatch(/ops@|video-team@/);
      expect(unmarshall(item).data).toEqual({
        messageId: expect.any(String),
        messageIdHeader: expect.stringMatching(/^<mqr\.[0-9a-f]{32}\.0@example\.com>$/),
        snapshotKey: 'snapshots/report=web-weekly/cadence=weekly/dt=2026-11-16/snapshot.json',
        sentAt: expect.any(String),
        batchIndex: 0,
      });
    }
    // The records keep the id SES returned.
    const sesIds = (await aws.sesStore()).map((m) => m.messageId).sort();
    expect([...new Set(rows.Items?.map((i) => unmarshall(i).data.messageId))].sort()).toEqual(sesIds);
  });

  it('archives the snapshot, html and txt first and the sent message.eml after', async () => {
    const result = await deliverReport(input());
    const prefix = 'snapshots/report=web-weekly/cadence=weekly/dt=2026-11-16';
    expect(result.snapshotLocation).toBe(`s3://${BUCKET}/${prefix}/snapshot.json`);
    const emails = prefix.replace(/^snapshots\//, 'emails/');
    expect(result.emlKey).toBe(`${emails}/message.eml`);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    expect((listed.Contents ?? []).map((c) => c.Key)).toEqual([`${prefix}/snapshot.json`]);
    const listedEmails = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: emails }));
    expect((listedEmails.Contents ?? []).map((c) => c.Key).sort()).toEqual(
      ['message.eml', 'report.html', 'report.txt'].map((f) => `${emails}/${f}`),
    );
    const eml = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${emails}/message.eml` }));
    expect(eml.ContentType).toBe('message/rfc822');
    const body = Buffer.from((await eml.Body?.transformToByteArray()) ?? []);
    expect(body.equals(aws.sesRaw()[0]?.raw ?? Buffer.alloc(0))).toBe(true);
  });

  it('records nothing when the send fails, so the retry sends (exactly one email)', async () => {
    const sender = flakySender(1);
    await expect(deliverReport(input({ sender }))).rejects.toThrow('SES SendRawEmail failed: injected');
    expect(await aws.sesStore()).toHaveLength(0);
    expect(await records()).toEqual([]);

    const retry = await deliverReport(input({ sender }));
    expect(retry.status).toBe('sent');
    expect(await aws.sesStore()).toHaveLength(1);
    expect(await deliverReport(input({ sender }))).toMatchObject({ status: 'already-sent' });
    expect(await aws.sesStore()).toHaveLength(1);
  });

  it('a different period gets its own email', async () => {
    await deliverReport(input());
    const other = await deliverReport(input({ snapshot: previousWeek() }));
    expect(other.status).toBe('sent');
    expect(other.idempotencyKey).toBe('web-weekly#2026-W46');
    const mails = aws.sesRaw();
    expect(mails).toHaveLength(2);
    const periods = await Promise.all(
      mails.map(async (m) => (await simpleParser(m.raw)).headers.get('x-report-period')),
    );
    expect(periods).toEqual(['2026-W47', '2026-W46']);
  });

  it('force sends a second email with a new Message-ID and logs it', async () => {
    await deliverReport(input());
    const logger = recordingLogger();
    const forced = await deliverReport(input({ force: 'manual-1', logger }));
    expect(forced).toMatchObject({
      status: 'sent',
      forced: true,
      idempotencyKey: 'web-weekly#2026-W47#force:manual-1',
    });
    // Retrying the same forced resend is itself idempotent.
    expect((await deliverReport(input({ force: 'manual-1' }))).status).toBe('already-sent');
    const raws = aws.sesRaw();
    expect(raws).toHaveLength(2);
    const ids = await Promise.all(raws.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(ids[0]).not.toBe(ids[1]);
    expect(logger.lines.find((l) => l.level === 'warn')).toMatchObject({
      message: 'forced resend requested: bypassing the already-sent record',
      extra: { reportId: 'web-weekly', periodKey: '2026-W47', idempotencyKey: 'web-weekly#2026-W47#force:manual-1' },
    });
  });

  it('an S3 failure throws a clear error, sends nothing and records nothing', async () => {
    const error = await deliverReport(
      input({ store: new S3SnapshotStore({ bucket: 'missing-bucket', client: s3 }) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect((error as Error).message).toMatch(
      /^S3 PutObject to s3:\/\/missing-bucket\/emails\/report=web-weekly\/cadence=weekly\/dt=2026-11-16\/report\.html failed: NoSuchBucket/,
    );
    expect(await aws.sesStore()).toHaveLength(0);
    expect(await records()).toEqual([]);
  });

  it('refuses a recipient outside the configuration before archiving or sending', async () => {
    const store = new S3SnapshotStore({ bucket: BUCKET, client: s3 });
    const put = store.put.bind(store);
    let puts = 0;
    store.put = (...args) => {
      puts++;
      return put(...args);
    };
    await expect(deliverReport(input({ store, recipients: ['intruder@example.net'] }))).rejects.toThrow(
      "recipient intruder@example.net is not in the report's configured recipients",
    );
    expect(puts).toBe(0);
    expect(await aws.sesStore()).toHaveLength(0);
  });

  it('per-batch records: a failure in batch 2 of 3 does not resend batch 1 on retry', async () => {
    const all = addresses(120);
    let calls = 0;
    const sender: EmailSender = {
      async sendRaw(message) {
        calls++;
        if (calls === 2) throw new DeliveryError('injected failure on batch 2');
        return ses.sendRaw(message);
      },
    };
    const report = reportConfig({ recipients: all });
    await expect(deliverReport(input({ report, sender }))).rejects.toThrow('injected failure on batch 2');
    expect(aws.sesRaw().map((r) => r.destinations.length)).toEqual([50]);

    const retry = await deliverReport(input({ report, sender }));
    expect(retry.batches.map((b) => b.status)).toEqual(['already-sent', 'sent', 'sent']);
    expect(retry.status).toBe('sent');
    expect(retry.messageIds).toHaveLength(3);
    expect(aws.sesRaw().flatMap((r) => r.destinations)).toEqual(all);
  });

  it('without idempotency (local CLI) sends every time', async () => {
    const first = await deliverReport(input({ idempotency: null }));
    const second = await deliverReport(input({ idempotency: null }));
    expect([first.status, second.status]).toEqual(['sent', 'sent']);
    expect(first.idempotencyKey).toBeNull();
    expect(await aws.sesStore()).toHaveLength(2);
  });

  it('names the idempotency table when it is missing and sends nothing', async () => {
    await expect(deliverReport(input({ idempotency: { tableName: 'no-such-table', ddbClient: ddb } }))).rejects.toThrow(
      /^idempotency table no-such-table failed for web-weekly#2026-W47 \(claiming recipient 1 of 2\): ResourceNotFoundException/,
    );
    expect(await aws.sesStore()).toHaveLength(0);
  });

  it('skips suppressed (bounced, complaining) addresses before batching, and says how many', async () => {
    const all = addresses(120);
    // Every other address bounced; the list answers case-insensitively (stored lower-cased).
    const bounced = new Set(all.filter((_, i) => i % 2 === 0));
    const asked: string[][] = [];
    const suppressions: SuppressionList = {
      suppressed: async (list) => {
        asked.push([...list]);
        return list
          .filter((a) => bounced.has(a.toLowerCase()))
          .map((address) => ({ address: address.toLowerCase(), at: '', source: 'bounce', detail: '', reportId: null }));
      },
      suppress: async () => {},
      all: async () => [],
      remove: async () => false,
    };
    const report = reportConfig({ recipients: all.map((a, i) => (i === 0 ? a.toUpperCase() : a)) });
    const result = await deliverReport(input({ report, suppressions }));
    // One read of exactly the addresses this delivery would mail.
    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(120);
    expect(result.suppressed).toBe(60);
    // The 60 others, re-batched: 50 + 10.
    expect(aws.sesRaw().map((m) => m.destinations.length)).toEqual([50, 10]);
    const sentTo = aws.sesRaw().flatMap((m) => m.destinations.map((d) => d.toLowerCase()));
    expect(sentTo.filter((a) => bounced.has(a))).toEqual([]);
    expect(sentTo).toHaveLength(60);
    // Only the mailed addresses have records: a suppressed address re-added later is mailed by the next run.
    expect(await records()).toHaveLength(60);

    // Everyone suppressed: nothing is sent or recorded, and the count says why.
    await aws.sesClear();
    const none = await deliverReport(
      input({ report: reportConfig({ recipients: [...bounced] }), snapshot: previousWeek(), suppressions }),
    );
    expect(none.suppressed).toBe(60);
    expect(none.messageIds).toEqual([]);
    expect(aws.sesRaw()).toEqual([]);
  });
});
