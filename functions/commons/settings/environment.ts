/**
 * The other half of the settings contract: the environment variables a function is given. `loadSettings`
 * (./index.ts) reads them; `lambdaEnvironment` writes them, for the stack (infra/stack.ts), the bench and the
 * test harnesses (support/stage.ts), so the variable list is written once. Synth-time code: nothing in a handler
 * bundle imports this file.
 */
import { ConfigError } from '../config/errors.js';
import { parseConfig } from '../config/load.js';
import type { Config, ConfigInput } from '../config/schema.js';
import { DEFAULT_METRICS_NAMESPACE } from '../observability/namespace.js';
import { configDigest, type LogLevelName } from './index.js';

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
  /** The public unsubscribe route (customer-facing reports, infra/constructs/customer-mail.ts). */
  unsubscribe?: { url: string; table: string; keySecret: string };
  /** SES configuration set the reports are sent with (bounce and complaint suppression). */
  sesConfigurationSet?: string;
  /** The table listing bounced and complaining addresses, which no report mails (`#suppressed`). */
  suppressionTable?: string;
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
    ...configVariables(input.config),
    POWERTOOLS_SERVICE_NAME: input.service,
    POWERTOOLS_METRICS_NAMESPACE: input.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE,
    LOG_LEVEL: logLevel,
    POWERTOOLS_LOG_LEVEL: logLevel,
    ...(input.metricsDisabled ? { POWERTOOLS_METRICS_DISABLED: 'true' } : {}),
    ...(input.sourceMapStackTraces ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
    ...(input.unsubscribe
      ? {
          UNSUBSCRIBE_URL: input.unsubscribe.url,
          UNSUBSCRIBE_TABLE: input.unsubscribe.table,
          UNSUBSCRIBE_KEY_SECRET: input.unsubscribe.keySecret,
        }
      : {}),
    ...(input.sesConfigurationSet ? { SES_CONFIGURATION_SET: input.sesConfigurationSet } : {}),
    ...(input.suppressionTable ? { SUPPRESSION_TABLE: input.suppressionTable } : {}),
    ...(mux.baseUrl !== undefined ? { MUX_BASE_URL: mux.baseUrl } : {}),
    ...(mux.timeoutMs !== undefined ? { MUX_TIMEOUT_MS: String(mux.timeoutMs) } : {}),
    ...(mux.maxRetries !== undefined ? { MUX_MAX_RETRIES: String(mux.maxRetries) } : {}),
    ...(mux.retryBaseDelayMs !== undefined ? { MUX_RETRY_BASE_DELAY_MS: String(mux.retryBaseDelayMs) } : {}),
  };
}

/**
 * `REPORTS_CONFIG` and, for a configuration that validates, `REPORTS_CONFIG_SHA256`: the function then takes the
 * document as validated here (settings/index.ts). The stack only ever passes a validated configuration (it loads
 * it with `loadConfig`, which fails the synth); an invalid one (harnesses testing the function's own refusal) is
 * written as given, with no digest, so the function validates it and names the problem.
 */
function configVariables(config: Config | ConfigInput): Record<string, string> {
  let valid: Config;
  try {
    valid = parseConfig(config, 'the configuration');
  } catch (error) {
    if (error instanceof ConfigError) return { REPORTS_CONFIG: JSON.stringify(config) };
    throw error;
  }
  const text = JSON.stringify(valid);
  return { REPORTS_CONFIG: text, REPORTS_CONFIG_SHA256: configDigest(text) };
}

/** Every variable `lambdaEnvironment` can write (harnesses clear them before setting a world's). */
export const LAMBDA_ENVIRONMENT_KEYS = [
  'SNAPSHOT_BUCKET',
  'IDEMPOTENCY_TABLE',
  'REPORTS_CONFIG',
  'REPORTS_CONFIG_SHA256',
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
  'UNSUBSCRIBE_URL',
  'UNSUBSCRIBE_TABLE',
  'UNSUBSCRIBE_KEY_SECRET',
  'SES_CONFIGURATION_SET',
  'SUPPRESSION_TABLE',
] as const;
