/**
 * Where snapshots (and optionally the rendered email) are archived: S3 in AWS, a directory locally.
 *
 * Keys are deterministic and Hive-style so Athena partition projection can query them with no crawler:
 *   snapshots/report=<id>/cadence=<cadence>/dt=<period start, local date>/snapshot.json  (one compact JSON line)
 *   emails/report=<id>/cadence=<cadence>/dt=<…>/{report.html,report.txt,message.eml}
 * Only snapshot.json lives in a `snapshots/` partition folder: Athena reads every object of a partition, and
 * its JSON SerDe wants one document per line (see infra/constructs/snapshot-table.ts).
 *   snapshots/report=<id>/latest.json   → { key, periodKey, periodStart, generatedAt, schemaVersion }
 * Writing the same period again overwrites the same keys (a re-run replaces, never duplicates).
 * Write order is artifacts → snapshot.json → latest.json, so a reader never follows a pointer to a
 * missing object.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, snapshotSchema } from './snapshot-schema.js';

export type { Snapshot } from './snapshot-schema.js';

export type SnapshotCadence = Snapshot['period']['cadence'];

export interface SnapshotArtifacts {
  html?: string;
  text?: string;
  /** The sent message (first batch), written after a successful send. */
  eml?: Buffer;
}

export type ArtifactName = 'report.html' | 'report.txt' | 'message.eml';

export interface PutSnapshotResult {
  /** Key of snapshot.json. */
  key: string;
  /** `s3://bucket/key` or an absolute file path. */
  location: string;
  /** Every key written, in write order. */
  written: string[];
  /** The snapshot as stored (`archiveLocation` set to `location`). */
  snapshot: Snapshot;
}

export interface SnapshotStore {
  /** `s3://bucket` or the directory: for messages. */
  readonly description: string;
  put(snapshot: Snapshot, artifacts?: SnapshotArtifacts): Promise<PutSnapshotResult>;
  /** Writes artifacts only (e.g. `message.eml` after sending); returns the keys written. */
  putArtifacts(snapshot: Snapshot, artifacts: SnapshotArtifacts): Promise<string[]>;
  /** `segment`: one value of a fan-out report (config/fan-out.ts). */
  get(reportId: string, cadence: SnapshotCadence, periodStartDate: string, segment?: string): Promise<Snapshot | null>;
  getLatest(reportId: string, segment?: string): Promise<Snapshot | null>;
  /** Full location of a key (`s3://…` or a path). */
  locationOf(key: string): string;
}

export const latestPointerSchema = z
  .object({
    key: z.string(),
    periodKey: z.string(),
    /** Added beside the documented fields so a backfill of an older period does not move `latest` back. */
    periodStart: z.string(),
    generatedAt: z.string(),
    schemaVersion: z.number().int(),
  })
  .strict();
export type LatestPointer = z.infer<typeof latestPointerSchema>;

export const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  eml: 'message/rfc822',
} as const;

export class SnapshotStoreError extends Error {
  override readonly name = 'SnapshotStoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Hive-style values must not contain `/` or `=`; report ids are slugs, this guards the rest. */
function partitionValue(name: string, value: string): string {
  if (!value || /[/=\\]/.test(value) || value.includes('..')) {
    throw new SnapshotStoreError(`invalid ${name} "${value}" for a snapshot key`);
  }
  return value;
}

/**
 * The longest percent-encoded value kept as it is: `segment=<value>` is then at most 255 bytes, the limit of one
 * file name (NAME_MAX) in the local archive, and every key stays far below S3's 1,024 bytes. Every value whose key
 * fit before keeps exactly that key (no archived history is orphaned).
 */
export const SEGMENT_KEY_MAX = 247;

/**
 * A value as one bounded key part, for S3 and local keys and the idempotency table: `encodeURIComponent(value)`
 * when it is at most `SEGMENT_KEY_MAX` bytes (`acme-tv` stays `acme-tv`); otherwise — longer, or not encodable
 * (a lone surrogate) — a readable prefix of it, `@`, and 24 hex digits of the SHA-256 of the value's UTF-16 code
 * units (lone surrogates hash distinctly). `encodeURIComponent` always escapes `@`, so a hashed part never equals
 * the plain part of another value; two hashed parts are equal only for equal values (96 bits). Stable across runs.
 */
export function boundedKeyPart(value: string): string {
  let encoded: string | null;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    encoded = null;
  }
  if (encoded !== null && encoded.length <= SEGMENT_KEY_MAX) return encoded;
  const hash = createHash('sha256').update(Buffer.from(value, 'utf16le')).digest('hex').slice(0, 24);
  // Whole characters only (never half a `%XX` or of a UTF-8 sequence), no trailing dot (a `.`/`..` step).
  let prefix = '';
  for (const ch of value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD')) {
    const next = prefix + encodeURIComponent(ch);
    if (next.length > 96) break;
    prefix = next;
  }
  prefix = prefix.replace(/\.+$/, '');
  return `${prefix}@${hash}`;
}

/**
 * The key part of a fan-out segment (config/fan-out.ts): Mux dimension values are free text, so the value is
 * percent-encoded (`encodeURIComponent`: `/`, `=`, `%`, spaces and non-ASCII are escaped; `acme-tv` stays
 * `acme-tv`), and bounded (`boundedKeyPart`). A lone `.` or `..` would be a path step in the local store: those
 * are escaped too. The snapshot keeps the value itself (`report.segment.value`).
 */
export function segmentKeyPart(value: string): string {
  if (!value) throw new SnapshotStoreError('invalid segment "" for a snapshot key');
  const encoded = boundedKeyPart(value);
  return encoded === '.' || encoded === '..' ? encoded.replaceAll('.', '%2E') : encoded;
}

/**
 * `snapshots/report=<id>`, or for one segment of a fan-out report `snapshots/report=<id>/segment=<value>`: a
 * sibling of the unsegmented `cadence=` folders, so the `snapshots` table's projected locations
 * (`report=…/cadence=…/dt=…/`) never contain a segment's file and the `segment_snapshots` table
 * (`report=…/segment=…/cadence=…/dt=…/`) never contains an unsegmented one (infra/constructs/snapshot-table.ts).
 * Without `segment` the keys are exactly those written before fan-out existed.
 */
export function reportPrefix(reportId: string, segment?: string): string {
  const base = `snapshots/report=${partitionValue('report id', reportId)}`;
  return segment === undefined ? base : `${base}/segment=${segmentKeyPart(segment)}`;
}

export function periodPrefix(
  reportId: string,
  cadence: SnapshotCadence,
  periodStartDate: string,
  segment?: string,
): string {
  if (!DATE.test(periodStartDate)) {
    throw new SnapshotStoreError(`invalid period start date "${periodStartDate}" (expected YYYY-MM-DD)`);
  }
  return `${reportPrefix(reportId, segment)}/cadence=${partitionValue('cadence', cadence)}/dt=${periodStartDate}`;
}

/** The segment value of a snapshot (fan-out reports), or undefined. */
export function segmentOfSnapshot(snapshot: Pick<Snapshot, 'report'>): string | undefined {
  return snapshot.report.segment?.value;
}

/** The local calendar date the period starts on (`start` carries its offset, so its date part is local). */
export function periodStartDate(snapshot: Pick<Snapshot, 'period'>): string {
  return snapshot.period.start.slice(0, 10);
}

export function snapshotKey(snapshot: Pick<Snapshot, 'report' | 'period'>): string {
  return `${snapshotPrefix(snapshot)}/snapshot.json`;
}

function snapshotPrefix(snapshot: Pick<Snapshot, 'report' | 'period'>): string {
  return periodPrefix(
    snapshot.report.id,
    snapshot.period.cadence,
    periodStartDate(snapshot),
    segmentOfSnapshot(snapshot),
  );
}

/** The key of one period's snapshot.json, as the stores' `get` looks it up. */
export function periodSnapshotKey(
  reportId: string,
  cadence: SnapshotCadence,
  periodStartDate: string,
  segment?: string,
): string {
  return `${periodPrefix(reportId, cadence, periodStartDate, segment)}/snapshot.json`;
}

export function latestKey(reportId: string, segment?: string): string {
  return `${reportPrefix(reportId, segment)}/latest.json`;
}

export function artifactKeys(snapshot: Pick<Snapshot, 'report' | 'period'>): Record<ArtifactName, string> {
  const prefix = snapshotPrefix(snapshot).replace(/^snapshots\//, 'emails/');
  return {
    'report.html': `${prefix}/report.html`,
    'report.txt': `${prefix}/report.txt`,
    'message.eml': `${prefix}/message.eml`,
  };
}

/** Deterministic bytes: same snapshot → same file. One line, so Athena's JSON SerDe reads it as one row. */
export function serializeJson(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** Validates before anything is written: an invalid snapshot must never reach the archive. */
export function validateSnapshot(snapshot: unknown, where: string): Snapshot {
  const parsed = snapshotSchema.safeParse(snapshot);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new SnapshotStoreError(`invalid snapshot ${where}: ${issues}`);
  }
  return parsed.data;
}

export function latestPointer(snapshot: Snapshot, key: string): LatestPointer {
  return {
    key,
    periodKey: snapshot.period.key,
    periodStart: snapshot.period.start,
    generatedAt: snapshot.generatedAt,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
  };
}

/** True when `candidate` should replace `current` as latest (same or later period start). */
export function isNewerOrSame(candidate: LatestPointer, current: LatestPointer | null): boolean {
  if (!current) return true;
  return Date.parse(candidate.periodStart) >= Date.parse(current.periodStart);
}

/** One object to write: shared by both stores. */
export interface StoreObject {
  key: string;
  body: string | Buffer;
  contentType: string;
}

export function artifactObjects(snapshot: Snapshot, artifacts: SnapshotArtifacts): StoreObject[] {
  const keys = artifactKeys(snapshot);
  const out: StoreObject[] = [];
  if (artifacts.html !== undefined)
    out.push({ key: keys['report.html'], body: artifacts.html, contentType: CONTENT_TYPES.html });
  if (artifacts.text !== undefined)
    out.push({ key: keys['report.txt'], body: artifacts.text, contentType: CONTENT_TYPES.text });
  if (artifacts.eml !== undefined)
    out.push({ key: keys['message.eml'], body: artifacts.eml, contentType: CONTENT_TYPES.eml });
  return out;
}

/**
 * A store over a key → text object space (S3, a directory): the put sequence, reads and `latest` handling live here
 * once; a backend supplies writing, reading and listing one key. The archive reader (archive-reader.ts) reads a
 * report's history through the same backend (`ArchiveBackend`: `list` + `readText`), so both see one key layout.
 */
export abstract class ObjectSnapshotStore implements SnapshotStore {
  abstract readonly description: string;
  abstract locationOf(key: string): string;
  /** Writes one object of `snapshot` (the S3 backend tags it with the snapshot's metadata). */
  protected abstract writeObject(snapshot: Snapshot, object: StoreObject): Promise<void>;
  /** The object's text; null when there is no such key. */
  abstract readText(key: string): Promise<string | null>;
  /** Every key under `prefix` (the archive reader's one listing). */
  abstract list(prefix: string): Promise<string[]>;
  /** Writes one object that is not a snapshot's (a fan-out's shared scorecards, shared-scorecards-store.ts). */
  abstract writeText(key: string, body: string, contentType: string): Promise<void>;

  /** Validate, set `archiveLocation`, write artifacts, snapshot, then `latest` (never moved back to an older period). */
  async put(input: Snapshot, artifacts?: SnapshotArtifacts): Promise<PutSnapshotResult> {
    const key = snapshotKey(validateSnapshot(input, 'refused before writing'));
    const location = this.locationOf(key);
    // The store is the one place that knows where the snapshot really lives.
    const snapshot = validateSnapshot({ ...input, archiveLocation: location }, 'refused before writing');
    const written: string[] = [];
    for (const object of artifactObjects(snapshot, artifacts ?? {})) {
      await this.writeObject(snapshot, object);
      written.push(object.key);
    }
    await this.writeObject(snapshot, { key, body: serializeJson(snapshot), contentType: CONTENT_TYPES.json });
    written.push(key);
    const pointer = latestPointer(snapshot, key);
    const segment = segmentOfSnapshot(snapshot);
    if (isNewerOrSame(pointer, await this.readLatest(snapshot.report.id, segment))) {
      const lk = latestKey(snapshot.report.id, segment);
      await this.writeObject(snapshot, { key: lk, body: serializeJson(pointer), contentType: CONTENT_TYPES.json });
      written.push(lk);
    }
    return { key, location, written, snapshot };
  }

  async putArtifacts(snapshot: Snapshot, artifacts: SnapshotArtifacts): Promise<string[]> {
    const objects = artifactObjects(snapshot, artifacts);
    for (const object of objects) await this.writeObject(snapshot, object);
    return objects.map((o) => o.key);
  }

  async get(...at: Parameters<SnapshotStore['get']>): Promise<Snapshot | null> {
    const key = periodSnapshotKey(...at);
    const text = await this.readText(key);
    return text === null ? null : parseSnapshotText(text, this.locationOf(key));
  }

  async getLatest(reportId: string, segment?: string): Promise<Snapshot | null> {
    const pointer = await this.readLatest(reportId, segment);
    if (!pointer) return null;
    const text = await this.readText(pointer.key);
    if (text === null) {
      throw new SnapshotStoreError(
        `latest pointer of ${reportId} names ${this.locationOf(pointer.key)}, which does not exist`,
      );
    }
    return parseSnapshotText(text, this.locationOf(pointer.key));
  }

  private async readLatest(reportId: string, segment?: string): Promise<LatestPointer | null> {
    const key = latestKey(reportId, segment);
    const text = await this.readText(key);
    return text === null ? null : parsePointer(text, this.locationOf(key));
  }
}

export function parsePointer(text: string, where: string): LatestPointer {
  try {
    return latestPointerSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new SnapshotStoreError(`invalid latest pointer ${where}`, { cause: error });
  }
}

export function parseSnapshotText(text: string, where: string): Snapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SnapshotStoreError(`snapshot ${where} is not valid JSON`, { cause: error });
  }
  return validateSnapshot(json, `read from ${where}`);
}
