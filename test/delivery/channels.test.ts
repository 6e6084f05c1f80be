/**
 * Slack, Teams and the signed webhook against local HTTP receivers on 127.0.0.1, with the URLs and the signing key in
 * (local) Secrets Manager and exactly-once in (local) DynamoDB: payloads, signatures, one send per channel, a
 * failing channel that blocks nothing and is the only one resent on retry, and sendWhen.
 */
import http from 'node:http';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDynamoDbClient,
  createS3Client,
  createSecretsManagerClient,
  createSesClient,
} from '../../functions/commons/aws/clients.js';
import { reportSchema } from '../../functions/commons/config/schema.js';
import {
  ChannelDeliveryError,
  type DeliverChannelsInput,
  deliverChannels,
} from '../../functions/commons/delivery/channels/deliver-channels.js';
import { secretsManagerChannelSecrets } from '../../functions/commons/delivery/channels/secrets.js';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
} from '../../functions/commons/delivery/channels/signature.js';
import { SLACK_LIMITS, type SlackMessage } from '../../functions/commons/delivery/channels/slack.js';
import type { SnapshotSummary } from '../../functions/commons/delivery/channels/summary.js';
import type { TeamsMessage } from '../../functions/commons/delivery/channels/teams.js';
import { previewMime } from '../../functions/commons/delivery/mime.js';
import { SesSender } from '../../functions/commons/delivery/ses-sender.js';
import { S3SnapshotStore } from '../../functions/commons/report/snapshot-store-s3.js';
import { closeServer, listen, readBody } from '../../support/http-server.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { defaultSnapshot } from '../helpers/sample-snapshots.js';
import { renderedEmail, reportConfig } from './fixtures.js';

const BUCKET = 'channels-test';
const SIGNING_KEY = 'whsec_test_4f1c9a';
const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const NOW = new Date('2026-11-23T07:00:05Z');

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver that records every POST and answers the queued statuses (then 200). */
function receiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server = http.createServer(async (req, res) => {
    received.push({ headers: req.headers, body: (await readBody(req)).toString('utf8') });
    const status = statuses.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status === 200 ? 'ok' : 'internal_error');
  });
  return { server, received, statuses };
}

const slack = receiver();
const teams = receiver();
const hook = receiver();
let aws: LocalAws;
let s3: S3Client;
let ddb: DynamoDBClient;
let sm: SecretsManagerClient;
let ses: SesSender;
let table: string;
let tables = 0;

beforeAll(async () => {
  const [slackUrl, teamsUrl, hookUrl] = await Promise.all([slack, teams, hook].map((r) => listen(r.server)));
  aws = await startLocalAws({
    s3: { buckets: [BUCKET] },
    ses: true,
    dynamodb: true,
    secrets: {
      'chat/slack-video': `${slackUrl}/services/T000/B000/XXXX`,
      'chat/teams-video': `${teamsUrl}/workflows/abc`,
      'hooks/qoe-url': `${hookUrl}/qoe`,
      'hooks/qoe-key': SIGNING_KEY,
    },
  });
  const common = { region: 'eu-west-1', credentials: creds };
  s3 = createS3Client({ ...common, endpoint: aws.endpoints.s3 });
  ddb = createDynamoDbClient({ ...common, endpoint: aws.endpoints.dynamodb });
  sm = createSecretsManagerClient({ ...common, endpoint: aws.endpoints.secretsManager });
  ses = new SesSender({ client: createSesClient({ ...common, endpoint: aws.endpoints.ses }), baseDelayMs: 1 });
});
afterAll(async () => {
  s3?.destroy();
  ddb?.destroy();
  sm?.destroy();
  await aws?.close();
  await Promise.all([slack, teams, hook].map((r) => closeServer(r.server)));
});
beforeEach(async () => {
  for (const r of [slack, teams, hook]) {
    r.received.length = 0;
    r.statuses.length = 0;
  }
  await aws.sesClear();
  table = `channels-${++tables}`;
  await aws.createTable(table);
});

const ALL_CHANNELS = [
  { type: 'email' },
  { type: 'slack', webhookSecret: 'chat/slack-video' },
  { type: 'teams', webhookSecret: 'chat/teams-video' },
  { type: 'webhook', urlSecret: 'hooks/qoe-url', signingSecret: 'hooks/qoe-key' },
];

function input(over: Partial<DeliverChannelsInput> = {}, config: Record<string, unknown> = {}): DeliverChannelsInput {
  return {
    snapshot: defaultSnapshot(),
    email: renderedEmail(),
    report: reportConfig({ channels: ALL_CHANNELS, ...config }),
    store: new S3SnapshotStore({ bucket: BUCKET, client: s3 }),
    sender: ses,
    idempotency: { tableName: table, ddbClient: ddb },
    // A fresh provider per delivery: the secrets are read through the SDK every time (no cross-test cache).
    channelSetup: { secrets: secretsManagerChannelSecrets(sm), region: 'eu-west-1' },
    now: () => NOW,
    logger: { info: () => {}, warn: () => {} },
    ...over,
  };
}

const count = () => [slack, teams, hook].map((r) => r.received.length);

describe('channels', () => {
  it('sends each channel once, with payloads Slack, Teams and a verifying receiver accept', async () => {
    const first = await deliverChannels(input());
    expect(first.status).toBe('sent');
    expect(first.channels.map((c) => [c.channel, c.status])).toEqual([
      ['email', 'sent'],
      ['slack:chat/slack-video', 'sent'],
      ['teams:chat/teams-video', 'sent'],
      ['webhook:hooks/qoe-url', 'sent'],
    ]);
    expect(count()).toEqual([1, 1, 1]);
    expect(await aws.sesStore()).toHaveLength(1);

    // Slack: Block Kit within its limits, headline, scores with deltas, links.
    const s = JSON.parse(slack.received[0]?.body ?? '{}') as SlackMessage;
    expect(s.text).toContain('Viewer experience 82');
    expect(s.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(s.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Web player — weekly QoE', emoji: true },
    });
    const fields = s.blocks.flatMap((b) => ('fields' in b ? (b.fields ?? []) : [])).map((f) => f.text);
    expect(fields).toContain('*Overall Viewer Experience*\n82  ▲ +3 (better) · global 79');
    expect(fields).toContain('*Video startup time (median)*\n1.21 s  ▲ +120 ms (worse)');
    const buttons = s.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b) => b.url)).toEqual([
      'https://dashboard.mux.com',
      expect.stringMatching(
        /^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/s3\/object\/channels-test\?region=eu-west-1&prefix=emails%2Freport%3Dweb-weekly%2F.*report\.html$/,
      ),
    ]);

    // Teams: a Workflows message carrying an Adaptive Card.
    const t = JSON.parse(teams.received[0]?.body ?? '{}') as TeamsMessage;
    expect(t.type).toBe('message');
    const card = t.attachments[0]?.content as {
      type: string;
      version: string;
      body: { type: string; facts?: unknown[] }[];
    };
    expect(t.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.body.find((b) => b.type === 'FactSet')?.facts?.[0]).toEqual({
      title: 'Overall Viewer Experience',
      value: '82 (+3, better)',
    });

    // Webhook: the summary, signed over timestamp + "." + body, verifiable with the documented code.
    const w = hook.received[0]!;
    const summary = JSON.parse(w.body) as SnapshotSummary;
    expect(summary).toMatchObject({
      type: 'mux-qoe-report',
      summaryVersion: 1,
      report: { id: 'web-weekly' },
      period: { key: '2026-W47' },
      headline: expect.stringContaining('Viewer experience 82'),
    });
    // The sample snapshot's causes section (sections/causes/sample.ts): its sentences, each with its dashboard link.
    expect(summary.causes.map((c) => c.text.split(' — ')[0])).toEqual([
      'Video startup time (median) +120 ms vs last week',
      'Rebuffering +0.35 pp vs last week',
    ]);
    expect(summary.causes[0]?.url).toContain('filters[]=browser%3ASafari');
    expect(summary.scores[0]).toMatchObject({ metric: 'viewer_experience_score', display: '82', deltaDisplay: '+3' });
    expect(w.headers[TIMESTAMP_HEADER]).toBe(String(NOW.getTime() / 1000));
    expect(w.headers[DELIVERY_HEADER]).toBe('web-weekly#2026-W47#channel:webhook:hooks/qoe-url');
    const check = (body: string, timestamp = w.headers[TIMESTAMP_HEADER] as string, at = NOW) =>
      verifySignature({
        secret: SIGNING_KEY,
        body,
        timestamp,
        signature: w.headers[SIGNATURE_HEADER] as string,
        now: at,
      });
    expect(check(w.body)).toEqual({ ok: true });
    expect(check(w.body.replace('"82"', '"99"'))).toEqual({ ok: false, reason: 'signature does not match' });
    expect(check(w.body, String(Number(w.headers[TIMESTAMP_HEADER]) + 1))).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(check(w.body, undefined, new Date(NOW.getTime() + 10 * 60_000))).toMatchObject({ ok: false });

    // Exactly once: a second run (a retry, a duplicate invocation) sends nothing anywhere.
    const second = await deliverChannels(input());
    expect(second.status).toBe('already-sent');
    expect(second.channels.every((c) => c.status === 'already-sent')).toBe(true);
    expect(count()).toEqual([1, 1, 1]);
    expect(await aws.sesStore()).toHaveLength(1);
  });

  it('a chat-only report (no recipients, no from) posts to Slack and sends no email', async () => {
    const chatOnly = reportSchema.parse({
      ...reportConfig(),
      recipients: undefined,
      from: undefined,
      replyTo: undefined,
      channels: [{ type: 'slack', webhookSecret: 'chat/slack-video' }],
    });
    const result = await deliverChannels({ ...input(), report: chatOnly });
    expect(result.channels.map((c) => [c.channel, c.status])).toEqual([['slack:chat/slack-video', 'sent']]);
    expect(count()).toEqual([1, 0, 0]);
    expect(await aws.sesStore()).toHaveLength(0);
    const preview = (await previewMime(renderedEmail(), chatOnly, '2026-W47')).toString('utf8');
    expect(preview).toMatch(/^From: preview@mux-qoe-reports\.invalid\r?$/m);
  });

  it('a failing channel blocks no other; the retry sends only that one', async () => {
    slack.statuses.push(500);
    const error = await deliverChannels(input()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelDeliveryError);
    expect((error as Error).message).toBe(
      '1 of 4 channels failed (the others are done and will not be resent): ' +
        'slack:chat/slack-video: slack: answered HTTP 500: internal_error',
    );
    // The message never carries the webhook URL (a credential).
    expect((error as Error).message).not.toMatch(/127\.0\.0\.1|services\/T000/);
    expect(count()).toEqual([1, 1, 1]);
    expect(await aws.sesStore()).toHaveLength(1);

    const retry = await deliverChannels(input());
    expect(retry.channels.map((c) => c.status)).toEqual(['already-sent', 'sent', 'already-sent', 'already-sent']);
    expect(retry.status).toBe('sent');
    expect(count()).toEqual([2, 1, 1]);
    expect(await aws.sesStore()).toHaveLength(1);
  });

  it('a missing secret fails that channel, naming the secret', async () => {
    const result = await deliverChannels(
      input({}, { channels: [{ type: 'email' }, { type: 'slack', webhookSecret: 'chat/nope' }] }),
    ).catch((e: unknown) => e as ChannelDeliveryError);
    expect(result).toBeInstanceOf(ChannelDeliveryError);
    expect((result as ChannelDeliveryError).outcomes.map((o) => o.status)).toEqual(['sent', 'failed']);
    expect((result as Error).message).toContain('secret chat/nope could not be read');
  });

  it('sendWhen: an alert-only report archives every period but sends only when something got worse', async () => {
    const improved = defaultSnapshot();
    for (const m of [...improved.scores.items, ...improved.keyMetrics.items]) {
      if (m.verdict === 'worse') m.verdict = 'flat';
    }
    const quiet = await deliverChannels(input({ snapshot: improved }, { sendWhen: 'worse' }));
    expect(quiet).toMatchObject({ status: 'skipped', decision: { send: false }, channels: [], messageIds: [] });
    expect(count()).toEqual([0, 0, 0]);
    expect(await aws.sesStore()).toHaveLength(0);
    const archived = await new S3SnapshotStore({ bucket: BUCKET, client: s3 }).get(
      'web-weekly',
      'weekly',
      '2026-11-16',
    );
    expect(archived?.period.key).toBe('2026-W47');

    // The default week has startup time +120 ms: worse beyond 100 ms sends, beyond 150 ms does not.
    const beyond150 = await deliverChannels(
      input({}, { sendWhen: { metric: 'video_startup_time:median', beyond: 150 } }),
    );
    expect(beyond150.status).toBe('skipped');
    const beyond100 = await deliverChannels(
      input({}, { sendWhen: { metric: 'video_startup_time:median', beyond: 100 } }),
    );
    expect(beyond100.status).toBe('sent');
    expect(beyond100.decision.reason).toBe('video_startup_time:median got worse by more than 100 (+120 ms)');
    expect(count()).toEqual([1, 1, 1]);
  });

  it('a send to one recipient is its own delivery: the full send after it reaches the others and every chat channel', async () => {
    const three = { recipients: ['ops@example.com', 'Video-Team@example.com', 'oncall@example.com'] };
    const destinations = () => aws.sesRaw().map((m) => m.destinations.map((d) => d.toLowerCase()));

    // 1. One recipient: their email only; Slack, Teams and the webhook are neither sent nor recorded.
    const subset = await deliverChannels(input({ recipients: ['video-team@example.com'] }, three));
    expect(subset.status).toBe('sent');
    expect(subset.channels.map((c) => [c.channel, c.status])).toEqual([
      ['email', 'sent'],
      ['slack:chat/slack-video', 'skipped'],
      ['teams:chat/teams-video', 'skipped'],
      ['webhook:hooks/qoe-url', 'skipped'],
    ]);
    expect(count()).toEqual([0, 0, 0]);
    expect(destinations()).toEqual([['video-team@example.com']]);

    // 2. The full send: exactly the two who have not had this period's email, and every chat channel once.
    const full = await deliverChannels(input({}, three));
    expect(full.status).toBe('sent');
    expect(full.channels.map((c) => c.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(count()).toEqual([1, 1, 1]);
    expect(destinations()).toEqual([['video-team@example.com'], ['ops@example.com', 'oncall@example.com']]);
    expect(full.recipients.map((r) => [r.address, r.status])).toEqual([
      ['ops@example.com', 'sent'],
      ['Video-Team@example.com', 'already-sent'],
      ['oncall@example.com', 'sent'],
    ]);
    // The two messages are distinct messages: distinct Message-IDs, and the records keep the ids SES returned.
    const mails = await aws.sesStore();
    expect(new Set(mails.map((m) => m.messageId))).toEqual(new Set(full.messageIds));
    const headers = await Promise.all(aws.sesRaw().map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(new Set(headers).size).toBe(2);

    // 3. Again: nothing more for anyone.
    const again = await deliverChannels(input({}, three));
    expect(again.status).toBe('already-sent');
    expect(again.channels.map((c) => c.status)).toEqual([
      'already-sent',
      'already-sent',
      'already-sent',
      'already-sent',
    ]);
    expect(count()).toEqual([1, 1, 1]);
    expect(aws.sesRaw()).toHaveLength(2);

    // A subset for a report without an email channel is the caller's mistake, before anything is archived or sent.
    const chatOnly = { recipients: [], from: undefined, replyTo: undefined, channels: ALL_CHANNELS.slice(1) };
    await expect(deliverChannels(input({ recipients: ['ops@example.com'] }, chatOnly))).rejects.toThrow(
      'report web-weekly has no email channel: "recipients" chooses who gets the email',
    );
  });
});
