/**
 * Opens an export file's download as a stream (undici `request`: no decompression, so the bytes stored
 * are exactly Mux's gzip file). Export links are pre-signed S3 URLs whose query string IS the credential:
 * nothing here logs, throws or returns the full URL — only `safePath(url)` (host + path).
 */
import type { Readable } from 'node:stream';
import { type Dispatcher, request } from 'undici';

export interface DownloadOptions {
  /** Time to the response headers, default 30 s. */
  headersTimeoutMs?: number;
  /** Longest silence while reading the body, default 60 s. */
  bodyTimeoutMs?: number;
  dispatcher?: Dispatcher;
}

export interface OpenDownload {
  body: Readable;
  /** From `content-length`; null when the server streams without one (chunked). */
  contentLength: number | null;
  contentType: string | null;
  contentEncoding: string | null;
}

export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    message: string,
    /** `host/path` of the download, never the query string. */
    readonly file: string,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `host/path` of a URL: what may appear in logs and errors. */
export function safePath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Removes every occurrence of the URL's query string (and the URL itself) from a message. */
export function redactUrl(message: string, url: string): string {
  let out = message.split(url).join(safePath(url));
  try {
    const { search } = new URL(url);
    if (search.length > 1) out = out.split(search).join('?…');
    if (search.length > 1) out = out.split(search.slice(1)).join('…');
  } catch {
    // not a URL: nothing more to hide
  }
  return out;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}

/** GETs `url`; resolves once the headers are in with a 2xx, the body still unread. */
export async function openDownload(url: string, options: DownloadOptions = {}): Promise<OpenDownload> {
  const file = safePath(url);
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method: 'GET',
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  } catch (error) {
    // No cause chained: undici errors can carry the request options (and so the URL).
    throw new DownloadError(`download of ${file} failed: ${redactUrl(errorText(error), url)}`, file, null);
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    await response.body.dump().catch(() => undefined);
    const hint = response.statusCode === 403 ? ' (the link may have expired: Mux keeps export links 7 days)' : '';
    throw new DownloadError(`download of ${file} answered ${response.statusCode}${hint}`, file, response.statusCode);
  }
  const length = header(response.headers, 'content-length');
  const contentLength = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  return {
    body: response.body,
    contentLength,
    contentType: header(response.headers, 'content-type'),
    contentEncoding: header(response.headers, 'content-encoding'),
  };
}

/** Reason text for a failure while streaming (after the headers), with the URL removed. */
export function describeDownloadFailure(error: unknown, url: string): string {
  if (error instanceof DownloadError) return error.message;
  return redactUrl(errorText(error), url);
}
