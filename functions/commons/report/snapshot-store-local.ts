/**
 * Snapshot store backed by a local directory (CLI, demo, tests): same keys as S3, as relative paths.
 * Files are written to a temporary name and renamed, so a reader never sees a half-written file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  artifactObjects,
  type LatestPointer,
  latestKey,
  type PutSnapshotResult,
  parsePointer,
  parseSnapshotText,
  periodSnapshotKey,
  putSequence,
  type Snapshot,
  type SnapshotArtifacts,
  type SnapshotStore,
  SnapshotStoreError,
  type StoreObject,
} from './snapshot-store.js';

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export class LocalSnapshotStore implements SnapshotStore {
  readonly root: string;
  readonly description: string;

  constructor(directory: string) {
    this.root = path.resolve(directory);
    this.description = this.root;
  }

  locationOf(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  private async write(object: StoreObject): Promise<void> {
    const file = this.locationOf(object.key);
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, object.body);
      await rename(tmp, file);
    } catch (error) {
      throw new SnapshotStoreError(`could not write ${file}: ${(error as Error).message}`, { cause: error });
    }
  }

  private async read(key: string): Promise<string | null> {
    const file = this.locationOf(key);
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new SnapshotStoreError(`could not read ${file}: ${(error as Error).message}`, { cause: error });
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
      (o) => this.write(o),
      (id, segment) => this.readLatest(id, segment),
    );
  }

  async putArtifacts(snapshot: Snapshot, artifacts: SnapshotArtifacts): Promise<string[]> {
    const objects = artifactObjects(snapshot, artifacts);
    for (const object of objects) await this.write(object);
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
      throw new SnapshotStoreError(`latest pointer of ${reportId} names ${pointer.key}, which does not exist`);
    }
    return parseSnapshotText(text, this.locationOf(pointer.key));
  }
}
