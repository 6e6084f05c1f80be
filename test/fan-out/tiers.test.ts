/**
 * The two tiers of a fan-out (`fullReports: { top: K }`) through the real scheduled-report handler behind a local
 * SQS FIFO queue (fauxqs), against the platform fake and the local S3 / SES / DynamoDB: the fan-out message lists
 * the 8 largest customers and collects their scorecards once (grouped by sub_property_id), stored beside the
 * snapshots; the 2 largest get the full report, the 6 others a scorecard report with no Mux call of their own;
 * every one has its own snapshot and email. The fake counts the calls of each message.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sharedMetrics } from '../../functions/commons/report/shared-scorecards.js';
import type * as ScheduledModule from '../../functions/scheduled-report/handler.js';
import { lambdaContext } from '../../support/events.js';
import { PLATFORM_NOW, PLATFORM_SCHEDULED_TIME, platformConfigInput } from '../../support/platform.js';
import { type Stage, startStage, useEnvironment } from '../../support/stage.js';
import { drain, type FifoQueue, pollOnce, type SqsEmulator, startSqsEmulator } from '../queue/sqs-emulator.js';

const BUCKET = 'tiers-snapshots';
const config = platformConfigInput({
  values: { top: 8 },
  fullReports: 2,
  sections: { failedViews: false, incidents: false },
  rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 },
});
const scheduledTime = PLATFORM_SCHEDULED_TIME.toISOString().replace('.000Z', 'Z');

let stage: Stage;
let sqs: SqsEmulator;
let queue: FifoQueue;
let handler: typeof ScheduledModule.handler;
let restore: () => void;
let s3: S3Client;

interface Run {
  body: { reportId: string; segment?: string; tier?: string };
  calls: number;
  failed: boolean;
}
const runs: Run[] = [];

beforeAll(async () => {
  [stage, sqs] = await Promise.all([
    startStage({
      config,
      bucket: BUCKET,
      table: 'tiers-idempotency',
      fake: { now: PLATFORM_NOW, scenario: 'platform' },
      settings: { logLevel: 'SILENT', metricsDisabled: true, mux: { maxRetries: 1, retryBaseDelayMs: 2 } },
    }),
    startSqsEmulator(),
  ]);
  queue = await sqs.createFifoQueue('tiers', { visibilityTimeoutS: 5, maxReceiveCount: 2 });
  restore = useEnvironment({ ...stage.env('tiers-test'), REPORT_QUEUE_URL: queue.url });
  process.env['AWS_ENDPOINT_URL_SQS'] = sqs.endpoint;
  vi.resetModules();
  ({ handler } = await import('../../functions/scheduled-report/handler.js'));
  s3 = new S3Client({
    endpoint: stage.aws.endpoints.s3!,
    region: 'eu-west-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });

  await sqs.client.send(
    new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: JSON.stringify({ reportId: 'per-customer', scheduledTime }),
      MessageGroupId: 'platform',
    }),
  );
  // One group: one message per round, so the fake's request log splits by message.
  for (let idle = 0; idle < 3 && runs.length < 20; ) {
    const before = stage.fake.requests.length;
    const deliveries = await pollOnce(sqs.client, queue.url, (e) => handler(e as never, lambdaContext()));
    if (deliveries.length === 0) {
      idle++;
      continue;
    }
    expect(deliveries).toHaveLength(1);
    runs.push({
      body: JSON.parse(deliveries[0]!.message.Body!),
      calls: stage.fake.requests.length - before,
      failed: deliveries[0]!.failed,
    });
  }
}, 120_000);

afterAll(async () => {
  restore?.();
  delete process.env['AWS_ENDPOINT_URL_SQS'];
  s3?.destroy();
  await Promise.allSettled([stage?.close(), sqs?.close()]);
});

async function readJson(key: string): Promise<Record<string, unknown>> {
  const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return JSON.parse(await res.Body!.transformToString('utf-8'));
}

describe('fan-out tiers (fullReports: { top: 2 } of 8 customers)', () => {
  it('queues the 2 largest customers for the full report and 6 for a scorecard', async () => {
    expect(runs.every((r) => !r.failed)).toBe(true);
    expect(await drain(sqs.client, queue.dlqUrl)).toEqual([]);
    expect(runs[0]!.body).toEqual({ reportId: 'per-customer', scheduledTime });
    const segments = runs.slice(1).map((r) => [r.body.segment, r.body.tier ?? 'full']);
    expect(segments).toHaveLength(8);
    expect(segments.slice(0, 2)).toEqual([
      ['cust-0001', 'full'],
      ['cust-0002', 'full'],
    ]);
    expect(segments.slice(2).every(([, tier]) => tier === 'scorecard')).toBe(true);
  });

  it('costs, counted by the fake: 1 listing + the shared calls once, full reports their own, scorecards none', () => {
    const refs = sharedMetrics({ keyMetrics: undefined }).length;
    expect(runs[0]!.calls).toBe(1 + 2 * refs + 5);
    const full = runs.filter((r) => r.body.segment && !r.body.tier);
    const scorecards = runs.filter((r) => r.body.tier === 'scorecard');
    for (const r of full) expect(r.calls).toBeGreaterThan(15);
    for (const r of scorecards) expect(r.calls).toBe(0);
  });

  it('stores the shared scorecards once beside the snapshots, and every segment its own snapshot', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys.filter((k) => k.startsWith('fanout/'))).toEqual([
      'fanout/report=per-customer/cadence=weekly/dt=2026-11-23/scorecards.json',
    ]);
    const snapshots = keys.filter((k) => k.endsWith('/snapshot.json'));
    expect(snapshots).toHaveLength(8);
    const full = await readJson(
      'snapshots/report=per-customer/segment=cust-0001/cadence=weekly/dt=2026-11-23/snapshot.json',
    );
    const card = await readJson(
      'snapshots/report=per-customer/segment=cust-0005/cadence=weekly/dt=2026-11-23/snapshot.json',
    );
    expect(full['sections']).toMatchObject({ scores: 'ok', breakdowns: 'ok', trend: 'ok', errors: 'ok' });
    expect(card['sections']).toMatchObject({
      scores: 'ok',
      volume: 'ok',
      keyMetrics: 'ok',
      breakdowns: 'disabled',
      trend: 'disabled',
      errors: 'disabled',
      causes: 'disabled',
    });
    expect(card['cost']).toMatchObject({ calls: 0 });
    expect((card['report'] as { segment: unknown }).segment).toEqual({
      dimension: 'sub_property_id',
      value: 'cust-0005',
      tier: 'scorecard',
      // From the config, for the email's note: K, and what the full report adds (incidents and failed views are off).
      fullReports: { top: 2, sections: ['causes', 'insights', 'errors', 'breakdowns', 'trend'] },
    });
    expect((full['report'] as { segment: unknown }).segment).toEqual({
      dimension: 'sub_property_id',
      value: 'cust-0001',
    });
    expect((card['headline'] as { hasViews: boolean }).hasViews).toBe(true);
  });

  it('sends every customer its own email', () => {
    const sends = stage.aws.sesRaw().map((s) => s.raw.toString('utf8'));
    expect(sends).toHaveLength(8);
    for (const c of ['cust-0001', 'cust-0005', 'cust-0008']) {
      expect(sends.filter((t) => t.includes(`Your weekly video QoE: ${c}`))).toHaveLength(1);
    }
  });

  it("a scorecard's email says it is one, what the full report adds and who gets it; a full report's does not", async () => {
    const mails = await Promise.all(stage.aws.sesRaw().map((s) => simpleParser(s.raw)));
    const of = (c: string) => mails.find((m) => m.text?.startsWith(`Your weekly video QoE: ${c}\n`))!;
    const note =
      'the full report, with causes of changes, insights, playback errors, breakdowns and trend charts, goes to ' +
      'the 2 sub_property_id values with the most views (fanOut.fullReports.top).';
    const card = of('cust-0005');
    expect(card.text!.replace(/\s+/g, ' ')).toContain(note);
    expect(card.html).toContain(note);
    for (const c of ['cust-0001', 'cust-0002']) {
      expect(of(c).text).not.toContain('scorecard');
      expect(of(c).html).not.toContain('scorecard');
    }
  });
});
