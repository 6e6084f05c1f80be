/**
 * Hostile strings from Mux (served by a rewriting proxy in front of the fake: video titles, player error
 * messages, error names/descriptions, breakdown segments, insight values) and in the report title, through the
 * whole pipeline to SES. The email as SES received it is parsed with mailparser: markup is escaped in the HTML,
 * templates are not evaluated, bidi overrides are isolated, and CR/LF cannot inject a header.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import { createDynamoDbClient, createS3Client, createSesClient } from '../../functions/commons/aws/clients.js';
import { ConfigError } from '../../functions/commons/config/load.js';
import { SesSender } from '../../functions/commons/delivery/ses-sender.js';
import { cleanMuxText } from '../../functions/commons/mux/untrusted-text.js';
import { type RunReportResult, runReport } from '../../functions/commons/pipeline/run-report.js';
import { S3SnapshotStore } from '../../functions/commons/report/snapshot-store-s3.js';
import { loadInfraConfig } from '../../infra/config.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import {
  FROM,
  makeConfig,
  NOW,
  PERIOD_SPEC,
  RECIPIENT,
  type RewriteProxy,
  readBucket,
  replaceStrings,
  rewriteData,
  startRewriteProxy,
} from './harness.js';

const HOSTILE =
  '<script>alert(1)</script>"><img src=x onerror=alert(2)>{{x}}<%= x %>\u202Eevil\u202C\r\nBcc: victim@evil.example\r\n\r\n<b>body</b>';
const TITLE = 'Weekly <b>QoE</b> {{x}} <%= x %> "quoted" & \u202Egnp.exe';
const BUCKET = 'hostile';

let fake: FakeMux;
let proxy: RewriteProxy;
let aws: LocalAws;
let s3: S3Client;
let ddb: DynamoDBClient;
let result: RunReportResult;

/** Removes FSI…PDI isolated runs (bidi controls inside them are harmless). */
const withoutIsolates = (s: string) => s.replace(/\u2068[^\u2069]*\u2069/g, '');

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false });
  proxy = await startRewriteProxy(fake.url);
  const to = (keys: string[]) => rewriteData((d) => replaceStrings(d, keys, HOSTILE));
  proxy.add({ match: '/data/v1/video-views', rewrite: to(['video_title', 'player_error_message']) });
  proxy.add({ match: '/data/v1/errors', rewrite: to(['message', 'description']) });
  proxy.add({ match: '/breakdown', rewrite: to(['field']) });
  proxy.add({ match: '/insights', rewrite: to(['filter_value']) });
  aws = await startLocalAws({ s3: { buckets: [BUCKET] }, ses: true, dynamodb: true });
  await aws.createTable('hostile-idem');
  const common = { region: 'eu-west-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  s3 = createS3Client({ ...common, endpoint: aws.endpoints.s3 });
  ddb = createDynamoDbClient({ ...common, endpoint: aws.endpoints.dynamodb });
  result = await runReport({
    config: makeConfig({ envName: 'hostile', reportId: 'hostile', title: TITLE }),
    reportId: 'hostile',
    period: { kind: 'spec', spec: PERIOD_SPEC },
    now: NOW,
    baseUrl: proxy.url,
    credentials: async () => ({ tokenId: 'fake-token-id', tokenSecret: 'fake-token-secret' }),
    clientOptions: { timeoutMs: 5000, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    delivery: {
      store: new S3SnapshotStore({ bucket: BUCKET, client: s3 }),
      sender: new SesSender({ client: createSesClient({ ...common, endpoint: aws.endpoints.ses }), baseDelayMs: 1 }),
      idempotency: { tableName: 'hostile-idem', ddbClient: ddb },
    },
    logger: { info: () => {}, warn: () => {} },
  });
}, 30_000);

afterAll(async () => {
  s3?.destroy();
  ddb?.destroy();
  await proxy?.close();
  await fake?.close();
  await aws?.close();
});

describe('hostile strings from Mux and the config', () => {
  it('reach the snapshot as the Mux boundary cleaned them (mux/untrusted-text.ts) and every affected section is ok', () => {
    const s = result.generated.snapshot;
    const cleaned = cleanMuxText(HOSTILE);
    expect(cleaned).not.toMatch(/[\r\n\u202e]/);
    expect(result.delivery.status).toBe('sent');
    expect(s.failedViews.items[0]?.videoTitle).toBe(cleaned);
    expect(s.errors.items.some((e) => e.message === cleaned)).toBe(true);
    expect(s.breakdowns.items[0]?.rows.some((r) => r.field === cleaned)).toBe(true);
    for (const id of ['failedViews', 'errors', 'breakdowns', 'insights'] as const) expect(s.sections[id]).toBe('ok');
  });

  it('cannot inject a mail header: one To, no Bcc, one-line Subject, envelope = configured recipient', async () => {
    const [send] = aws.sesRaw();
    expect(aws.sesRaw()).toHaveLength(1);
    expect(send?.destinations).toEqual([RECIPIENT]);
    const raw = send?.raw.toString('utf8') ?? '';
    const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(headerBlock).not.toMatch(/^bcc:/im);
    expect(headerBlock).not.toContain('victim@evil.example');
    const mail = await simpleParser(send?.raw ?? Buffer.alloc(0));
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.bcc).toBeUndefined();
    expect(mail.cc).toBeUndefined();
    const to = Array.isArray(mail.to) ? mail.to : [mail.to];
    expect(to.flatMap((a) => a?.value.map((v) => v.address) ?? [])).toEqual([RECIPIENT]);
    expect(mail.from?.value.map((v) => v.address)).toEqual([FROM]);
    expect(mail.subject).toBe(result.generated.email.subject);
    expect(mail.subject).not.toMatch(/[\r\n\u202a-\u202e\u2066-\u2069]/);
    // Every header is one of the ones we write.
    const allowed = new Set([
      'from',
      'to',
      'reply-to',
      'subject',
      'date',
      'message-id',
      'mime-version',
      'content-type',
      'content-transfer-encoding',
      'x-report-id',
      'x-report-period',
      'x-entity-ref-id',
      'list-id',
      'list',
      'auto-submitted',
      'x-auto-response-suppress',
      'precedence',
    ]);
    const unknown = [...mail.headers.keys()].filter((k) => !allowed.has(k) && !k.startsWith('x-mux-qoe'));
    expect(unknown).toEqual([]);
  });

  it('HTML part: markup escaped, templates not evaluated, bidi overrides isolated', async () => {
    const mail = await simpleParser(aws.sesRaw()[0]?.raw ?? Buffer.alloc(0));
    const html = typeof mail.html === 'string' ? mail.html : '';
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toContain('<b>QoE</b>');
    expect(html).not.toContain('<b>body</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Literal template syntax shows as text: neither Eta nor anything else evaluated it.
    expect(html).toContain('{{x}}');
    expect(html).toMatch(/&lt;%= x %&gt;/);
    expect(withoutIsolates(html)).not.toMatch(/[\u202a-\u202e]/);
    expect(html).toMatch(/\u2068[^\u2069]*\u202e/);
  });

  it('text part: one line per value (CR/LF flattened), templates literal, bidi overrides isolated', async () => {
    const mail = await simpleParser(aws.sesRaw()[0]?.raw ?? Buffer.alloc(0));
    const text = mail.text ?? '';
    expect(text).not.toMatch(/^Bcc:/m);
    expect(text).toContain('{{x}}');
    expect(text).toContain('<%= x %>');
    expect(withoutIsolates(text)).not.toMatch(/[\u202a-\u202e]/);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
  });

  it('archived report.html / report.txt / message.eml carry the same escaping', async () => {
    const objects = await readBucket(s3, BUCKET, 'emails/');
    const html = [...objects].find(([k]) => k.endsWith('report.html'))?.[1] ?? '';
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    const eml = [...objects].find(([k]) => k.endsWith('message.eml'))?.[1] ?? '';
    expect(eml.slice(0, eml.indexOf('\r\n\r\n'))).not.toMatch(/^bcc:/im);
  });
});

describe('config: the CDK side refuses invalid files naming the field', () => {
  it('loadInfraConfig throws a ConfigError naming the field', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'infra-config-'));
    const cases: [string, unknown, RegExp][] = [
      [
        'bad-email',
        {
          environments: [{ name: 'demo' }],
          reports: [{ id: 'r1', title: 'T', environment: 'demo', recipients: ['nope'], from: 'a@example.com' }],
        },
        /reports\[r1\]\.recipients\[0\]/,
      ],
      [
        'unknown-env',
        {
          environments: [{ name: 'demo' }],
          reports: [
            { id: 'r1', title: 'T', environment: 'prod', recipients: ['a@example.com'], from: 'a@example.com' },
          ],
        },
        /environment/,
      ],
      [
        'rate-limit',
        {
          environments: [{ name: 'demo', rateLimit: { dataPerSecond: 500 } }],
          reports: [
            { id: 'r1', title: 'T', environment: 'demo', recipients: ['a@example.com'], from: 'a@example.com' },
          ],
        },
        /dataPerSecond/,
      ],
    ];
    for (const [name, value, field] of cases) {
      const path = join(dir, `${name}.jsonc`);
      writeFileSync(path, `// ${name}\n${JSON.stringify(value, null, 2)}\n`);
      let error: unknown;
      try {
        loadInfraConfig(path);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ConfigError);
      expect((error as Error).message, name).toMatch(field);
    }
    const broken = join(dir, 'broken.jsonc');
    writeFileSync(broken, '{ "environments": [ ');
    expect(() => loadInfraConfig(broken)).toThrow(ConfigError);
  });
});
