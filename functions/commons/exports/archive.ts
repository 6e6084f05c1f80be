/**
 * Copies Mux's daily raw view exports of one environment into S3, one object per file:
 * `exports/<environment>/dt=<export_date>/<file name>` (e.g. `exports/prod/dt=2026-03-09/2026_03_09.csv.gz`).
 *
 * - Idempotent: Mux lists the last 7 days every day; a file whose key already exists is skipped (an
 *   object exists only once completely written: PutObject is atomic and multipart uploads are aborted
 *   on failure), so a re-run or a Lambda retry downloads only what is missing.
 * - Bounded memory: each file is streamed from the download straight into S3, one file at a time.
 * - Plan-gated (403/404 on the exports list): a no-op `not-available`, not a failure.
 * - A file that fails is reported and the others are still tried; the caller decides to throw
 *   (status `failed`). Mux keeps links 7 days, so tomorrow's run retries it too.
 * - Never logs a download URL's query string (it is the signature): only `host/path`.
 */
import type { Readable } from 'node:stream';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { MuxApiError, type MuxClient, type ViewExport } from '../mux/index.js';
import { type DownloadOptions, describeDownloadFailure, openDownload, safePath } from './download.js';
import { DEFAULT_PART_SIZE, multipartStream, putStream, type UploadTarget } from './s3-upload.js';

export const EXPORTS_PREFIX = 'exports/';

export interface ArchiveLogger {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface ArchiveExportsOptions {
  /** Environment name (S3 key segment). */
  environment: string;
  client: MuxClient;
  s3: S3Client;
  bucket: string;
  /** Default `exports/`. */
  prefix?: string;
  logger?: ArchiveLogger;
  download?: DownloadOptions;
  /** Multipart part size when a download has no content-length (default 8 MiB). */
  partSize?: number;
}

export interface ArchiveFailure {
  exportDate: string;
  /** Target key, or null when none could be derived. */
  key: string | null;
  /** `host/path` of the download (no query string). */
  file: string;
  reason: string;
}

export interface ArchivedFile {
  key: string;
  bytes: number;
  method: 'put' | 'multipart';
}

export interface ArchiveExportsResult {
  /**
   * `archived`: new files stored, none failed; `up-to-date`: nothing new; `failed`: at least one file
   * could not be archived (the others were); `not-available`: the plan has no exports.
   */
  status: 'archived' | 'up-to-date' | 'failed' | 'not-available';
  environment: string;
  /** Keys written by this run, in order. */
  archived: string[];
  /** Files already in S3. */
  skipped: number;
  failed: ArchiveFailure[];
  /** Details of `archived` (bytes, upload method). */
  files: ArchivedFile[];
  /** Why `not-available` (Mux's message), otherwise absent. */
  reason?: string;
}

const SILENT: ArchiveLogger = { info: () => undefined, warn: () => undefined };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The file name of a download URL's path, restricted to characters safe in an S3 key and in Athena. */
export function fileNameOf(url: string, fallback: string): string {
  let last = '';
  try {
    const segments = new URL(url).pathname.split('/').filter(Boolean);
    last = decodeURIComponent(segments.at(-1) ?? '');
  } catch {
    last = '';
  }
  const safe = last.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
  return safe === '' ? fallback : safe.slice(0, 200);
}

export function exportKey(prefix: string, environment: string, exportDate: string, fileName: string): string {
  return `${prefix}${environment}/dt=${exportDate}/${fileName}`;
}

interface PlannedFile {
  exportDate: string;
  url: string;
  key: string | null;
  problem?: string;
}

/** Every listed file with its target key, oldest day first; duplicate names in a day get a `-<n>` suffix. */
export function planFiles(exports: readonly ViewExport[], prefix: string, environment: string): PlannedFile[] {
  const out: PlannedFile[] = [];
  const used = new Set<string>();
  const days = [...exports].sort((a, b) => a.export_date.localeCompare(b.export_date));
  for (const day of days) {
    day.files.forEach((file, i) => {
      if (!DATE.test(day.export_date)) {
        out.push({ exportDate: day.export_date, url: file.path, key: null, problem: 'export_date is not YYYY-MM-DD' });
        return;
      }
      const name = fileNameOf(file.path, `export-${i + 1}.csv.gz`);
      let key = exportKey(prefix, environment, day.export_date, name);
      for (let n = 2; used.has(key); n++) {
        const dot = name.indexOf('.');
        const renamed = dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
        key = exportKey(prefix, environment, day.export_date, renamed);
      }
      used.add(key);
      out.push({ exportDate: day.export_date, url: file.path, key });
    });
  }
  return out;
}

async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey') return false;
    throw error;
  }
}

async function copyOne(
  options: ArchiveExportsOptions,
  key: string,
  url: string,
): Promise<{ bytes: number; method: 'put' | 'multipart' }> {
  const download = await openDownload(url, options.download);
  const target: UploadTarget = {
    s3: options.s3,
    bucket: options.bucket,
    key,
    contentType: download.contentType ?? 'application/gzip',
    ...(download.contentEncoding ? { contentEncoding: download.contentEncoding } : {}),
  };
  const body: Readable = download.body;
  try {
    return download.contentLength !== null
      ? await putStream(target, body, download.contentLength)
      : await multipartStream(target, body, options.partSize ?? DEFAULT_PART_SIZE);
  } finally {
    // On failure the download may still be open: release the socket.
    if (!body.destroyed) body.destroy();
  }
}

export async function archiveExports(options: ArchiveExportsOptions): Promise<ArchiveExportsResult> {
  const { environment, bucket, s3 } = options;
  const log = options.logger ?? SILENT;
  const prefix = options.prefix ?? EXPORTS_PREFIX;
  const result: ArchiveExportsResult = {
    status: 'up-to-date',
    environment,
    archived: [],
    skipped: 0,
    failed: [],
    files: [],
  };

  let exports: ViewExport[];
  try {
    exports = (await options.client.exports.listViews()).data;
  } catch (error) {
    if (error instanceof MuxApiError && (error.status === 403 || error.status === 404)) {
      const reason = error.messages[0] ?? `Mux answered ${error.status} on ${error.path}`;
      log.info('raw exports are not available for this environment: nothing to archive', {
        environment,
        status: error.status,
        reason,
        muxRequestId: error.requestId,
      });
      return { ...result, status: 'not-available', reason };
    }
    throw error;
  }

  const planned = planFiles(exports, prefix, environment);
  log.info('raw exports listed', { environment, days: exports.length, files: planned.length });

  for (const file of planned) {
    const where = safePath(file.url);
    if (file.key === null) {
      result.failed.push({ exportDate: file.exportDate, key: null, file: where, reason: file.problem ?? 'invalid' });
      log.warn('raw export skipped: invalid listing', { environment, exportDate: file.exportDate, file: where });
      continue;
    }
    const key = file.key;
    try {
      if (await exists(s3, bucket, key)) {
        result.skipped++;
        continue;
      }
      const started = Date.now();
      const copied = await copyOne(options, key, file.url);
      result.archived.push(key);
      result.files.push({ key, ...copied });
      log.info('raw export archived', {
        environment,
        exportDate: file.exportDate,
        file: where,
        key,
        bytes: copied.bytes,
        method: copied.method,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      const reason = describeDownloadFailure(error, file.url);
      result.failed.push({ exportDate: file.exportDate, key, file: where, reason });
      log.warn('raw export could not be archived', {
        environment,
        exportDate: file.exportDate,
        file: where,
        key,
        reason,
      });
    }
  }

  result.status = result.failed.length > 0 ? 'failed' : result.archived.length > 0 ? 'archived' : 'up-to-date';
  return result;
}
