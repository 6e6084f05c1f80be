/**
 * The queue path over real HTTP on 127.0.0.1: EventBridge Scheduler's messages on a local SQS FIFO queue (fauxqs,
 * ./sqs-emulator.ts), received and handed to the REAL scheduled-report handler as Lambda's event source mapping
 * would (batch size 1, partial batch responses), against the fake Mux and the local S3 / SES / DynamoDB / Secrets
 * Manager. Proves: one in-flight message per environment group while groups run in parallel, deduplication of a
 * repeated schedule, a fan-out message expanded into one message per segment (values listed from Mux) with its own
 * filters, snapshot key, recipients and email, and a failing message redelivered then dead-lettered.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConfigInput } from '../../functions/commons/config/schema.js';
import type * as ScheduledModule from '../../functions/scheduled-report/handler.js';
import { lambdaContext } from '../../support/events.js';
import { type Stage, startStage, useEnvironment } from '../../support/stage.js';
import { drain, type FifoQueue, pollOnce, type SqsEmulator, startSqsEmulator } from './sqs-emulator.js';

const BUCKET = 'queue-snapshots';
const rateLimit = { dataPerSecond: 50, monitoringPerSecond: 10 };
const config: ConfigInput = {
  environments: [
    { name: 'demo', rateLimit },
    { name: 'other', rateLimit },
  ],
  reports: [
    {
      id: 'weekly-qoe',
      title: 'Weekly QoE',
      environment: 'demo',
      timeZone: 'Europe/Paris',
      sections: { failedViews: false, incidents: false },
      recipients: ['video-team@example.com'],
      from: 'qoe-reports@example.com',
    },
    {
      id: 'per-customer',
      title: 'Your weekly QoE',
      environment: 'demo',
      timeZone: 'Europe/Paris',
      sections: { failedViews: false, incidents: false, insights: false, breakdowns: false },
      recipients: ['account-managers@example.com'],
      from: 'qoe-reports@example.com',
      // The fake's sub_property_id values are `web` and `apps`.
      fanOut: {
        dimension: 'sub_property_id',
        values: { top: 5, minViews: 1 },
        recipients: { web: ['web@example.com'] },
      },
    },
  ],
};

let stage: Stage;
let sqs: SqsEmulator;
let queue: FifoQueue;
let handler: typeof ScheduledModule.handler;
let restore: () => void;

function lastMondayRun(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7, 0, 0));
  while (d.getUTCDay() !== 1 || d.getTime() > now.getTime()) d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().replace('.000Z', 'Z');
}
const scheduledTime = lastMondayRun();

/** What EventBridge Scheduler's SqsSendMessage target sends (infra/constructs/report-schedules.ts). */
const schedule = (reportId: string, group: string) =>
  sqs.client.send(
    new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: JSON.stringify({ reportId, scheduledTime }),
      MessageGroupId: group,
    }),
  );

const invoke = (event: unknown) => handler(event as never, lambdaContext());

beforeAll(async () => {
  [stage, sqs] = await Promise.all([
    startStage({
      config,
      bucket: BUCKET,
      table: 'queue-idempotency',
      fake: { now: new Date() },
      settings: { logLevel: 'SILENT', metricsDisabled: true, mux: { maxRetries: 1, retryBaseDelayMs: 2 } },
    }),
    startSqsEmulator(),
  ]);
  queue = await sqs.createFifoQueue('reports', { visibilityTimeoutS: 1, maxReceiveCount: 2 });
  restore = useEnvironment({ ...stage.env('queue-test'), REPORT_QUEUE_URL: queue.url });
  process.env['AWS_ENDPOINT_URL_SQS'] = sqs.endpoint;
  vi.resetModules();
  ({ handler } = await import('../../functions/scheduled-report/handler.js'));
});

afterAll(async () => {
  restore?.();
  delete process.env['AWS_ENDPOINT_URL_SQS'];
  await Promise.allSettled([stage?.close(), sqs?.close()]);
});

describe('scheduled-report behind an SQS FIFO queue (fauxqs)', () => {
  it('runs one message per environment group at a time, fans out per segment, dead-letters a failing one', async () => {
    await schedule('per-customer', 'demo');
    await schedule('weekly-qoe', 'demo');
    await schedule('per-customer', 'demo'); // the same schedule twice: deduplicated on its content
    await schedule('no-such-report', 'other');

    const rounds: { group: string; body: Record<string, string>; failed: boolean; result: unknown }[][] = [];
    for (let i = 0; i < 12; i++) {
      const deliveries = await pollOnce(sqs.client, queue.url, invoke);
      if (deliveries.length > 0) {
        rounds.push(
          deliveries.map((d) => ({
            group: d.group,
            body: JSON.parse(d.message.Body!),
            failed: d.failed,
            result: d.result,
          })),
        );
      } else if ((await drain(sqs.client, queue.dlqUrl)).length > 0) break;
      else await new Promise((r) => setTimeout(r, 300)); // the failed message's visibility timeout (1 s)
    }

    // Never two messages of one group in one round; the two groups did run side by side.
    for (const round of rounds) expect(new Set(round.map((d) => d.group)).size).toBe(round.length);
    expect(rounds[0]!.map((d) => d.group).sort()).toEqual(['demo', 'other']);

    const demo = rounds.flat().filter((d) => d.group === 'demo');
    // FIFO order within the group: the fan-out first, then weekly-qoe, then the segments it queued (Mux's order).
    expect(demo.map((d) => [d.body.reportId, d.body.segment ?? null])).toEqual([
      ['per-customer', null],
      ['weekly-qoe', null],
      ['per-customer', 'web'],
      ['per-customer', 'apps'],
    ]);
    expect(demo.every((d) => !d.failed)).toBe(true);
    expect(demo[0]!.result).toEqual({ batchItemFailures: [] });

    // The unknown report failed on each receive (partial batch response), then moved to the dead-letter queue.
    const other = rounds.flat().filter((d) => d.group === 'other');
    expect(other.length).toBe(2);
    expect(other.every((d) => d.failed)).toBe(true);
  });

  it('sent one email per report and segment, to the segment’s recipients, with its own snapshot key', async () => {
    const sends = stage.aws.sesRaw().map((s) => ({ to: s.destinations, text: s.raw.toString('utf8') }));
    const toOf = (needle: string) => sends.filter((s) => s.text.includes(needle)).map((s) => s.to);
    expect(sends).toHaveLength(3);
    expect(toOf('Your weekly QoE: web')).toEqual([['web@example.com']]);
    expect(toOf('Your weekly QoE: apps')).toEqual([['account-managers@example.com']]); // the report's default
    expect(toOf('Weekly QoE')).toHaveLength(1);

    const s3 = new S3Client({
      endpoint: stage.aws.endpoints.s3!,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'snapshots/' }));
    s3.destroy();
    const keys = (listed.Contents ?? []).map((o) => o.Key!).filter((k) => k.endsWith('snapshot.json'));
    expect(keys.map((k) => k.replace(/dt=[\d-]+/, 'dt=D')).sort()).toEqual([
      'snapshots/report=per-customer/segment=apps/cadence=weekly/dt=D/snapshot.json',
      'snapshots/report=per-customer/segment=web/cadence=weekly/dt=D/snapshot.json',
      'snapshots/report=weekly-qoe/cadence=weekly/dt=D/snapshot.json',
    ]);
  });

  it('answers a replayed segment message as already sent (idempotency unchanged)', async () => {
    const result = await invoke({
      Records: [
        {
          messageId: 'replay-1',
          body: JSON.stringify({ reportId: 'per-customer', scheduledTime, segment: 'web' }),
          eventSource: 'aws:sqs',
        },
      ],
    });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(stage.aws.sesRaw()).toHaveLength(3);
  });
});
