/**
 * A deployment in miniature for the handler tests (support/stage.ts): the fake Mux on 127.0.0.1 (its clock =
 * the real clock, since the handlers compute periods from the real clock), s3rver, SES, dynalite and a Secrets
 * Manager endpoint, wired through the environment variables Lambda would get (`lambdaEnvironment`). Handler
 * modules are imported fresh after `process.env` is set (`vi.resetModules()` + dynamic import).
 */
import { vi } from 'vitest';
import type { FakeMux } from '../../fake-mux/server.js';
import type { ConfigInput } from '../../functions/commons/config/schema.js';
import type { LocalAws } from '../../support/local-aws.js';
import { FAKE_CREDENTIALS, startStage, useEnvironment } from '../../support/stage.js';

export { lambdaContext } from '../../support/events.js';

export const BUCKET = 'handler-snapshots';
export const TABLE = 'handler-idempotency';

const GOOD = JSON.stringify(FAKE_CREDENTIALS);
const WRONG = JSON.stringify({ ...FAKE_CREDENTIALS, tokenSecret: 'not-the-secret' });

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

export async function startWorld(): Promise<HandlerWorld> {
  const stage = await startStage({
    config: testConfig,
    bucket: BUCKET,
    table: TABLE,
    fake: { now: new Date() },
    secrets: { 'mux-qoe-reports/demo': GOOD, 'mux-qoe-reports/wrongcreds': WRONG },
    settings: {
      logLevel: 'SILENT',
      metricsDisabled: true,
      metricsNamespace: 'MuxQoeReportsTest',
      mux: { maxRetries: 1, retryBaseDelayMs: 2, timeoutMs: 5000 },
    },
  });
  const env = stage.env('handler-test');
  const restore = useEnvironment(env);
  vi.resetModules();
  return {
    fake: stage.fake,
    aws: stage.aws,
    env,
    async close() {
      await stage.close();
      restore();
    },
  };
}
