/**
 * SDK v3 clients, created lazily once per process (Lambda reuses them across warm invocations).
 *
 * Endpoints: the SDK natively honours `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` (S3, SES,
 * DYNAMODB, SECRETS_MANAGER), which is how local emulators are wired in. We therefore never pass an
 * `endpoint` key unless one is given explicitly (even `endpoint: undefined` would be a config value).
 * S3 emulators only speak path-style URLs, so `forcePathStyle` follows any endpoint override.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';

export interface AwsClientOptions {
  /** Explicit endpoint (tests); otherwise the SDK resolves `AWS_ENDPOINT_URL_*` / the real service. */
  endpoint?: string;
  region?: string;
  /** Total attempts including the first (SDK retry strategy). Default 3. */
  maxAttempts?: number;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

interface CommonConfig {
  endpoint?: string;
  region?: string;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
  credentials?: AwsClientOptions['credentials'];
}

function commonConfig(options: AwsClientOptions, retryMode: 'standard' | 'adaptive'): CommonConfig {
  const config: CommonConfig = { maxAttempts: options.maxAttempts ?? 3, retryMode };
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.region) config.region = options.region;
  if (options.credentials) config.credentials = options.credentials;
  return config;
}

/** True when S3 requests go to an override endpoint (an emulator), which needs path-style URLs. */
export function s3EndpointOverridden(options: AwsClientOptions = {}, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(options.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}

export function createS3Client(options: AwsClientOptions = {}): S3Client {
  return new S3Client({ ...commonConfig(options, 'standard'), forcePathStyle: s3EndpointOverridden(options) });
}

/** SES: adaptive mode adds client-side rate limiting when SES throttles (max send rate). */
export function createSesClient(options: AwsClientOptions = {}): SESClient {
  return new SESClient(commonConfig(options, 'adaptive'));
}

export function createDynamoDbClient(options: AwsClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(commonConfig(options, 'standard'));
}

export function createSecretsManagerClient(options: AwsClientOptions = {}): SecretsManagerClient {
  return new SecretsManagerClient(commonConfig(options, 'standard'));
}

let s3: S3Client | undefined;
let ses: SESClient | undefined;
let ddb: DynamoDBClient | undefined;
let secrets: SecretsManagerClient | undefined;

/**
 * Creates the four process-wide clients now: a handler that uses all of them calls this at module init, where
 * Lambda's CPU is boosted, instead of paying for it in its first invocation.
 */
export function warmAwsClients(): void {
  s3Client();
  sesClient();
  dynamoDbClient();
  secretsManagerClient();
}

/** The process-wide S3 client (created on first use, so a cold start only pays for what it uses). */
export function s3Client(): S3Client {
  s3 ??= createS3Client();
  return s3;
}

export function sesClient(): SESClient {
  ses ??= createSesClient();
  return ses;
}

export function dynamoDbClient(): DynamoDBClient {
  ddb ??= createDynamoDbClient();
  return ddb;
}

export function secretsManagerClient(): SecretsManagerClient {
  secrets ??= createSecretsManagerClient();
  return secrets;
}

/** Test hook: forget the cached clients (e.g. after changing `AWS_ENDPOINT_URL_*`). */
export function resetAwsClients(): void {
  for (const client of [s3, ses, ddb, secrets]) client?.destroy();
  s3 = ses = ddb = secrets = undefined;
}
