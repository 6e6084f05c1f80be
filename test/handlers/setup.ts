/**
 * A deployment in miniature for the handler tests: the fake Mux on 127.0.0.1 (its clock = the real
 * clock, since the handlers compute periods from the real clock), s3rver, SES, dynalite and a Secrets
 * Manager endpoint, wired through the same environment variables Lambda would get. Handler modules are
 * imported fresh after `process.env` is set (`vi.resetModules()` + dynamic import).
 */
import { vi } from 'vitest';
import { type FakeMux, startFakeMux } from '../../fake-mux/server.js';
import type { ConfigInput } from '../../functions/commons/config/schema.js';
import { type LocalAws, startLocalAws } from '../helpers/local-aws.js';

export const BUCKET = 'handler-snapshots';
export const TABLE = 'handler-idempotency';

const GOOD = JSON.stringify({ tokenId: 'fake-token-id', tokenSecret: 'fake-token-secret' });
const WRONG = JSON.stringify({ tokenId: 'fake-token-id', tokenSecret: 'not-the-secret' });

/** Fast limits: the fake is started without rate limiting. */
const rateLimit = { dataPerSecond: 50, monitoringPerSecond: 10 };

export const testConfig: ConfigInput = {
  environments: [
    { name: 'demo', secretName: 'mux-qoe-reports/demo', rateLimit },
    { name: 'wrongcreds', secretName: 'mux-qoe-reports/wrongcreds', rateLimit },
    { name: 'nosecret', secretName: 'mux-qoe-reports/nosecret', rateLimit },
  ],
  reports: [
    {
      id: 'weekly-qoe',
      title: 'Weekly video QoE',
      environment: 'demo',
      cadence: 'weekly',
      timeZone: 'Europe/Paris',
      recipients: ['video-team@example.com', 'oncall-video@example.com', 'Boss@Corp.example.org'],
      from: 'qoe-reports@example.com',
      replyTo: 'video-team@example.com',
    },
    {
      id: 'daily-lite',
      title: 'Daily lite',
      environment: 'demo',
      cadence: 'daily',
      timeZone: 'UTC',
      sections: { insights: false, incidents: false, errors: false, breakdowns: false, failedViews: false },
      recipients: ['web@example.com'],
      from: 'qoe-reports@example.com',
      archive: { renderedEmail: false },
    },
    {
      id: 'wrong-creds',
      title: 'Wrong credentials',
      environment: 'wrongcreds',
      cadence: 'daily',
      timeZone: 'UTC',
      recipients: ['a@example.com'],
      from: 'qoe-reports@example.com',
    },
    {
      id: 'no-secret',
      title: 'No secret',
      environment: 'nosecret',
      cadence: 'daily',
      timeZone: 'UTC',
      recipients: ['a@example.com'],
      from: 'qoe-reports@example.com',
    },
  ],
};

export interface HandlerWorld {
  fake: FakeMux;
  aws: LocalAws;
  env: Record<string, string>;
  close(): Promise<void>;
}

const ENV_KEYS = [
  'REPORTS_CONFIG',
  'REPORTS_CONFIG_PATH',
  'SNAPSHOT_BUCKET',
  'IDEMPOTENCY_TABLE',
  'MUX_BASE_URL',
  'MUX_MAX_RETRIES',
  'MUX_RETRY_BASE_DELAY_MS',
  'MUX_TIMEOUT_MS',
  'LOG_LEVEL',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_METRICS_DISABLED',
  'POWERTOOLS_METRICS_NAMESPACE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_SES',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
] as const;

export async function startWorld(): Promise<HandlerWorld> {
  const fake = await startFakeMux({ port: 0, now: new Date(), rateLimit: false });
  const aws = await startLocalAws({
    s3: { buckets: [BUCKET] },
    ses: true,
    dynamodb: true,
    secrets: { 'mux-qoe-reports/demo': GOOD, 'mux-qoe-reports/wrongcreds': WRONG },
  });
  await aws.createTable(TABLE);
  const env: Record<string, string> = {
    ...aws.env,
    REPORTS_CONFIG: JSON.stringify(testConfig),
    SNAPSHOT_BUCKET: BUCKET,
    IDEMPOTENCY_TABLE: TABLE,
    MUX_BASE_URL: fake.url,
    MUX_MAX_RETRIES: '1',
    MUX_RETRY_BASE_DELAY_MS: '2',
    MUX_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'SILENT',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_METRICS_NAMESPACE: 'MuxQoeReportsTest',
  };
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, env);
  vi.resetModules();
  return {
    fake,
    aws,
    env,
    async close() {
      await fake.close();
      await aws.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

/** A Lambda context with a fixed request id and plenty of time left. */
export function lambdaContext(awsRequestId = 'req-00000000-test'): {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  getRemainingTimeInMillis(): number;
} {
  return {
    awsRequestId,
    functionName: 'test-fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:test-fn',
    memoryLimitInMB: '256',
    getRemainingTimeInMillis: () => 60_000,
  };
}
