/**
 * Snapshot store backed by S3. Objects carry content types and metadata (`schema-version`,
 * `report-id`, `period`) so they are self-describing in the console and for Athena.
 * Errors name the operation, bucket and key.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/clients.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from './snapshot-schema.js';
import {
  artifactObjects,
  type LatestPointer,
  latestKey,
  type PutSnapshotResult,
  parsePointer,
  parseSnapshotText,
  periodSnapshotKey,
  putSequence,
  type SnapshotArtifacts,
  type SnapshotStore,
  SnapshotStoreError,
  type StoreObject,
} from './snapshot-store.js';

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

export class S3SnapshotStore implements SnapshotStore {
  readonly bucket: string;
  readonly description: string;
  readonly #client: S3Client | undefined;

  constructor(options: S3SnapshotStoreOptions) {
    this.bucket = options.bucket;
    this.description = `s3://${options.bucket}`;
    this.#client = options.client;
  }

  /** The client in use (the archive reader, report/archive-reader.ts, reads through the same one). */
  get client(): S3Client {
    return this.#client ?? s3Client();
  }

  locationOf(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  private write(snapshot: Snapshot): (object: StoreObject) => Promise<void> {
    const metadata = {
      'schema-version': String(SNAPSHOT_SCHEMA_VERSION),
      'report-id': snapshot.report.id,
      // S3 user metadata must be US-ASCII; period keys are ASCII by construction.
      period: snapshot.period.key,
    };
    return async (object) => {
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
    };
  }

  private async read(key: string): Promise<string | null> {
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

  private async readLatest(reportId: string, segment?: string): Promise<LatestPointer | null> {
    const key = latestKey(reportId, segment);
    const text = await this.read(key);
    return text === null ? null : parsePointer(text, this.locationOf(key));
  }

  put(snapshot: Snapshot, artifacts?: SnapshotArtifacts): Promise<PutSnapshotResult> {
    return putSequence(
      this,
      snapshot,
      artifacts,
      // `write` needs the validated snapshot's metadata; the input is validated first by putSequence.
      (o) => this.write(snapshot)(o),
      (id, segment) => this.readLatest(id, segment),
    );
  }

  async putArtifacts(snapshot: Snapshot, artifacts: SnapshotArtifacts): Promise<string[]> {
    const objects = artifactObjects(snapshot, artifacts);
    const write = this.write(snapshot);
    for (const object of objects) await write(object);
    return objects.map((o) => o.key);
  }

  async get(...at: Parameters<SnapshotStore['get']>): Promise<Snapshot | null> {
    const key = periodSnapshotKey(...at);
    const text = await this.read(key);
    return text === null ? null : parseSnapshotText(text, this.locationOf(key));
  }

  async getLatest(reportId: string, segment?: string): Promise<Snapshot | null> {
    const pointer = await this.readLatest(reportId, segment);
    if (!pointer) return null;
    const text = await this.read(pointer.key);
    if (text === null) {
      throw new SnapshotStoreError(
        `latest pointer of ${reportId} names ${this.locationOf(pointer.key)}, which does not exist`,
      );
    }
    return parseSnapshotText(text, this.locationOf(pointer.key));
  }
}
