/** `lambdaEnvironment` writes what `loadSettings` reads: one contract for the stack, the bench and the tests. */
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../functions/commons/config/schema.js';
import { LAMBDA_ENVIRONMENT_KEYS, lambdaEnvironment } from '../../functions/commons/settings/environment.js';
import { loadSettings } from '../../functions/commons/settings/index.js';

const config = configSchema.parse({
  environments: [{ name: 'prod' }],
  reports: [
    { id: 'weekly-qoe', title: 'Weekly', environment: 'prod', recipients: ['a@example.com'], from: 'r@example.com' },
  ],
});

describe('lambdaEnvironment', () => {
  it('round-trips through loadSettings', () => {
    const env = lambdaEnvironment({
      config,
      snapshotBucket: 'my-bucket',
      idempotencyTable: 'my-table',
      service: 'scheduled-report',
      logLevel: 'DEBUG',
      mux: { baseUrl: 'http://127.0.0.1:4010', timeoutMs: 2000, maxRetries: 1, retryBaseDelayMs: 5 },
    });
    const settings = loadSettings(env);
    expect(settings).toMatchObject({
      snapshotBucket: 'my-bucket',
      idempotencyTable: 'my-table',
      muxBaseUrl: 'http://127.0.0.1:4010',
      logLevel: 'DEBUG',
      muxClient: { timeoutMs: 2000, maxRetries: 1, retry: { baseDelayMs: 5 } },
    });
    expect(settings.config).toEqual(config);
    expect(env).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'scheduled-report', POWERTOOLS_LOG_LEVEL: 'DEBUG' });
  });

  it('writes only what a deployment needs by default, and only variables it lists', () => {
    const env = lambdaEnvironment({ config, snapshotBucket: 'b-1', idempotencyTable: 't-1', service: 'on-demand' });
    expect(Object.keys(env).sort()).toEqual([
      'IDEMPOTENCY_TABLE',
      'LOG_LEVEL',
      'POWERTOOLS_LOG_LEVEL',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      'REPORTS_CONFIG',
      'SNAPSHOT_BUCKET',
    ]);
    expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe('MuxQoeReports');
    const all = lambdaEnvironment({
      config,
      snapshotBucket: 'b-1',
      idempotencyTable: 't-1',
      service: 'x',
      metricsDisabled: true,
      sourceMapStackTraces: true,
      mux: { baseUrl: 'http://127.0.0.1:1', timeoutMs: 1, maxRetries: 0, retryBaseDelayMs: 1 },
    });
    expect(Object.keys(all).filter((k) => !(LAMBDA_ENVIRONMENT_KEYS as readonly string[]).includes(k))).toEqual([]);
    expect(all).toMatchObject({ NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_METRICS_DISABLED: 'true' });
  });
});
