/**
 * The functions' settings, read from environment variables and validated once per process.
 *
 * Handlers validate them at init with `preloadSettings()` (every request needs them, and Lambda runs init on a
 * boosted CPU), which never throws: a bad deployment still fails each invocation with the error naming the
 * variable (`getSettings()` retries and throws it), visible in the logs and in the async on-failure destination,
 * instead of an opaque "Runtime.ImportModuleError" at init.
 *
 * The configuration is validated where it enters: `cdk synth` (infra/stack.ts loads it with `loadConfig`) writes
 * the validated document as `REPORTS_CONFIG` and its SHA-256 as `REPORTS_CONFIG_SHA256` (./environment.ts). When
 * the digest matches, the function takes that document as it is; otherwise (an environment edited by hand, a
 * config file, a harness) it validates it in full, loading the zod schema only then. Skipping the second
 * validation of the same bytes is what keeps a cold `GET /reports` within its budget: building the config schema
 * and parsing with it cost ~35 ms of a ~180 ms cold start (npm run bench). The digest is an integrity check against
 * accidental edits, not a security control: whoever can change the environment can change both variables.
 * The variables themselves use zod's tree-shakable `zod/mini` (the same validation, ~15 ms less to load).
 *
 * AWS endpoints are deliberately NOT settings: the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables
 * (honoured by `commons/aws/clients.ts`) point the same bundle at local emulators.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../config/errors.js';
import type { Config } from '../config/schema.js';
import * as z from '../validation/zod-mini.js';

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
  /** The public unsubscribe route of customer-facing reports (config/audience.ts); all three or none. */
  unsubscribe: UnsubscribeSettings | undefined;
  /** SES configuration set every message is sent with (bounce/complaint suppression, infra/constructs/customer-mail.ts). */
  sesConfigurationSet: string | undefined;
  /** The table whose `#suppressed` partition lists bounced and complaining addresses (delivery/unsubscribe/suppressions.ts). */
  suppressionTable: string | undefined;
}

export interface UnsubscribeSettings {
  /** Base URL of the unsubscribe function's Function URL (https). */
  url: string;
  table: string;
  /** Secrets Manager name of the HMAC key the links are signed with. */
  keySecret: string;
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

const nonEmpty = (pattern: RegExp, problem: string) =>
  z.string().check(z.trim(), z.minLength(1, 'is required'), z.regex(pattern, problem));
const positiveInt = (max: number) =>
  z.pipe(
    z.pipe(z.string().check(z.trim(), z.regex(/^\d+$/, 'must be a whole number')), z.transform(Number)),
    z.int().check(z.minimum(0), z.maximum(max, `must be at most ${max}`)),
  );

/** One schema per variable, so each error names exactly one variable. */
const variables = {
  SNAPSHOT_BUCKET: nonEmpty(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  IDEMPOTENCY_TABLE: nonEmpty(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'),
  MUX_BASE_URL: z.optional(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })),
  LOG_LEVEL: z.optional(
    z.pipe(
      z.string().check(z.trim(), z.toUpperCase()),
      z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }),
    ),
  ),
  MUX_TIMEOUT_MS: z.optional(positiveInt(300_000)),
  MUX_MAX_RETRIES: z.optional(positiveInt(10)),
  MUX_RETRY_BASE_DELAY_MS: z.optional(positiveInt(60_000)),
  UNSUBSCRIBE_URL: z.optional(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })),
  UNSUBSCRIBE_TABLE: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'))),
  UNSUBSCRIBE_KEY_SECRET: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a Secrets Manager secret name')),
  ),
  SES_CONFIGURATION_SET: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an SES configuration set name')),
  ),
  SUPPRESSION_TABLE: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'))),
} as const;

type VariableName = keyof typeof variables;

/** One variable, validated; the error names it. */
export function read<N extends VariableName>(env: NodeJS.ProcessEnv, name: N): z.output<(typeof variables)[N]> {
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

/** The digest `REPORTS_CONFIG_SHA256` carries: SHA-256 (hex) of the `REPORTS_CONFIG` text, byte for byte. */
export function configDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

async function readConfig(env: NodeJS.ProcessEnv): Promise<Config> {
  const inline = env['REPORTS_CONFIG'];
  const path = env['REPORTS_CONFIG_PATH'];
  const hasInline = inline !== undefined && inline.trim() !== '';
  const hasPath = path !== undefined && path.trim() !== '';
  if (!hasInline && !hasPath) {
    throw new SettingsError('REPORTS_CONFIG', 'is required (the configuration JSON), or set REPORTS_CONFIG_PATH');
  }
  if (hasInline && env['REPORTS_CONFIG_SHA256']?.trim() === configDigest(inline)) {
    // The document `cdk synth` validated, unchanged (see the top of this file).
    return JSON.parse(inline) as Config;
  }
  const { loadConfig } = await import('../config/load.js');
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
export async function loadSettings(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const snapshotBucket = read(env, 'SNAPSHOT_BUCKET');
  const idempotencyTable = read(env, 'IDEMPOTENCY_TABLE');
  const muxBaseUrl = read(env, 'MUX_BASE_URL');
  const logLevel = read(env, 'LOG_LEVEL') ?? 'INFO';
  const timeoutMs = read(env, 'MUX_TIMEOUT_MS');
  const maxRetries = read(env, 'MUX_MAX_RETRIES');
  const baseDelayMs = read(env, 'MUX_RETRY_BASE_DELAY_MS');
  const config = await readConfig(env);

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
  return {
    config,
    snapshotBucket,
    idempotencyTable,
    muxBaseUrl,
    logLevel,
    muxClient,
    unsubscribe: readUnsubscribe(env),
    sesConfigurationSet: read(env, 'SES_CONFIGURATION_SET'),
    suppressionTable: read(env, 'SUPPRESSION_TABLE'),
  };
}

/** The unsubscribe route's three variables: all set (customer-facing reports can be sent) or none. */
export function readUnsubscribe(env: NodeJS.ProcessEnv): UnsubscribeSettings | undefined {
  const url = read(env, 'UNSUBSCRIBE_URL');
  const table = read(env, 'UNSUBSCRIBE_TABLE');
  const keySecret = read(env, 'UNSUBSCRIBE_KEY_SECRET');
  if (url === undefined && table === undefined && keySecret === undefined) return undefined;
  const missing = (['UNSUBSCRIBE_URL', 'UNSUBSCRIBE_TABLE', 'UNSUBSCRIBE_KEY_SECRET'] as const).find(
    (name) => read(env, name) === undefined,
  );
  if (missing) throw new SettingsError(missing, 'is required when any UNSUBSCRIBE_* variable is set');
  return { url: url!, table: table!, keySecret: keySecret! };
}

let cached: Settings | undefined;

/** The process's settings, validated on first use and then reused by warm invocations (a failure is retried). */
export async function getSettings(): Promise<Settings> {
  cached ??= await loadSettings(process.env);
  return cached;
}

/**
 * Validates and caches the settings now (call at module init). A failure is left for `getSettings()` to throw
 * again on the invocation, with its message.
 */
export async function preloadSettings(): Promise<void> {
  try {
    await getSettings();
  } catch {
    // Rethrown by the first getSettings() of an invocation.
  }
}

/** Test hook: forget the cached settings (after changing `process.env`). */
export function resetSettings(): void {
  cached = undefined;
}
