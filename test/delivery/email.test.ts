import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSesClient } from '../../functions/commons/aws/clients.js';
import type { ReportConfig } from '../../functions/commons/config/schema.js';
import { deliverReport } from '../../functions/commons/delivery/deliver.js';
import {
  buildMime,
  DeliveryError,
  deterministicMessageId,
  planRecipientBatches,
  RecipientNotAllowedError,
  type RenderedEmail,
} from '../../functions/commons/delivery/mime.js';
import { isRetryableSesError, SesSender } from '../../functions/commons/delivery/ses-sender.js';
import { renderEmail } from '../../functions/commons/render/index.js';
import { LocalSnapshotStore } from '../../functions/commons/report/snapshot-store-local.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { defaultSnapshot, hostileSnapshot } from '../helpers/sample-snapshots.js';
import { addresses, renderedEmail, reportConfig } from './fixtures.js';

let aws: LocalAws;
let sender: SesSender;
let archiveDir: string;

beforeAll(async () => {
  archiveDir = await mkdtemp(path.join(tmpdir(), 'email-test-'));
  aws = await startLocalAws({ ses: true });
  sender = new SesSender({
    client: createSesClient({
      endpoint: aws.endpoints.ses,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' },
    }),
    baseDelayMs: 1,
  });
});
afterAll(async () => {
  await aws?.close();
  if (archiveDir) await rm(archiveDir, { recursive: true, force: true });
});
beforeEach(() => aws.sesClear());

/**
 * The production send path without the idempotency table (`deliverReport`, `idempotency: null`): every batch
 * built as MIME and sent through SES, the snapshot archived in a temporary directory first.
 */
function send(input: { email: RenderedEmail; report: ReportConfig; recipients?: string[] }) {
  return deliverReport({
    snapshot: defaultSnapshot(),
    email: input.email,
    report: input.report,
    ...(input.recipients ? { recipients: input.recipients } : {}),
    store: new LocalSnapshotStore(archiveDir),
    sender,
    idempotency: null,
    logger: { info: () => {}, warn: () => {} },
  });
}

function headerLine(mail: ParsedMail, key: string): string | undefined {
  return mail.headerLines.find((h) => h.key === key)?.line;
}

function toAddresses(to: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(to) ? to : to ? [to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
}

describe('MIME', () => {
  it('builds multipart/alternative UTF-8 with report headers and a single-line subject', async () => {
    const raw = await buildMime({
      email: renderedEmail(),
      reportId: 'web-weekly',
      periodKey: '2026-W47',
      from: 'reports@example.com',
      replyTo: 'video-team@example.com',
      to: ['ops@example.com'],
      batchIndex: 0,
      date: new Date('2026-11-23T07:00:00Z'),
    });
    const head = raw.toString('utf8').split('\r\n\r\n')[0] ?? '';
    expect(head).toMatch(/^Content-Type: multipart\/alternative;/m);
    // The CR/LF in the subject must not have produced a header.
    expect(head).not.toMatch(/^Bcc:/im);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('Qualité vidéo 82 (+3) — semaine du 16 nov. 東京 🎬 Bcc: victim@example.com');
    expect(mail.text).toBe(renderedEmail().text);
    expect(mail.html).toBe(renderedEmail().html);
    expect(headerLine(mail, 'list-id')).toBe('List-ID: <web-weekly.mux-qoe-reports>');
    expect(mail.headers.get('x-report-id')).toBe('web-weekly');
    expect(mail.headers.get('x-report-period')).toBe('2026-W47');
    expect(mail.messageId).toBe(
      deterministicMessageId({
        reportId: 'web-weekly',
        periodKey: '2026-W47',
        batchIndex: 0,
        from: 'reports@example.com',
        to: ['ops@example.com'],
      }),
    );
    expect(mail.messageId).toMatch(/^<mqr\.[0-9a-f]{32}\.0@example\.com>$/);
    expect(toAddresses(mail.replyTo)).toEqual(['video-team@example.com']);
  });

  it('derives Message-IDs from report, segment, period, batch, force salt and the batch recipients', () => {
    const base = { reportId: 'r', periodKey: '2026-W47', batchIndex: 0, from: 'a@x.org', to: ['a@x.org', 'b@x.org'] };
    expect(deterministicMessageId(base)).toBe(deterministicMessageId({ ...base }));
    // The same batch, addresses in another order or case: the same message (a retry).
    expect(deterministicMessageId({ ...base, to: ['B@x.org', 'a@x.org'] })).toBe(deterministicMessageId(base));
    const others = [
      { ...base, batchIndex: 1 },
      { ...base, periodKey: '2026-W48' },
      { ...base, reportId: 's' },
      { ...base, messageIdSalt: 'nonce' },
      { ...base, segment: 'acme' },
      { ...base, segment: 'globex' },
      { ...base, to: ['a@x.org'] },
      { ...base, to: ['b@x.org'] },
    ].map(deterministicMessageId);
    expect(new Set([deterministicMessageId(base), ...others]).size).toBe(9);
  });

  it('plans batches of 50, dedupes case-insensitively and refuses strangers', () => {
    const all = addresses(120);
    expect(planRecipientBatches(all, all).map((b) => b.length)).toEqual([50, 50, 20]);
    expect(planRecipientBatches(['OPS@example.com', 'ops@example.com'], ['ops@example.com'])).toEqual([
      ['OPS@example.com'],
    ]);
    const refused = (() => {
      try {
        planRecipientBatches(['ops@example.com', 'evil@example.net'], ['ops@example.com']);
      } catch (error) {
        return error;
      }
      return null;
    })();
    // A typed error (the on-demand API maps it to a 403 by class, not by matching its message).
    expect(refused).toBeInstanceOf(RecipientNotAllowedError);
    expect(refused).toBeInstanceOf(DeliveryError);
    expect(refused).toMatchObject({
      address: 'evil@example.net',
      message: "recipient evil@example.net is not in the report's configured recipients",
    });
  });
});

describe('SES (aws-ses-v2-local)', () => {
  it('delivers a message whose parts, headers and recipients survive the trip', async () => {
    const report = reportConfig();
    const { messageIds } = await send({ email: renderedEmail(), report });
    expect(messageIds).toHaveLength(1);

    const stored = await aws.sesStore();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.messageId).toBe(messageIds[0]);
    expect(stored[0]?.subject).toBe('Qualité vidéo 82 (+3) — semaine du 16 nov. 東京 🎬 Bcc: victim@example.com');
    expect(stored[0]?.destination.to).toEqual(['ops@example.com, Video-Team@example.com']);
    expect(stored[0]?.body.html).toBe(renderedEmail().html);
    expect(stored[0]?.body.text).toBe(renderedEmail().text);

    const [sent] = aws.sesRaw();
    expect(sent?.destinations).toEqual(['ops@example.com', 'Video-Team@example.com']);
    expect(sent?.source).toBe('reports@example.com');
    const mail = await simpleParser(sent?.raw ?? Buffer.alloc(0));
    expect(mail.headers.get('x-report-id')).toBe('web-weekly');
    expect(headerLine(mail, 'list-id')).toBe('List-ID: <web-weekly.mux-qoe-reports>');
    expect(headerLine(mail, 'x-report-period')).toBe('X-Report-Period: 2026-W47');
    expect(toAddresses(mail.to)).toEqual(['ops@example.com', 'Video-Team@example.com']);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; שלום');
    expect(mail.html).not.toContain('<script>');
  });

  it('carries the real renderer output of a hostile snapshot intact', async () => {
    const email = renderEmail(hostileSnapshot());
    await send({ email, report: reportConfig() });
    const head = (aws.sesRaw()[0]?.raw ?? Buffer.alloc(0)).toString('utf8').split('\r\n\r\n')[0] ?? '';
    expect(head).not.toMatch(/^Bcc:/im);
    const mail = await simpleParser(aws.sesRaw()[0]?.raw ?? Buffer.alloc(0));
    expect(mail.subject).toBe(
      email.subject
        .replace(/[\r\n]+/g, ' ')
        .replace(/\s{2,}/g, ' ')
        .trim(),
    );
    expect(mail.html).toBe(email.html);
    expect(mail.text).toBe(email.text);
    expect((await aws.sesStore())[0]?.body.html).toBe(email.html);
  });

  it('splits 120 recipients into 3 messages of ≤ 50', async () => {
    const all = addresses(120);
    const report = reportConfig({ recipients: all });
    const { messageIds } = await send({ email: renderedEmail(), report });
    expect(messageIds).toHaveLength(3);
    const raws = aws.sesRaw();
    expect(raws.map((r) => r.destinations.length)).toEqual([50, 50, 20]);
    expect(raws.flatMap((r) => r.destinations)).toEqual(all);
    expect(await aws.sesStore()).toHaveLength(3);
    const ids = await Promise.all(raws.map(async (r) => (await simpleParser(r.raw)).messageId));
    expect(new Set(ids).size).toBe(3);
  });

  it('refuses a recipient outside the configuration and sends nothing', async () => {
    const report = reportConfig();
    await expect(
      send({ email: renderedEmail(), report, recipients: ['ops@example.com', 'stranger@example.net'] }),
    ).rejects.toThrow("recipient stranger@example.net is not in the report's configured recipients");
    expect(await aws.sesStore()).toHaveLength(0);
  });

  it('retries throttling with backoff and reports SES errors with code and recipient count', async () => {
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    expect(isRetryableSesError(throttled)).toBe(true);
    expect(isRetryableSesError(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryableSesError(Object.assign(new Error('x'), { name: 'MessageRejected' }))).toBe(false);

    let calls = 0;
    const flaky = new SesSender({
      client: {
        send: async () => {
          calls++;
          if (calls < 3) throw throttled;
          return { MessageId: 'ok-1' };
        },
      } as unknown as ReturnType<typeof createSesClient>,
      baseDelayMs: 1,
    });
    expect(await flaky.sendRaw({ raw: Buffer.from('x'), from: 'a@example.com', to: ['b@example.com'] })).toBe('ok-1');
    expect(calls).toBe(3);

    const rejecting = new SesSender({
      client: {
        send: async () => {
          throw Object.assign(new Error('Email address is not verified.'), {
            name: 'MessageRejected',
            $metadata: { httpStatusCode: 400 },
          });
        },
      } as unknown as ReturnType<typeof createSesClient>,
      baseDelayMs: 1,
    });
    await expect(
      rejecting.sendRaw({ raw: Buffer.from('x'), from: 'a@example.com', to: ['b@example.com', 'c@example.com'] }),
    ).rejects.toThrow(
      'SES SendRawEmail to 2 recipient(s) failed after 1 attempt(s): MessageRejected (HTTP 400): Email address is not verified.',
    );
  });
});
