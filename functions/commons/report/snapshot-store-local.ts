/**
 * Snapshot store backed by a local directory (CLI, demo, tests): same keys as S3, as relative paths.
 * Files are written to a temporary name and renamed, so a reader never sees a half-written file.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ObjectSnapshotStore, SnapshotStoreError, type StoreObject } from './snapshot-store.js';

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export class LocalSnapshotStore extends ObjectSnapshotStore {
  readonly root: string;
  readonly description: string;

  constructor(directory: string) {
    super();
    this.root = path.resolve(directory);
    this.description = this.root;
  }

  locationOf(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  writeText(key: string, body: string, contentType: string): Promise<void> {
    return this.writeObject(null, { key, body, contentType });
  }

  protected async writeObject(_snapshot: unknown, object: StoreObject): Promise<void> {
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

  async readText(key: string): Promise<string | null> {
    const file = this.locationOf(key);
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new SnapshotStoreError(`could not read ${file}: ${(error as Error).message}`, { cause: error });
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Walk from the deepest folder the prefix names; keys are the relative paths with '/'.
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    let entries: string[];
    try {
      entries = await readdir(this.locationOf(folder), { recursive: true });
    } catch (error) {
      if (isNotFound(error)) return [];
      throw new SnapshotStoreError(`could not list ${this.locationOf(folder)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return entries
      .map((e) => folder + e.split(path.sep).join('/'))
      .filter((k) => k.startsWith(prefix) && !k.endsWith('.tmp'));
  }
}
