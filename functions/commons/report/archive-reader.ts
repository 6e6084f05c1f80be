/**
 * Read-only access to a report's archived snapshots (the history section's port, sections/archive.ts), over S3 or
 * a local directory laid out like the bucket. Keys are built only with the snapshot store's functions
 * (periodSnapshotKey), so a change of the key layout flows through.
 *
 * Reads are bounded: one listing under the longest prefix the wanted keys share (a few pages at most: 1,000 keys
 * a page), then one GET per wanted key that exists, at most ARCHIVE_READ_CONCURRENCY at a time. A failed GET is
 * that period's note, not a failure; only a failed listing throws.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/clients.js';
import type { ArchivedText, SnapshotArchive } from '../sections/archive.js';
import { periodSnapshotKey, type SnapshotCadence, type SnapshotStore } from './snapshot-store.js';
import { LocalSnapshotStore } from './snapshot-store-local.js';
import { S3SnapshotStore } from './snapshot-store-s3.js';

/** 8 GETs in flight: 12 snapshots of ~30 KB read in two rounds; S3 serves thousands per prefix and second. */
export const ARCHIVE_READ_CONCURRENCY = 8;

/** What a backend does: list keys under a prefix, read one key (null when absent). */
export interface ArchiveBackend {
  readonly description: string;
  locationOf(key: string): string;
  list(prefix: string): Promise<string[]>;
  get(key: string): Promise<string | null>;
}

export interface ArchiveStats {
  lists: number;
  gets: number;
}

const message = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export class S3ArchiveBackend implements ArchiveBackend {
  readonly description: string;
  constructor(
    readonly bucket: string,
    private readonly client: S3Client = s3Client(),
  ) {
    this.description = `s3://${bucket}`;
  }

  locationOf(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const res = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const o of res.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async get(key: string): Promise<string | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await res.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }
}

export class LocalArchiveBackend implements ArchiveBackend {
  readonly root: string;
  readonly description: string;
  constructor(directory: string) {
    this.root = path.resolve(directory);
    this.description = this.root;
  }

  locationOf(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  async list(prefix: string): Promise<string[]> {
    // Walk from the deepest folder the prefix names; keys are the relative paths with '/'.
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const base = this.locationOf(folder);
    let entries: string[];
    try {
      entries = await readdir(base, { recursive: true });
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return [];
      throw error;
    }
    return entries
      .map((e) => folder + e.split(path.sep).join('/'))
      .filter((k) => k.startsWith(prefix) && !k.endsWith('.tmp'));
  }

  async get(key: string): Promise<string | null> {
    try {
      return await readFile(this.locationOf(key), 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return null;
      throw error;
    }
  }
}

function commonPrefix(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  let p = keys[0]!;
  for (const k of keys) while (!k.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export class ArchiveReader implements SnapshotArchive {
  readonly stats: ArchiveStats = { lists: 0, gets: 0 };
  readonly description: string;

  constructor(
    readonly backend: ArchiveBackend,
    private readonly concurrency = ARCHIVE_READ_CONCURRENCY,
  ) {
    this.description = backend.description;
  }

  /** The snapshot key of each date, through the store's key function (so a layout change flows through). */
  private keysOf(reportId: string, cadence: string, dates: readonly string[], segment?: string): Map<string, string> {
    return new Map(dates.map((d) => [d, periodSnapshotKey(reportId, cadence as SnapshotCadence, d, segment)] as const));
  }

  /** Which of `dates` have a snapshot archived: one listing, no GET. */
  async archivedDates(
    reportId: string,
    cadence: string,
    dates: readonly string[],
    segment?: string,
  ): Promise<Set<string>> {
    const keys = this.keysOf(reportId, cadence, dates, segment);
    if (keys.size === 0) return new Set();
    this.stats.lists++;
    const listed = new Set(await this.backend.list(commonPrefix([...keys.values()])));
    return new Set([...keys].filter(([, k]) => listed.has(k)).map(([d]) => d));
  }

  async read(
    reportId: string,
    cadence: string,
    dates: readonly string[],
    segment?: string,
  ): Promise<Map<string, ArchivedText>> {
    const keys = this.keysOf(reportId, cadence, dates, segment);
    const present = [...(await this.archivedDates(reportId, cadence, dates, segment))];
    const texts = await pool(present, this.concurrency, async (date): Promise<ArchivedText> => {
      const key = keys.get(date)!;
      const location = this.backend.locationOf(key);
      this.stats.gets++;
      try {
        const text = await this.backend.get(key);
        return text === null ? { location, error: 'listed but gone when read' } : { location, text };
      } catch (error) {
        return { location, error: `could not be read (${message(error)})` };
      }
    });
    return new Map(present.map((d, i) => [d, texts[i]!]));
  }
}

export const s3Archive = (bucket: string, client?: S3Client): ArchiveReader =>
  new ArchiveReader(new S3ArchiveBackend(bucket, client));

export const localArchive = (directory: string): ArchiveReader => new ArchiveReader(new LocalArchiveBackend(directory));

/** The archive a snapshot store writes to, read-only; null for a store it cannot read (e.g. a test double). */
export function archiveOf(store: SnapshotStore): ArchiveReader | null {
  if (store instanceof S3SnapshotStore) return s3Archive(store.bucket, store.client);
  if (store instanceof LocalSnapshotStore) return localArchive(store.root);
  return null;
}
