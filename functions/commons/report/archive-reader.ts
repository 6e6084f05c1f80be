/**
 * Read-only access to a report's archived snapshots (the history section's port, sections/archive.ts), over S3 or
 * a local directory laid out like the bucket. Keys are built only with the snapshot store's functions
 * (periodSnapshotKey), so a change of the key layout flows through.
 *
 * Reads are bounded: one listing under the longest prefix the wanted keys share (a few pages at most: 1,000 keys
 * a page), then one GET per wanted key that exists, at most ARCHIVE_READ_CONCURRENCY at a time. A failed GET is
 * that period's note, not a failure; only a failed listing throws.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArchivedText, SnapshotArchive } from '../sections/archive.js';
import { ObjectSnapshotStore, periodSnapshotKey, type SnapshotCadence, type SnapshotStore } from './snapshot-store.js';
import { LocalSnapshotStore } from './snapshot-store-local.js';
import { S3SnapshotStore } from './snapshot-store-s3.js';

/** 8 GETs in flight: 12 snapshots of ~30 KB read in two rounds; S3 serves thousands per prefix and second. */
export const ARCHIVE_READ_CONCURRENCY = 8;

/** What the reader needs of a store: list keys under a prefix, read one key (null when absent). Both snapshot
 * stores (S3, local directory) are one: the history reads through the same key layout the report writes. */
export type ArchiveBackend = Pick<ObjectSnapshotStore, 'description' | 'locationOf' | 'list' | 'readText'>;

export interface ArchiveStats {
  lists: number;
  gets: number;
}

// The stores' errors name the operation and the location already (SnapshotStoreError).
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
        const text = await this.backend.readText(key);
        return text === null ? { location, error: 'listed but gone when read' } : { location, text };
      } catch (error) {
        return { location, error: `could not be read (${message(error)})` };
      }
    });
    return new Map(present.map((d, i) => [d, texts[i]!]));
  }
}

export const s3Archive = (bucket: string, client?: S3Client): ArchiveReader =>
  new ArchiveReader(new S3SnapshotStore({ bucket, ...(client ? { client } : {}) }));

export const localArchive = (directory: string): ArchiveReader => new ArchiveReader(new LocalSnapshotStore(directory));

/** The archive a snapshot store writes to, read-only; null for a store it cannot read (e.g. a test double). */
export function archiveOf(store: SnapshotStore): ArchiveReader | null {
  return store instanceof ObjectSnapshotStore ? new ArchiveReader(store) : null;
}
