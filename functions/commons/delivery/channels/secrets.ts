/**
 * A channel's secret (a webhook URL or a signing key) from Secrets Manager, through Powertools Parameters like the
 * Mux token (aws/secrets.ts): cached `maxAge` per warm container, the SecretString used as is. Failures name the
 * secret, never its value.
 */
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerClient } from '../../aws/clients.js';
import { SecretError } from '../../aws/secret-error.js';

export type ChannelSecrets = (secretName: string) => Promise<string>;

const MAX_AGE_SECONDS = 5 * 60;

export function secretsManagerChannelSecrets(client?: SecretsManagerClient): ChannelSecrets {
  let provider: SecretsProvider | undefined;
  return async (secretName) => {
    provider ??= new SecretsProvider({ awsSdkV3Client: client ?? secretsManagerClient() });
    let value: unknown;
    try {
      value = await provider.get(secretName, { maxAge: MAX_AGE_SECONDS });
    } catch (error) {
      // SDK and network errors describe the request (which secret, which status), not the value.
      let root: unknown = error;
      for (let depth = 0; root instanceof Error && root.cause instanceof Error && depth < 5; depth++) root = root.cause;
      const reason = root instanceof Error ? `${root.name}: ${root.message}` : 'unknown error';
      throw new SecretError(secretName, `secret ${secretName} could not be read (${reason})`);
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new SecretError(secretName, `secret ${secretName} has no string value (set it with put-secret-value)`);
    }
    return value.trim();
  };
}
