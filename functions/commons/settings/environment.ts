/**
 * The other half of the settings contract: the environment variables a function is given. `loadSettings`
 * (./index.ts) reads them; `lambdaEnvironment` writes them, for the stack (infra/stack.ts), the bench and the
 * test harnesses (support/stage.ts), so the variable list is written once. Plain data (its one run-time import is a
 * constant): nothing in a handler bundle imports this file.
 */
import type { Config, ConfigInput } from '../config/schema.js';
import { DEFAULT_METRICS_NAMESPACE } from '../observability/namespace.js';
import type { LogLevelName } from './index.js';

export { DEFAULT_METRICS_NAMESPACE };

export interface LambdaEnvironmentInput {
  /** The validated config (defaults applied) in a deployment; it names secrets, never contains them. */
  config: Config | ConfigInput;
  snapshotBucket: string;
  idempotencyTable: string;
  /** `POWERTOOLS_SERVICE_NAME`: the function's name. */
  service: string;
  /** `LOG_LEVEL` and `POWERTOOLS_LOG_LEVEL`; default INFO. */
  logLevel?: LogLevelName;
  /** `POWERTOOLS_METRICS_NAMESPACE`; default MuxQoeReports. */
  metricsNamespace?: string;
  /** Local runs: no EMF lines on stdout. */
  metricsDisabled?: boolean;
  /** `NODE_OPTIONS=--enable-source-maps` (the `sourceMapStackTraces` deploy option). */
  sourceMapStackTraces?: boolean;
  /** Local runs only: the fake Mux and the client's timing (a deployment uses the defaults). */
  mux?: { baseUrl?: string; timeoutMs?: number; maxRetries?: number; retryBaseDelayMs?: number };
}

/** Every variable a function reads, as strings. */
export function lambdaEnvironment(input: LambdaEnvironmentInput): Record<string, string> {
  const logLevel = input.logLevel ?? 'INFO';
  const mux = input.mux ?? {};
  return {
    SNAPSHOT_BUCKET: input.snapshotBucket,
    IDEMPOTENCY_TABLE: input.idempotencyTable,
    REPORTS_CONFIG: JSON.stringify(input.config),
    POWERTOOLS_SERVICE_NAME: input.service,
    POWERTOOLS_METRICS_NAMESPACE: input.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE,
    LOG_LEVEL: logLevel,
    POWERTOOLS_LOG_LEVEL: logLevel,
    ...(input.metricsDisabled ? { POWERTOOLS_METRICS_DISABLED: 'true' } : {}),
    ...(input.sourceMapStackTraces ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
    ...(mux.baseUrl !== undefined ? { MUX_BASE_URL: mux.baseUrl } : {}),
    ...(mux.timeoutMs !== undefined ? { MUX_TIMEOUT_MS: String(mux.timeoutMs) } : {}),
    ...(mux.maxRetries !== undefined ? { MUX_MAX_RETRIES: String(mux.maxRetries) } : {}),
    ...(mux.retryBaseDelayMs !== undefined ? { MUX_RETRY_BASE_DELAY_MS: String(mux.retryBaseDelayMs) } : {}),
  };
}

/** Every variable `lambdaEnvironment` can write (harnesses clear them before setting a world's). */
export const LAMBDA_ENVIRONMENT_KEYS = [
  'SNAPSHOT_BUCKET',
  'IDEMPOTENCY_TABLE',
  'REPORTS_CONFIG',
  'REPORTS_CONFIG_PATH',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'LOG_LEVEL',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_METRICS_DISABLED',
  'NODE_OPTIONS',
  'MUX_BASE_URL',
  'MUX_TIMEOUT_MS',
  'MUX_MAX_RETRIES',
  'MUX_RETRY_BASE_DELAY_MS',
] as const;
