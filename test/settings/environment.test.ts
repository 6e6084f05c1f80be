/** `lambdaEnvironment` writes what `loadSettings` reads: one contract for the stack, the bench and the tests. */
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../functions/commons/config/load.js';
import { type Config, type ConfigInput, configSchema } from '../../functions/commons/config/schema.js';
import { LAMBDA_ENVIRONMENT_KEYS, lambdaEnvironment } from '../../functions/commons/settings/environment.js';
import { configDigest, loadSettings } from '../../functions/commons/settings/index.js';

const config = configSchema.parse({
  environments: [{ name: 'prod' }],
  reports: [
    { id: 'weekly-qoe', title: 'Weekly', environment: 'prod', recipients: ['a@example.com'], from: 'r@example.com' },
  ],
});

describe('lambdaEnvironment', () => {
  it('round-trips through loadSettings', async () => {
    const env = lambdaEnvironment({
      config,
      snapshotBucket: 'my-bucket',
      idempotencyTable: 'my-table',
      service: 'scheduled-report',
      logLevel: 'DEBUG',
      mux: { baseUrl: 'http://127.0.0.1:4010', timeoutMs: 2000, maxRetries: 1, retryBaseDelayMs: 5 },
    });
    const settings = await loadSettings(env);
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
      'REPORTS_CONFIG_SHA256',
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

describe('the validated configuration, sealed at synth', () => {
  const example = loadConfig({ path: 'reports.config.jsonc', env: {} });
  const rich = configSchema.parse({
    environments: [{ name: 'prod', rateLimit: { dataPerSecond: 2 } }, { name: 'stage' }],
    reports: [
      {
        id: 'per-customer',
        title: 'Per customer',
        environment: 'prod',
        cadence: 'daily',
        recipients: ['a@example.com'],
        from: 'r@example.com',
        filters: ['country:US'],
        fanOut: { dimension: 'sub_property_id', values: ['acme', 'globex'] },
        channels: [{ type: 'email' }, { type: 'slack', webhookSecret: 'chat/slack' }],
        sendWhen: { metric: 'video_startup_time:95th', beyond: '5%' },
      },
      {
        id: 'monthly',
        title: 'Monthly',
        environment: 'stage',
        cadence: 'monthly',
        recipients: ['b@example.com'],
        from: 'r@example.com',
      },
    ],
  });
  const env = (c: Config) =>
    lambdaEnvironment({ config: c, snapshotBucket: 'b-1', idempotencyTable: 't-1', service: 's' });

  it('is what validating the same document would give (the schema is idempotent on its output)', async () => {
    for (const c of [config, example, rich]) {
      const e = env(c);
      expect(e['REPORTS_CONFIG_SHA256']).toBe(configDigest(e['REPORTS_CONFIG']!));
      const sealed = (await loadSettings(e)).config;
      const validated = (await loadSettings({ ...e, REPORTS_CONFIG_SHA256: undefined })).config;
      expect(sealed).toEqual(validated);
      expect(parseConfig(JSON.parse(JSON.stringify(validated)), 'again')).toEqual(validated);
    }
  });

  it('validates in full when the document no longer matches its digest (an environment edited by hand)', async () => {
    const e = env(config);
    const edited = e['REPORTS_CONFIG']!.replace('"weekly-qoe"', '"Not A Slug"');
    await expect(loadSettings({ ...e, REPORTS_CONFIG: edited })).rejects.toThrow(
      /invalid setting REPORTS_CONFIG: invalid configuration in REPORTS_CONFIG environment variable:[\s\S]*reports\[0\]\.id/,
    );
  });

  it('is not sealed when the configuration is invalid: the function names the problem', async () => {
    const e = lambdaEnvironment({
      config: { environments: [{ name: 'prod' }], reports: [] } as unknown as ConfigInput,
      snapshotBucket: 'b-1',
      idempotencyTable: 't-1',
      service: 's',
    });
    expect(e['REPORTS_CONFIG_SHA256']).toBeUndefined();
    await expect(loadSettings(e)).rejects.toThrow(/invalid setting REPORTS_CONFIG: [\s\S]*reports/);
  });
});
