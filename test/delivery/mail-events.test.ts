/**
 * Bounces and complaints suppress an address, end to end over real HTTP on 127.0.0.1: the real scheduled-report
 * handler sends through the local SES (aws-ses-v2-local) with the configuration set and its `report` tag; SES's
 * bounce and complaint events for those messages go on a local SQS queue with a dead-letter queue (fauxqs) as the
 * EventBridge rule's SQS target would put them; the real mail-events handler records them in DynamoDB (dynalite);
 * the next runs skip the addresses, for every report; `npm run subscribers -- --suppressed` lists and re-adds them.
 *
 * Stand-in, said plainly: no local emulator implements SES event publishing or EventBridge, so the events are
 * built here in the shape SES documents for its event records ("Contents of event data that Amazon SES publishes")
 * inside EventBridge's envelope (`detail-type` "Email Bounced" / "Email Complaint Received", `source` "aws.ses"),
 * from what the local SES actually received (destinations, configuration set, tags).
 */
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSubscribersCli } from '../../cli/subscribers.js';
import type { ConfigInput } from '../../functions/commons/config/schema.js';
import { DynamoSuppressionList } from '../../functions/commons/delivery/unsubscribe/suppressions.js';
import type * as MailEventsModule from '../../functions/mail-events/handler.js';
import type * as ScheduledModule from '../../functions/scheduled-report/handler.js';
import { lambdaContext, mondayMorning } from '../../support/events.js';
import type { RawSend } from '../../support/local-aws.js';
import { FAKE_CREDENTIALS, type Stage, startStage, useEnvironment } from '../../support/stage.js';
import { createMailListTable, localDynamoDb } from '../helpers/mail-list-table.js';
import { memoryIo } from '../helpers/memory-io.js';
import { type QueueWithDlq, type SqsEmulator, sqsBatchEventOf, startSqsEmulator } from '../queue/sqs-emulator.js';

const TABLE = 'mail-lists';
const CONFIGURATION_SET = 'mux-qoe-reports-set';
const KEY_SECRET = 'mux-qoe-reports/unsubscribe-key';

const config: ConfigInput = {
  environments: [{ name: 'demo', rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 } }],
  reports: [
    {
      id: 'team',
      title: 'Team report',
      environment: 'demo',
      recipients: ['lead@platform.example', 'Gone@Platform.example', 'full@platform.example'],
      from: 'qoe@platform.example',
    },
    {
      id: 'per-customer',
      title: 'Video experience',
      environment: 'demo',
      audience: 'external',
      from: 'qoe@platform.example',
      recipients: ['am@platform.example'],
      fanOut: {
        dimension: 'sub_property_id',
        values: ['acme'],
        recipients: { acme: ['ops@acme.example', 'cto@acme.example'] },
      },
    },
  ],
};

let stage: Stage;
let sqs: SqsEmulator;
let queue: QueueWithDlq;
/** The team report's first message, as the local SES received it. */
let teamSend: RawSend;
const now = new Date();
const week = (n: number) => mondayMorning(now, n).toISOString();

const ddb = () => localDynamoDb(stage.aws.endpoints.dynamodb!);
const suppressions = () => new DynamoSuppressionList({ tableName: TABLE, client: ddb() });

/** Imports a handler fresh with `service`'s environment (the module reads it at init). */
async function withHandler<M, R>(service: string, load: () => Promise<M>, run: (m: M) => Promise<R>): Promise<R> {
  const restore = useEnvironment(stage.env(service));
  try {
    vi.resetModules();
    return await run(await load());
  } finally {
    restore();
  }
}

async function runReport(reportId: string, scheduledTime: string, segment?: string): Promise<void> {
  await withHandler(
    'scheduled-report',
    () => import('../../functions/scheduled-report/handler.js') as Promise<typeof ScheduledModule>,
    ({ handler }) => handler({ reportId, scheduledTime, ...(segment ? { segment } : {}) }, lambdaContext()),
  );
}

/** What SES publishes to EventBridge for a message it sent (`send`), in its documented shape. */
function sesEvent(send: RawSend, event: { bounce?: Record<string, unknown>; complaint?: Record<string, unknown> }) {
  const tags: Record<string, string[]> = { 'ses:configuration-set': [send.configurationSet ?? ''] };
  for (const [name, value] of Object.entries(send.tags ?? {})) tags[name] = [value];
  const mail = {
    timestamp: '2026-11-30T07:00:01.000Z',
    source: send.source,
    messageId: '0100019a-test-message-id-000000',
    destination: send.destinations,
    tags,
  };
  return event.bounce
    ? {
        version: '0',
        id: 'c3d4e5f6-a7b8-9012-cdef-123456789012',
        'detail-type': 'Email Bounced',
        source: 'aws.ses',
        account: '123456789012',
        time: '2026-11-30T07:00:03Z',
        region: 'eu-west-1',
        resources: [],
        detail: { eventType: 'Bounce', mail, bounce: event.bounce },
      }
    : {
        version: '0',
        id: 'd4e5f6a7-b8c9-0123-def0-234567890123',
        'detail-type': 'Email Complaint Received',
        source: 'aws.ses',
        account: '123456789012',
        time: '2026-11-30T09:12:00Z',
        region: 'eu-west-1',
        resources: [],
        detail: { eventType: 'Complaint', mail, complaint: event.complaint },
      };
}

const permanentBounce = (address: string) => ({
  bounceType: 'Permanent',
  bounceSubType: 'General',
  bouncedRecipients: [
    { emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
  ],
  timestamp: '2026-11-30T07:00:02.669Z',
  feedbackId: '0100019a-feedback-000000',
  reportingMTA: 'dsn; a8-21.smtp-out.amazonses.com',
});

/**
 * One receive of up to 10 messages handed to the mail-events handler as one batch (its event source mapping's
 * batch size), then DeleteMessage for each record not in `batchItemFailures`, as the mapping does.
 */
async function pollMailEvents(): Promise<{ received: Message[]; failed: string[] }> {
  const res = await sqs.client.send(
    new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
  );
  const received = res.Messages ?? [];
  if (received.length === 0) return { received, failed: [] };
  const answer = await withHandler(
    'mail-events',
    () => import('../../functions/mail-events/handler.js') as Promise<typeof MailEventsModule>,
    ({ handler }) =>
      handler(sqsBatchEventOf(received, 'arn:aws:sqs:eu-west-1:000000000000:mail-events'), lambdaContext()),
  );
  const failed = answer.batchItemFailures.map((f) => f.itemIdentifier);
  for (const m of received) {
    if (!failed.includes(m.MessageId!)) {
      await sqs.client.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: m.ReceiptHandle }));
    }
  }
  return { received, failed };
}

const put = (body: unknown) =>
  sqs.client.send(
    new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

beforeAll(async () => {
  [stage, sqs] = await Promise.all([
    startStage({
      config,
      bucket: 'mail-events-snapshots',
      table: 'mail-events-idempotency',
      secrets: { 'mux-qoe-reports/demo': JSON.stringify(FAKE_CREDENTIALS), [KEY_SECRET]: 'k'.repeat(64) },
      settings: {
        sesConfigurationSet: CONFIGURATION_SET,
        suppressionTable: TABLE,
        unsubscribe: { url: 'https://unsub.example.on.aws/', table: TABLE, keySecret: KEY_SECRET },
        metricsDisabled: true,
        logLevel: 'SILENT',
      },
    }),
    startSqsEmulator(),
  ]);
  // The stack's table (infra/constructs/customer-mail.ts): unsubscribes and suppressions share it.
  await createMailListTable(stage.aws.endpoints.dynamodb!, TABLE);
  // Visibility 1 s and 2 receives: a message that can never be recorded reaches the dead-letter queue quickly.
  queue = await sqs.createQueue('mail-events', { visibilityTimeoutS: 1, maxReceiveCount: 2 });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([stage?.close(), sqs?.close()]);
});

describe('bounce and complaint events suppress an address, end to end', () => {
  it('records a hard bounce and a complaint from SES events; ignores a soft bounce and another set', async () => {
    await stage.aws.sesClear();
    await runReport('team', week(3));
    await runReport('per-customer', week(3), 'acme');
    const sent = stage.aws.sesRaw();
    const team = sent.find((s) => s.destinations.includes('Gone@Platform.example'))!;
    teamSend = team;
    const cto = sent.find((s) => s.destinations.includes('cto@acme.example'))!;
    // Every message carries the configuration set and the tag the events bring back.
    expect(team.configurationSet).toBe(CONFIGURATION_SET);
    expect(team.tags).toEqual({ report: 'team' });
    expect(cto.tags).toEqual({ report: 'per-customer' });

    // The remote server says "user unknown" (SES lowercases nothing: the address as the DSN gives it).
    await put(sesEvent(team, { bounce: permanentBounce('gone@platform.example') }));
    await put(
      sesEvent(cto, {
        complaint: {
          complainedRecipients: [{ emailAddress: 'cto@acme.example' }],
          timestamp: '2026-11-30T09:11:58.000Z',
          feedbackId: '0100019a-complaint-000000',
          complaintFeedbackType: 'abuse',
          userAgent: 'Yahoo!-Mail-Feedback/2.0',
        },
      }),
    );
    // A full mailbox: SES reports it only after its own retries, and the next run should simply try again.
    await put(
      sesEvent(team, {
        bounce: { ...permanentBounce('full@platform.example'), bounceType: 'Transient', bounceSubType: 'MailboxFull' },
      }),
    );
    // Another stack's configuration set in the same account (the rule filters it; the function checks again).
    await put(
      sesEvent(
        { ...team, configurationSet: 'someone-elses-set' },
        { bounce: permanentBounce('lead@platform.example') },
      ),
    );

    const { received, failed } = await pollMailEvents();
    expect(received).toHaveLength(4);
    expect(failed).toEqual([]);
    const rows = await suppressions().all();
    expect(rows.map((r) => [r.address, r.source, r.detail, r.reportId]).sort()).toEqual([
      ['cto@acme.example', 'complaint', 'abuse', 'per-customer'],
      ['gone@platform.example', 'bounce', 'Permanent/General', 'team'],
    ]);
    expect(rows.find((r) => r.source === 'bounce')!.at).toBe('2026-11-30T07:00:02.669Z');
    // Nothing of the remote server's text is kept.
    expect(JSON.stringify(rows)).not.toContain('550');
  }, 90_000);

  it('the next runs skip the suppressed addresses, for every report, and only them', async () => {
    await stage.aws.sesClear();
    await runReport('team', week(2));
    await runReport('per-customer', week(2), 'acme');
    expect(stage.aws.sesRaw().map((s) => s.destinations)).toEqual([
      ['lead@platform.example', 'full@platform.example'],
      ['ops@acme.example'],
    ]);
  }, 90_000);

  it('an event that is not an SES event is retried, then kept in the dead-letter queue; the others are done', async () => {
    // A bounce with no bounce object, and SES's record without EventBridge's envelope (an SNS-style wiring).
    await put('{"detail-type":"Email Bounced","source":"aws.ses","detail":{"eventType":"Bounce"}}');
    await put(sesEvent(teamSend, { bounce: permanentBounce('lead@platform.example') }).detail);
    const first = await pollMailEvents();
    expect(first.received).toHaveLength(2);
    expect(first.failed).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the visibility timeout
    const second = await pollMailEvents();
    expect(second.failed).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // After maxReceiveCount receives SQS moves them to the dead-letter queue: nothing is lost, nothing recorded.
    expect((await pollMailEvents()).received).toHaveLength(0);
    const dead = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, MaxNumberOfMessages: 10 }));
    expect(dead.Messages ?? []).toHaveLength(2);
    expect((await suppressions().all()).map((r) => r.address).sort()).toEqual([
      'cto@acme.example',
      'gone@platform.example',
    ]);
  }, 30_000);

  it('npm run subscribers -- --suppressed lists them and re-adds one after its cause is fixed', async () => {
    const io = memoryIo({ env: { REPORTS_CONFIG: JSON.stringify(config) } });
    const [out, err] = [io.stdout.writes, io.stderr.writes];
    const cli = (...argv: string[]) =>
      runSubscribersCli(['--table', TABLE, ...argv], io, { suppressions: suppressions() });

    expect(await cli('--suppressed', '--list')).toBe(0);
    expect(out.pop()!.split('\n').filter(Boolean).sort()).toEqual([
      'cto@acme.example\t2026-11-30T09:11:58.000Z\tcomplaint\tabuse\tper-customer',
      'gone@platform.example\t2026-11-30T07:00:02.669Z\tbounce\tPermanent/General\tteam',
    ]);
    expect(await cli('--suppressed', '--resubscribe', 'Gone@Platform.example')).toBe(0);
    const said = out.pop()!;
    expect(said).toContain('Gone@Platform.example is no longer suppressed');
    // SES keeps its own list: the operator is told the exact command.
    expect(said).toContain('aws sesv2 delete-suppressed-destination --email-address Gone@Platform.example');
    expect(await cli('--suppressed', '--resubscribe', 'gone@platform.example')).toBe(0);
    expect(out.pop()).toMatch(/was not suppressed/);

    await stage.aws.sesClear();
    await runReport('team', week(1));
    expect(stage.aws.sesRaw().map((s) => s.destinations)).toEqual([
      ['lead@platform.example', 'Gone@Platform.example', 'full@platform.example'],
    ]);

    const usage: [string[], RegExp][] = [
      [['--suppressed', '--report', 'team', '--list'], /leave out --report and --segment/],
      [['--suppressed', '--unsubscribe', 'a@b.example'], /--suppressed takes --list or --resubscribe/],
      [['--suppressed', '--resubscribe', 'nope'], /is not an email address/],
    ];
    for (const [argv, message] of usage) {
      expect(await cli(...argv), argv.join(' ')).toBe(2);
      expect(err.pop()).toMatch(message);
    }
  }, 90_000);
});
