/**
 * A deployment in miniature, shared by the tests and the bench: the fake Mux on 127.0.0.1, the local AWS
 * emulators (support/local-aws.ts) with the bucket, the idempotency table and one secret per environment, and
 * the environment variables a function gets, written by the same `lambdaEnvironment()` as the stack's
 * (functions/commons/settings/environment.ts). Everything binds to 127.0.0.1 and `close()` stops all of it.
 */

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeMux, type FakeMuxOptions, startFakeMux } from '../fake-mux/server.js';
import { loadConfig } from '../functions/commons/config/load.js';
import type { Config, ConfigInput } from '../functions/commons/config/schema.js';
import {
  LAMBDA_ENVIRONMENT_KEYS,
  type LambdaEnvironmentInput,
  lambdaEnvironment,
} from '../functions/commons/settings/environment.js';
import { FAKE_CREDENTIALS } from './fake-credentials.js';
import { type LocalAws, startLocalAws } from './local-aws.js';

export { FAKE_CREDENTIALS };

const EXAMPLE_CONFIG = join(fileURLToPath(new URL('..', import.meta.url)), 'reports.config.jsonc');

/**
 * The example configuration (reports.config.jsonc, validated). `unthrottled` raises the client's rate limits
 * to 50/10 req/s (the fake's limit is off) so a run shows our code's cost, not the 5 req/s pacing;
 * `archiveExports` sets that flag on every environment.
 */
export function exampleConfig(options: { unthrottled?: boolean; archiveExports?: boolean } = {}): Config {
  const config = loadConfig({ path: EXAMPLE_CONFIG, env: {} });
  return {
    ...config,
    environments: config.environments.map((e) => ({
      ...e,
      ...(options.unthrottled ? { rateLimit: { ...e.rateLimit, dataPerSecond: 50, monitoringPerSecond: 10 } } : {}),
      ...(options.archiveExports !== undefined ? { archiveExports: options.archiveExports } : {}),
    })),
  };
}

/** What the functions' settings are, besides the config and where the AWS resources are. */
export type StageSettings = Omit<LambdaEnvironmentInput, 'config' | 'snapshotBucket' | 'idempotencyTable' | 'service'>;

export interface StageOptions {
  config: Config | ConfigInput;
  bucket: string;
  /** The idempotency table (DynamoDB is started only when given). */
  table?: string;
  /** Default true. */
  ses?: boolean;
  /** Secret name → SecretString; default each environment's secret holding `FAKE_CREDENTIALS`. */
  secrets?: Record<string, string>;
  /** The fake Mux (default: port 0, no rate limit). */
  fake?: FakeMuxOptions;
  /** Log level, metrics, Mux client timing; `mux.baseUrl` defaults to the fake. */
  settings?: StageSettings;
}

export interface Stage {
  fake: FakeMux;
  aws: LocalAws;
  /** The function environment: `lambdaEnvironment()` + the emulators' endpoints and dummy credentials. */
  env(service: string): Record<string, string>;
  /**
   * `env(service)` for a child process, with only what Lambda would add (no developer variables, no tsx
   * loader): PATH, LANG, TZ and the `AWS_LAMBDA_*` variables.
   */
  processEnv(service: string, memoryMB?: number): Record<string, string>;
  close(): Promise<void>;
}

function defaultSecrets(config: Config | ConfigInput): Record<string, string> {
  return Object.fromEntries(
    config.environments.map((e) => [e.secretName ?? `mux-qoe-reports/${e.name}`, JSON.stringify(FAKE_CREDENTIALS)]),
  );
}

export async function startStage(options: StageOptions): Promise<Stage> {
  const fake = await startFakeMux({ port: 0, rateLimit: false, ...options.fake });
  let aws: LocalAws;
  try {
    aws = await startLocalAws({
      s3: { buckets: [options.bucket] },
      ses: options.ses ?? true,
      dynamodb: options.table !== undefined,
      secrets: options.secrets ?? defaultSecrets(options.config),
    });
    if (options.table !== undefined) await aws.createTable(options.table);
  } catch (error) {
    await fake.close();
    throw error;
  }
  const settings = options.settings ?? {};
  const env = (service: string): Record<string, string> => ({
    ...aws.env,
    ...lambdaEnvironment({
      ...settings,
      config: options.config,
      snapshotBucket: options.bucket,
      // The archive function is given the table name too, and never uses it.
      idempotencyTable: options.table ?? 'no-idempotency-table',
      service,
      mux: { baseUrl: fake.url, ...settings.mux },
    }),
  });
  return {
    fake,
    aws,
    env,
    processEnv: (service, memoryMB = 256) => ({
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      AWS_LAMBDA_FUNCTION_NAME: service,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMB),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      ...env(service),
    }),
    async close() {
      await Promise.allSettled([fake.close(), aws.close()]);
    },
  };
}

/** Variables an in-process harness replaces: the functions' settings and the SDK's endpoints and credentials. */
const PROCESS_KEYS = [
  ...LAMBDA_ENVIRONMENT_KEYS,
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_SES',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
];

/**
 * Makes `env` this process's environment for the handlers imported in it (tests), clearing what a previous
 * world left; returns the function that puts the previous values back.
 */
export function useEnvironment(env: Record<string, string>): () => void {
  const saved = Object.fromEntries(PROCESS_KEYS.map((k) => [k, process.env[k]]));
  for (const k of PROCESS_KEYS) delete process.env[k];
  Object.assign(process.env, env);
  return () => {
    for (const k of PROCESS_KEYS) delete process.env[k];
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  };
}
