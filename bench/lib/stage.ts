/**
 * The local "AWS account" the built bundles run against: a fake Mux plus the emulators of
 * test/helpers/local-aws.ts (s3rver, aws-ses-v2-local, dynalite, a Secrets Manager endpoint), and the
 * Lambda-like environment variables the deployed functions get (infra/stack.ts `commonEnv`).
 */
import { type FakeMux, type FakeMuxOptions, startFakeMux } from '../../fake-mux/server.js';
import { loadConfig } from '../../functions/commons/config/load.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { type LocalAws, startLocalAws } from '../../test/helpers/local-aws.js';

export const BUCKET = 'bench-snapshots';
export const TABLE = 'bench-idempotency';
export const FAKE_CREDENTIALS = { tokenId: 'fake-token-id', tokenSecret: 'fake-token-secret' };

export interface Stage {
  fake: FakeMux;
  aws: LocalAws;
  config: Config;
  /** Environment of a function process (without PATH etc.: see `lambdaEnv`). */
  env(functionName: string): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * The example config, with the client-side rate limit raised to the schema's maximum: cold-start
 * "first request" figures should show our code's cost, not the 5 req/s pacing that §3 measures.
 */
export function benchConfig(options: { unthrottled: boolean }): Config {
  const config = loadConfig({ path: 'reports.config.jsonc' });
  if (!options.unthrottled) return config;
  return {
    ...config,
    environments: config.environments.map((e) => ({ ...e, rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 } })),
  };
}

export async function startStage(fakeOptions: FakeMuxOptions = {}): Promise<Stage> {
  const config = benchConfig({ unthrottled: true });
  const secrets = Object.fromEntries(
    config.environments.map((e) => [e.secretName ?? `mux-qoe-reports/${e.name}`, JSON.stringify(FAKE_CREDENTIALS)]),
  );
  const fake = await startFakeMux({ port: 0, rateLimit: false, ...fakeOptions });
  let aws: LocalAws;
  try {
    aws = await startLocalAws({ s3: { buckets: [BUCKET] }, ses: true, dynamodb: true, secrets });
    await aws.createTable(TABLE);
  } catch (error) {
    await fake.close();
    throw error;
  }
  const configJson = JSON.stringify(config);
  return {
    fake,
    aws,
    config,
    env: (functionName) => ({
      // Only what Lambda would give (no tsx loader, no developer variables).
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      // As deployed by default (infra/stack.ts `sourceMapStackTraces`): no --enable-source-maps.
      ...aws.env,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      SNAPSHOT_BUCKET: BUCKET,
      IDEMPOTENCY_TABLE: TABLE,
      REPORTS_CONFIG: configJson,
      POWERTOOLS_SERVICE_NAME: functionName,
      POWERTOOLS_METRICS_NAMESPACE: 'MuxQoeReports',
      LOG_LEVEL: 'INFO',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      MUX_BASE_URL: fake.url,
    }),
    async close() {
      await Promise.allSettled([fake.close(), aws.close()]);
    },
  };
}
