/**
 * Snapshot store backed by S3. Objects carry content types and metadata (`schema-version`,
 * `report-id`, `period`) so they are self-describing in the console and for Athena.
 * Errors name the operation, bucket and key.
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { s3Client } from '../aws/clients.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from './snapshot-schema.js';
import { ObjectSnapshotStore, SnapshotStoreError, type StoreObject } from './snapshot-store.js';

export interface S3SnapshotStoreOptions {
  bucket: string;
  /** Default: the process-wide client (honours `AWS_ENDPOINT_URL_S3`). */
  client?: S3Client;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return `${error.name}${status ? ` (HTTP ${status})` : ''}: ${error.message}`;
  }
  return String(error);
}

function isNoSuchKey(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === 'NoSuchKey' || (error.name === 'NotFound' && status === 404);
}

export class S3SnapshotStore extends ObjectSnapshotStore {
  readonly bucket: string;
  readonly description: string;
  readonly #client: S3Client | undefined;

  constructor(options: S3SnapshotStoreOptions) {
    super();
    this.bucket = options.bucket;
    this.description = `s3://${options.bucket}`;
    this.#client = options.client;
  }

  /** The client in use. */
  get client(): S3Client {
    return this.#client ?? s3Client();
  }

  locationOf(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  protected writeObject(snapshot: Snapshot, object: StoreObject): Promise<void> {
    return this.#put(object, {
      'schema-version': String(SNAPSHOT_SCHEMA_VERSION),
      'report-id': snapshot.report.id,
      // S3 user metadata must be US-ASCII; period keys are ASCII by construction.
      period: snapshot.period.key,
    });
  }

  writeText(key: string, body: string, contentType: string): Promise<void> {
    return this.#put({ key, body, contentType }, {});
  }

  async #put(object: StoreObject, metadata: Record<string, string>): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: object.key,
          Body: object.body,
          ContentType: object.contentType,
          Metadata: metadata,
        }),
      );
    } catch (error) {
      throw new SnapshotStoreError(`S3 PutObject to ${this.locationOf(object.key)} failed: ${describeError(error)}`, {
        cause: error,
      });
    }
  }

  async readText(key: string): Promise<string | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await res.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw new SnapshotStoreError(`S3 GetObject of ${this.locationOf(key)} failed: ${describeError(error)}`, {
        cause: error,
      });
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      let res: ListObjectsV2CommandOutput;
      try {
        res = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (error) {
        throw new SnapshotStoreError(`S3 ListObjectsV2 of ${this.locationOf(prefix)} failed: ${describeError(error)}`, {
          cause: error,
        });
      }
      for (const o of res.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}
