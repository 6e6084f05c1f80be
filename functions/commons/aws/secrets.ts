/**
 * Mux API credentials from Secrets Manager, through Powertools Parameters (cached `maxAge`, JSON
 * transform). Every failure becomes a `SecretError` that names the secret and, when relevant, the
 * field — and never carries the secret value: not in the message, not in a `cause` (JSON.parse and
 * zod errors quote their input, so they are deliberately dropped), not in logs.
 */
import { TransformParameterError } from '@aws-lambda-powertools/parameters';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { secretsManagerClient } from './clients.js';
import { SecretError } from './secret-error.js';

export interface MuxCredentials {
  tokenId: string;
  tokenSecret: string;
}

const credentialsSchema = z.object({
  tokenId: z.string().min(1),
  tokenSecret: z.string().min(1),
});

export { SecretError };

export interface GetMuxCredentialsOptions {
  /** How long a fetched value is reused in this process. Default 5 minutes. */
  maxAgeMinutes?: number;
  /** Bypass the cache (e.g. after Mux answered 401). */
  forceFetch?: boolean;
  /** Explicit client (tests); default is the process-wide one (honours `AWS_ENDPOINT_URL_SECRETS_MANAGER`). */
  client?: SecretsManagerClient;
}

const providers = new WeakMap<SecretsManagerClient, SecretsProvider>();

function providerFor(client: SecretsManagerClient): SecretsProvider {
  let provider = providers.get(client);
  if (!provider) {
    provider = new SecretsProvider({ awsSdkV3Client: client });
    providers.set(client, provider);
  }
  return provider;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The first cause in the chain that is an SDK error (has `$metadata`), for its name and status. */
function sdkCause(error: unknown): Error | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if ('$metadata' in current) return current;
    current = current.cause;
  }
  return undefined;
}

/** Innermost Error of a cause chain (e.g. a socket error under Powertools' GetParameterError). */
function rootCause(error: unknown): Error | undefined {
  let current: Error | undefined = error instanceof Error ? error : undefined;
  for (let depth = 0; current?.cause instanceof Error && depth < 5; depth++) current = current.cause;
  return current;
}

export async function getMuxCredentials(
  secretName: string,
  options: GetMuxCredentialsOptions = {},
): Promise<MuxCredentials> {
  const provider = providerFor(options.client ?? secretsManagerClient());
  let raw: unknown;
  try {
    raw = await provider.get(secretName, {
      transform: 'json',
      maxAge: Math.round((options.maxAgeMinutes ?? 5) * 60),
      forceFetch: options.forceFetch ?? false,
    });
  } catch (error) {
    if (error instanceof TransformParameterError || errorName(error) === 'TransformParameterError') {
      // No cause: the JSON.parse message quotes the beginning of the value.
      throw new SecretError(secretName, `secret ${secretName} is not valid JSON`);
    }
    const sdk = sdkCause(error);
    if (sdk?.name === 'ResourceNotFoundException') {
      throw new SecretError(secretName, `secret ${secretName} does not exist`, { cause: sdk });
    }
    // SDK and network errors describe the request, never the secret value: safe to show and chain.
    const root = sdk ?? rootCause(error);
    const reason = root ? `${root.name}: ${root.message}` : 'unknown error';
    throw new SecretError(secretName, `secret ${secretName} could not be read (${reason})`, { cause: root });
  }

  if (raw === undefined || raw === null) {
    throw new SecretError(secretName, `secret ${secretName} has no string value`);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SecretError(secretName, `secret ${secretName} must be a JSON object with tokenId and tokenSecret`);
  }
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) {
    // Report only field names and what is wrong with them, never the received value.
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'value');
    const present = Object.hasOwn(raw, field);
    const problem = !present ? 'is missing' : issue?.code === 'too_small' ? 'is empty' : 'must be a string';
    throw new SecretError(secretName, `secret ${secretName}: field ${field} ${problem}`);
  }
  return parsed.data;
}
