import { inspect } from 'node:util';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretsManagerClient } from '../../functions/commons/aws/clients.js';
import { getMuxCredentials, SecretError } from '../../functions/commons/aws/secrets.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';

const CANARY = 'Sup3rS3cret-canary-7f1e';

const SECRETS: Record<string, string> = {
  'mux-qoe-reports/demo': JSON.stringify({ tokenId: 'token-id-1', tokenSecret: CANARY }),
  'mux-qoe-reports/bad-json': `{"tokenId": "x", "tokenSecret": "${CANARY}"`,
  'mux-qoe-reports/missing-field': JSON.stringify({ tokenId: CANARY }),
  'mux-qoe-reports/empty-field': JSON.stringify({ tokenId: 'id', tokenSecret: '' }),
  'mux-qoe-reports/wrong-type': JSON.stringify({ tokenId: 'id', tokenSecret: { nested: CANARY } }),
  'mux-qoe-reports/array': JSON.stringify([CANARY]),
};

let aws: LocalAws;
let client: SecretsManagerClient;

beforeAll(async () => {
  aws = await startLocalAws({ secrets: SECRETS });
  client = createSecretsManagerClient({
    endpoint: aws.endpoints.secretsManager,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' },
  });
});
afterAll(async () => {
  client?.destroy();
  await aws?.close();
});

/** Everything a log line or an error report could show about `error`. */
function everythingShown(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 10, showHidden: true })];
  let current: unknown = error;
  for (let i = 0; current instanceof Error && i < 10; i++) {
    parts.push(current.message, String(current.stack), JSON.stringify(current));
    current = current.cause;
  }
  return parts.join('\n');
}

async function failure(name: string): Promise<SecretError> {
  const error = await getMuxCredentials(name, { client }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SecretError);
  expect(everythingShown(error)).not.toContain(CANARY);
  return error as SecretError;
}

describe('getMuxCredentials (local Secrets Manager endpoint)', () => {
  it('returns validated credentials', async () => {
    expect(await getMuxCredentials('mux-qoe-reports/demo', { client })).toEqual({
      tokenId: 'token-id-1',
      tokenSecret: CANARY,
    });
  });

  it('names a secret that does not exist', async () => {
    const error = await failure('mux-qoe-reports/nope');
    expect(error.message).toBe('secret mux-qoe-reports/nope does not exist');
    expect(error.secretName).toBe('mux-qoe-reports/nope');
  });

  it('reports malformed JSON without quoting it', async () => {
    expect((await failure('mux-qoe-reports/bad-json')).message).toBe(
      'secret mux-qoe-reports/bad-json is not valid JSON',
    );
  });

  it('names the missing, empty or mistyped field without its value', async () => {
    expect((await failure('mux-qoe-reports/missing-field')).message).toBe(
      'secret mux-qoe-reports/missing-field: field tokenSecret is missing',
    );
    expect((await failure('mux-qoe-reports/empty-field')).message).toBe(
      'secret mux-qoe-reports/empty-field: field tokenSecret is empty',
    );
    expect((await failure('mux-qoe-reports/wrong-type')).message).toBe(
      'secret mux-qoe-reports/wrong-type: field tokenSecret must be a string',
    );
    expect((await failure('mux-qoe-reports/array')).message).toBe(
      'secret mux-qoe-reports/array must be a JSON object with tokenId and tokenSecret',
    );
  });

  it('reports an unreachable endpoint with the SDK error, not a value', async () => {
    const dead = createSecretsManagerClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' },
    });
    const error = await getMuxCredentials('mux-qoe-reports/demo', { client: dead }).catch((e: unknown) => e);
    dead.destroy();
    expect(error).toBeInstanceOf(SecretError);
    expect((error as Error).message).toMatch(/^secret mux-qoe-reports\/demo could not be read \(.*ECONNREFUSED/);
  });
});
