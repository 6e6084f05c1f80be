/**
 * Secret hygiene: recognisable token values (canaries) go in through the Secrets Manager endpoint and the fake
 * Mux, the whole pipeline runs — through `runReport` and through the real scheduled-report handler, on success,
 * with a failing section, with Mux answering 401, with a corrupt secret — and the canaries (plain or as the Basic
 * auth base64) must appear nowhere: logs (stdout/stderr/console), snapshot, every archived S3 object, the raw
 * email, thrown errors (message and `inspect`), Mux client events, and the synthesized CDK template.
 */
import { inspect } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import {
  createDynamoDbClient,
  createS3Client,
  createSesClient,
  resetAwsClients,
} from '../../functions/commons/aws/clients.js';
import { SesSender } from '../../functions/commons/delivery/ses-sender.js';
import type { MuxEvent } from '../../functions/commons/mux/index.js';
import { runReport, secretsManagerCredentials } from '../../functions/commons/pipeline/run-report.js';
import { S3SnapshotStore } from '../../functions/commons/report/snapshot-store-s3.js';
import { lambdaEnvironment } from '../../functions/commons/settings/environment.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { makeConfig, NOW, PERIOD_SPEC, readBucket } from './harness.js';

const TOKEN_ID = 'TOKENID-canary-1b2c';
const TOKEN_SECRET = 'SECRET-canary-7f3a9c';
const BUCKET = 'hygiene';
const TABLE = 'hygiene-idempotency';

/** Every way the canaries could leak: plain, the Basic credential, and the secret at each base64 alignment. */
function canaryForms(): string[] {
  const forms = [TOKEN_ID, TOKEN_SECRET, Buffer.from(`${TOKEN_ID}:${TOKEN_SECRET}`).toString('base64')];
  for (const value of [TOKEN_ID, TOKEN_SECRET]) {
    for (let pad = 0; pad < 3; pad++) {
      // The stable middle of base64(prefix + value) for any 0–2 byte prefix alignment.
      const b64 = Buffer.from(`${'x'.repeat(pad)}${value}`).toString('base64');
      forms.push(b64.slice(Math.ceil((pad * 4) / 3) + 1, -4));
    }
  }
  // URL-encoded and JSON-escaped forms are identical for these ASCII values.
  return [...new Set(forms)];
}
const CANARIES = canaryForms();

function expectNoCanary(where: string, text: string): void {
  for (const canary of CANARIES) {
    if (text.includes(canary)) throw new Error(`canary ${canary} leaked into ${where}`);
  }
}

let fake: FakeMux;
let aws: LocalAws;
let s3: S3Client;
let ddb: DynamoDBClient;
let ses: SesSender;
const logs: string[] = [];
const spies: MockInstance[] = [];
const savedEnv = { ...process.env };

function captureLogs(): void {
  const record = (chunk: unknown) =>
    logs.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
  for (const stream of [process.stdout, process.stderr]) {
    // Captured, not forwarded: the test output stays readable (vitest reports over IPC, not this stream).
    spies.push(
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
        record(chunk);
        return true;
      }) as typeof stream.write),
    );
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    spies.push(
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logs.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' '));
      }),
    );
  }
}

const envName = 'canary';
const secretName = `mux-qoe-reports/${envName}`;

beforeAll(async () => {
  fake = await startFakeMux({ port: 0, now: NOW, rateLimit: false, tokenId: TOKEN_ID, tokenSecret: TOKEN_SECRET });
  aws = await startLocalAws({
    s3: { buckets: [BUCKET] },
    ses: true,
    dynamodb: true,
    secrets: {
      [secretName]: JSON.stringify({ tokenId: TOKEN_ID, tokenSecret: TOKEN_SECRET }),
      // Truncated JSON that quotes the canaries: the error must not echo the value.
      'mux-qoe-reports/broken': `{"tokenId":"${TOKEN_ID}","tokenSecret":"${TOKEN_SECRET}"`,
      // Right shape, wrong type for one field: the error must name the field, not the value.
      'mux-qoe-reports/wrongtype': JSON.stringify({ tokenId: TOKEN_ID, tokenSecret: [TOKEN_SECRET] }),
    },
  });
  await aws.createTable(TABLE);
  Object.assign(process.env, aws.env);
  resetAwsClients();
  const common = { region: 'eu-west-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  s3 = createS3Client({ ...common, endpoint: aws.endpoints.s3 });
  ddb = createDynamoDbClient({ ...common, endpoint: aws.endpoints.dynamodb });
  ses = new SesSender({ client: createSesClient({ ...common, endpoint: aws.endpoints.ses }), baseDelayMs: 1 });
  captureLogs();
}, 30_000);

afterAll(async () => {
  for (const spy of spies) spy.mockRestore();
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  resetAwsClients();
  s3?.destroy();
  ddb?.destroy();
  await fake?.close();
  await aws?.close();
});

const errors: unknown[] = [];
const events: MuxEvent[] = [];

function run(reportId: string, opts: { secret?: string } = {}) {
  return runReport({
    config: makeConfig({ envName, reportId, ...(opts.secret ? { secretName: opts.secret } : {}) }),
    reportId,
    period: { kind: 'spec', spec: PERIOD_SPEC },
    now: NOW,
    baseUrl: fake.url,
    credentials: secretsManagerCredentials,
    onMuxEvent: (e) => {
      events.push(e);
      console.log('mux event', e);
    },
    clientOptions: { timeoutMs: 2000, maxRetries: 1, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    delivery: {
      store: new S3SnapshotStore({ bucket: BUCKET, client: s3 }),
      sender: ses,
      idempotency: { tableName: TABLE, ddbClient: ddb },
    },
  });
}

describe('secret hygiene', () => {
  it('success with a failing section: report sent, nothing carries the token', async () => {
    fake.addFault({ match: '/data/v1/errors', kind: 500 });
    const result = await run('hygiene-ok');
    fake.clearFaults();
    expect(result.delivery.status).toBe('sent');
    expect(result.generated.snapshot.errors.status).toBe('unavailable');
    expectNoCanary('snapshot', JSON.stringify(result.generated.snapshot));
    expectNoCanary('rendered email', JSON.stringify(result.generated.email));
    expectNoCanary('run result', inspect(result, { depth: 12 }));
  });

  it('Mux answering 401 and corrupt secrets: clear errors without the token', async () => {
    fake.addFault({ match: '*', kind: 401 });
    const unauthorized = await run('hygiene-401').catch((e: unknown) => e);
    fake.clearFaults();
    expect(unauthorized).toBeInstanceOf(Error);
    expect((unauthorized as Error).message).toMatch(/token was rejected \(401/);

    const broken = await run('hygiene-broken', { secret: 'mux-qoe-reports/broken' }).catch((e: unknown) => e);
    expect((broken as Error).message).toBe('secret mux-qoe-reports/broken is not valid JSON');
    const wrongType = await run('hygiene-wrongtype', { secret: 'mux-qoe-reports/wrongtype' }).catch((e: unknown) => e);
    expect((wrongType as Error).message).toBe('secret mux-qoe-reports/wrongtype: field tokenSecret must be a string');
    errors.push(unauthorized, broken, wrongType);
    for (const [i, error] of errors.entries()) {
      expectNoCanary(`error ${i} message`, (error as Error).message);
      expectNoCanary(`error ${i} inspect`, inspect(error, { depth: 12, showHidden: true }));
      expectNoCanary(`error ${i} stack`, (error as Error).stack ?? '');
      console.error('run failed', error);
    }
  });

  it('the real scheduled-report handler, success then 401: logs carry no token', async () => {
    Object.assign(
      process.env,
      lambdaEnvironment({
        config: {
          environments: [{ name: envName, rateLimit: { dataPerSecond: 50 } }],
          reports: [
            {
              id: 'hygiene-handler',
              title: 'Hygiene',
              environment: envName,
              recipients: ['a@example.com'],
              from: 'r@example.com',
            },
          ],
        },
        snapshotBucket: BUCKET,
        idempotencyTable: TABLE,
        service: 'scheduled-report',
        logLevel: 'DEBUG',
        mux: { baseUrl: fake.url, timeoutMs: 2000, maxRetries: 1, retryBaseDelayMs: 1 },
      }),
    );
    const { resetSettings } = await import('../../functions/commons/settings/index.js');
    resetSettings();
    const { handler } = await import('../../functions/scheduled-report/handler.js');
    const context = {
      getRemainingTimeInMillis: () => 60_000,
      awsRequestId: 'req-1',
      functionName: 'scheduled-report',
    };
    fake.addFault({ match: '/incidents', kind: 500 });
    const ok = await handler({ reportId: 'hygiene-handler', scheduledTime: '2026-11-16T07:00:00Z' }, context as never);
    fake.clearFaults();
    expect(ok.status).toBe('sent');
    fake.addFault({ match: '*', kind: 401 });
    const failed = await handler(
      { reportId: 'hygiene-handler', scheduledTime: '2026-11-09T07:00:00Z' },
      context as never,
    ).catch((e: unknown) => e);
    fake.clearFaults();
    expect(failed).toBeInstanceOf(Error);
    expectNoCanary('handler error', inspect(failed, { depth: 12, showHidden: true }));
    resetSettings();
  });

  it('nothing in logs, Mux events, S3 objects or the emails as SES received them', async () => {
    const allLogs = logs.join('\n');
    // The capture works: the pipeline's own log lines are in it.
    expect(allLogs).toContain('delivery finished');
    expect(events.length).toBeGreaterThan(20);
    expectNoCanary('logs', allLogs);
    expectNoCanary('mux events', JSON.stringify(events));

    const objects = await readBucket(s3, BUCKET);
    expect([...objects.keys()].filter((k) => k.endsWith('snapshot.json'))).toHaveLength(2);
    expect([...objects.keys()].some((k) => k.endsWith('message.eml'))).toBe(true);
    for (const [key, body] of objects) expectNoCanary(`s3://${BUCKET}/${key}`, body);

    const raws = aws.sesRaw();
    expect(raws).toHaveLength(2);
    for (const raw of raws) expectNoCanary('raw email', raw.raw.toString('utf8'));
    expectNoCanary('SES store', JSON.stringify(await aws.sesStore()));
  });

  it('the synthesized CDK template carries no token, even with token variables in the deployer shell', async () => {
    const { buildStack } = await import('../../infra/app.js');
    const saved = { ...process.env };
    Object.assign(process.env, {
      MUX_TOKEN_ID: TOKEN_ID,
      MUX_TOKEN_SECRET: TOKEN_SECRET,
      MUX_ACCESS_TOKEN: `${TOKEN_ID}:${TOKEN_SECRET}`,
    });
    let template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    try {
      const app = new App({
        context: { 'aws:cdk:bundling-stacks': [], configPath: 'reports.config.jsonc', alarmEmail: 'ops@example.com' },
      });
      template = Template.fromStack(buildStack(app)).toJSON() as typeof template;
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    }
    expectNoCanary('CloudFormation template', JSON.stringify(template));
    const secrets = Object.values(template.Resources).filter((r) => r.Type === 'AWS::SecretsManager::Secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) {
      expect(s.Properties).not.toHaveProperty('SecretString');
      expect(s.Properties).not.toHaveProperty('GenerateSecretString');
    }
    // The two perimeter guarantees docs/reliability.md states: IAM-only Function URL, TLS-only bucket.
    const urls = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Url');
    expect(urls.map((u) => u.Properties?.['AuthType'])).toEqual(['AWS_IAM']);
    const bucketPolicies = Object.values(template.Resources).filter((r) => r.Type === 'AWS::S3::BucketPolicy');
    expect(JSON.stringify(bucketPolicies)).toContain('"aws:SecureTransport":"false"');
    // Functions get the secret through IAM (GetSecretValue), never a token in an environment variable.
    for (const r of Object.values(template.Resources).filter((x) => x.Type === 'AWS::Lambda::Function')) {
      const vars = (r.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables;
      expect(Object.keys(vars ?? {}).filter((k) => /TOKEN/i.test(k))).toEqual([]);
    }
  }, 30_000);
});
