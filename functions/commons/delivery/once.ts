/**
 * "Do this once per key": Powertools Idempotency backed by DynamoDB, shared by the email batches (deliver.ts) and the
 * chat/webhook channels (channels/deliver-channels.ts).
 *
 * The function runs only when no record exists for the key; its return value (kept tiny: ids and times, never a
 * message body) is stored. A function that throws deletes its in-progress record (Powertools), so a retry runs it
 * again and no "done" record exists without a done side effect. Concurrent duplicates see the in-progress record
 * (`in-progress`); sequential ones get the stored result (`already-done`).
 *
 * Without a Lambda context, an in-progress record expires after `inProgressTimeoutMs` so a crashed local run does
 * not block the period for 35 days.
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../aws/clients.js';
import { DeliveryError } from './errors.js';

export const IDEMPOTENCY_KEY_PREFIX = 'mux-qoe-reports-delivery';
export const DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS = 35 * 24 * 3600;

/** The part of the Lambda context Powertools uses (remaining time bounds the in-progress record). */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
  functionName?: string;
}

export interface IdempotencyOptions {
  tableName: string;
  ddbClient?: DynamoDBClient;
  expiresAfterSeconds?: number;
  /** In-progress lifetime when no Lambda context is given. Default 15 minutes. */
  inProgressTimeoutMs?: number;
}

export type OnceOutcome<T> =
  | { status: 'done'; stored: T }
  | { status: 'already-done'; stored: T }
  | { status: 'in-progress'; stored: null };

export type Once = <T extends Record<string, unknown>>(key: string, run: () => Promise<T>) => Promise<OnceOutcome<T>>;

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

/**
 * The Powertools persistence layer of the idempotency table, configured like every `once` (key path `key`, our
 * prefix, expiry, in-progress lifetime). Also used directly by recipient-deliveries.ts, whose records are claimed
 * and completed per recipient rather than around one function call.
 */
export interface Persistence {
  store: DynamoDBPersistenceLayer;
  config: IdempotencyConfig;
  /** How long an in-progress record holds before another invocation may take it over. */
  remainingMs(): number;
}

export function persistenceFor(options: IdempotencyOptions, lambdaContext?: LambdaContextLike): Persistence {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: options.expiresAfterSeconds ?? DEFAULT_IDEMPOTENCY_EXPIRY_SECONDS,
  });
  const timeout = options.inProgressTimeoutMs ?? 15 * 60_000;
  const startedAt = Date.now();
  const context: LambdaContextLike = lambdaContext ?? {
    getRemainingTimeInMillis: () => Math.max(1, timeout - (Date.now() - startedAt)),
  };
  config.registerLambdaContext(context as Parameters<IdempotencyConfig['registerLambdaContext']>[0]);
  const store = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    awsSdkV3Client: options.ddbClient ?? dynamoDbClient(),
  });
  return { store, config, remainingMs: () => context.getRemainingTimeInMillis() };
}

/**
 * A Powertools error (other than the expected "already exists") as a DeliveryError naming the table; with `any`,
 * every error (the persistence layer used directly throws the SDK's own, e.g. ResourceNotFoundException).
 */
export function tableError(tableName: string, what: string, error: unknown, any = false): unknown {
  if (error instanceof DeliveryError) return error;
  if (error instanceof Error && (any || error.name.startsWith('Idempotency'))) {
    return new DeliveryError(`idempotency table ${tableName} failed for ${what}: ${error.name}: ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

/** `null` options: no table (local CLI), every call runs. */
export function onceStore(options: IdempotencyOptions | null, lambdaContext?: LambdaContextLike): Once {
  if (options === null) {
    return async (_key, run) => ({ status: 'done', stored: await run() });
  }
  const { store: persistenceStore, config } = persistenceFor(options, lambdaContext);

  return async <T extends Record<string, unknown>>(key: string, run: () => Promise<T>): Promise<OnceOutcome<T>> => {
    let ran = false;
    // The payload hashed is the first argument: `{ key }`.
    const idempotent = makeIdempotent(
      async (_payload: { key: string }): Promise<T> => {
        const stored = await run();
        ran = true;
        return stored;
      },
      { persistenceStore, config, keyPrefix: IDEMPOTENCY_KEY_PREFIX },
    );
    try {
      const stored = await idempotent({ key });
      return { status: ran ? 'done' : 'already-done', stored };
    } catch (error) {
      if (isNamed(error, 'IdempotencyAlreadyInProgressError')) return { status: 'in-progress', stored: null };
      throw tableError(options.tableName, key, error);
    }
  };
}
