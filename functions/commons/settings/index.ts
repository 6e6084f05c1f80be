/**
 * The functions' settings, read from environment variables and validated once per process.
 *
 * Handlers validate them at init with `preloadSettings()` (every request needs them, and Lambda runs init on a
 * boosted CPU), which never throws: a bad deployment still fails each invocation with the error naming the
 * variable (`getSettings()` retries and throws it), visible in the logs and in the async on-failure destination,
 * instead of an opaque "Runtime.ImportModuleError" at init.
 *
 * AWS endpoints are deliberately NOT settings: the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables
 * (honoured by `commons/aws/clients.ts`) point the same bundle at local emulators.
 */
import * as z from 'zod';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface MuxClientTuning {
  timeoutMs?: number;
  maxRetries?: number;
  retry?: { baseDelayMs?: number; maxDelayMs?: number; rateLimitedMinDelayMs?: number };
}

export interface Settings {
  config: Config;
  snapshotBucket: string;
  idempotencyTable: string;
  /** Mux API base URL; undefined = the client's default (api.mux.com). */
  muxBaseUrl: string | undefined;
  logLevel: LogLevelName;
  /** Optional client tuning (operations and tests); empty by default. */
  muxClient: MuxClientTuning;
}

/** A missing or invalid setting: the message names the variable. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`invalid setting ${variable}: ${problem}`);
  }
}

const nonEmpty = z.string().trim().min(1, 'is required');
const positiveInt = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(max, `must be at most ${max}`));

/** One schema per variable, so each error names exactly one variable. */
const variables = {
  SNAPSHOT_BUCKET: nonEmpty.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  IDEMPOTENCY_TABLE: nonEmpty.regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'),
  MUX_BASE_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  LOG_LEVEL: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }))
    .optional(),
  MUX_TIMEOUT_MS: positiveInt(300_000).optional(),
  MUX_MAX_RETRIES: positiveInt(10).optional(),
  MUX_RETRY_BASE_DELAY_MS: positiveInt(60_000).optional(),
} as const;

type VariableName = keyof typeof variables;

function read<N extends VariableName>(env: NodeJS.ProcessEnv, name: N): z.output<(typeof variables)[N]> {
  const raw = env[name];
  // An empty optional variable means "not set" (CDK and shells often produce `FOO=`).
  const value =
    raw === undefined || (raw.trim() === '' && variables[name].safeParse(undefined).success) ? undefined : raw;
  const parsed = variables[name].safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const problem = value === undefined ? 'is required' : (issue?.message ?? 'is invalid');
    throw new SettingsError(name, problem);
  }
  return parsed.data as z.output<(typeof variables)[N]>;
}

function readConfig(env: NodeJS.ProcessEnv): Config {
  const inline = env['REPORTS_CONFIG'];
  const path = env['REPORTS_CONFIG_PATH'];
  const hasInline = inline !== undefined && inline.trim() !== '';
  const hasPath = path !== undefined && path.trim() !== '';
  if (!hasInline && !hasPath) {
    throw new SettingsError('REPORTS_CONFIG', 'is required (the configuration JSON), or set REPORTS_CONFIG_PATH');
  }
  try {
    // Through `env` so ConfigError messages name the variable the config came from.
    return hasInline ? loadConfig({ env: { REPORTS_CONFIG: inline } }) : loadConfig({ path: path!.trim(), env: {} });
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new SettingsError(hasInline ? 'REPORTS_CONFIG' : 'REPORTS_CONFIG_PATH', error.message);
    }
    throw error;
  }
}

/** Reads and validates every setting from `env` (pure apart from reading a config file). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const snapshotBucket = read(env, 'SNAPSHOT_BUCKET');
  const idempotencyTable = read(env, 'IDEMPOTENCY_TABLE');
  const muxBaseUrl = read(env, 'MUX_BASE_URL');
  const logLevel = read(env, 'LOG_LEVEL') ?? 'INFO';
  const timeoutMs = read(env, 'MUX_TIMEOUT_MS');
  const maxRetries = read(env, 'MUX_MAX_RETRIES');
  const baseDelayMs = read(env, 'MUX_RETRY_BASE_DELAY_MS');
  const config = readConfig(env);

  const muxClient: MuxClientTuning = {};
  if (timeoutMs !== undefined) muxClient.timeoutMs = timeoutMs;
  if (maxRetries !== undefined) muxClient.maxRetries = maxRetries;
  if (baseDelayMs !== undefined) {
    // One knob scales the whole backoff; tests set it to a few ms.
    muxClient.retry = {
      baseDelayMs,
      maxDelayMs: Math.max(baseDelayMs, baseDelayMs * 16),
      rateLimitedMinDelayMs: baseDelayMs * 2,
    };
  }
  return { config, snapshotBucket, idempotencyTable, muxBaseUrl, logLevel, muxClient };
}

let cached: Settings | undefined;

/** The process's settings, validated on first use and then reused by warm invocations. */
export function getSettings(): Settings {
  cached ??= loadSettings(process.env);
  return cached;
}

/**
 * Validates and caches the settings now (call at module init). A failure is left for `getSettings()` to throw
 * again on the invocation, with its message.
 */
export function preloadSettings(): void {
  try {
    getSettings();
  } catch {
    // Rethrown by the first getSettings() of an invocation.
  }
}

/** Test hook: forget the cached settings (after changing `process.env`). */
export function resetSettings(): void {
  cached = undefined;
}
