/**
 * The HTTP core every resource goes through: Basic auth, per-attempt timeout, retries with full-jitter backoff,
 * Retry-After, the shared token buckets, a concurrency bound, response validation and statistics.
 */

import { performance } from 'node:perf_hooks';
import { Agent, type Dispatcher, request } from 'undici';
import type { z } from 'zod';
import { type MuxEnvelope, toEnvelope } from './envelope.js';
import {
  MuxApiError,
  MuxConnectionError,
  type MuxError,
  MuxResponseError,
  MuxTimeoutError,
  parseErrorBody,
} from './errors.js';
import { encodeQuery, type QueryParams } from './query.js';
import { type BucketKind, bucketForPath, Semaphore, type SharedLimiter } from './rate-limiter.js';
import {
  backoffDelay,
  DEFAULT_RETRY_TIMING,
  header,
  isRetryableStatus,
  type RetryTiming,
  rateLimitReport,
  retryAfterMs,
  shouldRetryOverride,
} from './retry.js';
import { cleanMuxStrings } from './untrusted-text.js';

/** Structured events for logging/metrics. They never contain credentials, query strings or bodies. */
export type MuxEvent =
  | {
      type: 'response';
      path: string;
      status: number;
      /** 1-based attempt number. */
      attempt: number;
      durationMs: number;
      bytes: number;
      requestId: string | null;
    }
  | { type: 'retry'; path: string; attempt: number; delayMs: number; reason: string }
  | { type: 'rate_limited'; path: string; retryAfterMs: number | null }
  | { type: 'throttled'; path: string; bucket: BucketKind; waitMs: number }
  | { type: 'failed'; path: string; attempts: number; error: string; status: number | null };

export interface MuxStats {
  /** HTTP attempts made (first tries + retries). */
  calls: number;
  retries: number;
  /** 429 responses seen (recovered or not). */
  rateLimited: number;
  /** Response body bytes received. */
  bytes: number;
  /** Sum of HTTP attempt durations (time spent waiting on Mux, excluding limiter waits and backoff). */
  durationMs: number;
  /** Sum of time spent waiting for a rate-limit token or sleeping before a retry. */
  waitMs: number;
}

export interface TransportOptions {
  tokenId: string;
  tokenSecret: string;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  retry: RetryTiming;
  limiter: SharedLimiter;
  concurrency: number;
  dispatcher?: Dispatcher;
  userAgent: string;
  onEvent?: (event: MuxEvent) => void;
}

/** The camelCase envelope type produced by an envelope schema. */
export type EnvelopeOf<S extends z.ZodType> =
  z.output<S> extends { data: infer D; meta?: infer M } ? MuxEnvelope<D, NonNullable<M>> : never;

type Attempt =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }
  | { kind: 'timeout' }
  | { kind: 'connection'; code: string; cause: unknown };

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    const cause = (err as { cause?: unknown }).cause;
    if (cause && cause !== err) return errorCode(cause);
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return 'UNKNOWN';
}

export class MuxTransport {
  readonly #authorization: string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #semaphore: Semaphore;
  readonly #base: string;
  readonly #stats: MuxStats = { calls: 0, retries: 0, rateLimited: 0, bytes: 0, durationMs: 0, waitMs: 0 };

  /** Everything but the credentials (kept only inside `#authorization`, a private field `inspect` never shows). */
  readonly #options: Omit<TransportOptions, 'tokenId' | 'tokenSecret'>;

  constructor(options: TransportOptions) {
    const { tokenId, tokenSecret, ...rest } = options;
    this.#options = rest;
    this.#authorization = `Basic ${Buffer.from(`${tokenId}:${tokenSecret}`).toString('base64')}`;
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: options.concurrency });
    this.#semaphore = new Semaphore(options.concurrency);
  }

  get baseUrl(): string {
    return this.#base;
  }

  stats(): MuxStats {
    return { ...this.#stats, durationMs: Math.round(this.#stats.durationMs), waitMs: Math.round(this.#stats.waitMs) };
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  /**
   * GET `path` with `query`, validate the body against `schema`, return the camelCase envelope. Every string of the
   * body is cleaned first (untrusted-text.ts: the one boundary where Mux text enters); `verbatimText` is only for
   * bodies no viewer can write into (the signed URLs of the raw exports, longer than the cap).
   */
  async get<S extends z.ZodType>(
    path: string,
    query: QueryParams,
    schema: S,
    options: { verbatimText?: boolean } = {},
  ): Promise<EnvelopeOf<S>> {
    const raw = await this.getJson(path, query);
    const result = schema.safeParse(options.verbatimText ? raw : cleanMuxStrings(raw));
    if (!result.success) {
      const issue = result.error.issues[0];
      const issuePath = issue ? issue.path.map(String).join('.') : '';
      const error = new MuxResponseError(path, issuePath, issue?.message ?? 'invalid response');
      this.emit({ type: 'failed', path, attempts: 0, error: error.name, status: null });
      throw error;
    }
    return toEnvelope(result.data as Parameters<typeof toEnvelope>[0]) as EnvelopeOf<S>;
  }

  /** GET with retries; resolves with the parsed JSON of a 2xx body. */
  async getJson(path: string, query: QueryParams): Promise<unknown> {
    const qs = encodeQuery(query);
    const url = `${this.#base}${path}${qs ? `?${qs}` : ''}`;
    const { maxRetries, retry, limiter } = this.#options;
    for (let attempt = 1; ; attempt += 1) {
      // Slot first, then the token, then the request at once: a token taken while waiting for a slot would leave
      // late, and the token-to-server delay is what the limiter's jitter margin has to absorb (rate-limiter.ts).
      const outcome = await this.#semaphore.run(async () => {
        const permit = await limiter.acquire(path);
        this.#stats.waitMs += permit.waitMs;
        if (permit.waitMs >= 5) {
          this.emit({ type: 'throttled', path, bucket: bucketForPath(path), waitMs: permit.waitMs });
        }
        let result: Attempt | undefined;
        try {
          result = await this.attempt(url, path, attempt);
        } finally {
          // Every attempt hands its permit back, with the server's rate-limit headers when there was a response
          // (a timeout or reset tells us nothing about the server's bucket).
          limiter.settle(
            path,
            permit,
            result?.kind === 'response'
              ? rateLimitReport(result.headers, result.status, Date.now(), retry.maxRetryAfterMs)
              : undefined,
          );
        }
        return result;
      });
      const canRetry = attempt <= maxRetries;
      let failure: MuxError;
      let reason: string;
      let delayMs = backoffDelay(attempt - 1, retry);

      if (outcome.kind === 'response') {
        const { status, headers, body } = outcome;
        if (status >= 200 && status < 300) {
          try {
            return JSON.parse(body.toString('utf8'));
          } catch {
            failure = new MuxResponseError(path, '', `body is not valid JSON (status ${status}, ${body.length} bytes)`);
            reason = 'malformed_json';
          }
        } else {
          const { type, messages } = parseErrorBody(status, body.toString('utf8'));
          failure = new MuxApiError(status, type, messages, header(headers, 'x-request-id') ?? null, path);
          reason = `status ${status}`;
          const serverDelay = retryAfterMs(headers);
          if (status === 429) {
            this.#stats.rateLimited += 1;
            this.emit({ type: 'rate_limited', path, retryAfterMs: serverDelay ?? null });
            delayMs = Math.max(delayMs, retry.rateLimitedMinDelayMs);
          }
          if (serverDelay !== undefined) delayMs = Math.min(serverDelay, retry.maxRetryAfterMs);
          // A 429 means someone else is using the environment's budget (or its limit is lower than configured and
          // no X-RateLimit-Limit said so): every call of the bucket backs off together, for Retry-After when sent,
          // else ≥ 1 s, Mux's budget being per second. The pause costs ≤ 5 tokens; retrying at once would
          // only collect more 429s.
          if (status === 429) limiter.pause(path, Date.now() + delayMs);
          const retryable = shouldRetryOverride(headers) ?? isRetryableStatus(status);
          if (!retryable) return this.fail(failure, attempt, status);
        }
      } else if (outcome.kind === 'timeout') {
        failure = new MuxTimeoutError(path, this.#options.timeoutMs);
        reason = 'timeout';
      } else {
        failure = new MuxConnectionError(path, outcome.code, outcome.cause);
        reason = outcome.code;
      }

      if (!canRetry) return this.fail(failure, attempt, failure instanceof MuxApiError ? failure.status : null);
      this.#stats.retries += 1;
      this.emit({ type: 'retry', path, attempt, delayMs, reason });
      this.#stats.waitMs += delayMs;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  private fail(error: MuxError, attempts: number, status: number | null): never {
    this.emit({ type: 'failed', path: error.path, attempts, error: error.name, status });
    throw error;
  }

  private async attempt(url: string, path: string, attempt: number): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#options.timeoutMs);
    const started = performance.now();
    this.#stats.calls += 1;
    try {
      const res = await request(url, {
        method: 'GET',
        dispatcher: this.#dispatcher,
        signal: controller.signal,
        headersTimeout: this.#options.timeoutMs,
        bodyTimeout: this.#options.timeoutMs,
        headers: {
          authorization: this.#authorization,
          accept: 'application/json',
          'user-agent': this.#options.userAgent,
        },
      });
      const body = Buffer.from(await res.body.arrayBuffer());
      const durationMs = performance.now() - started;
      this.#stats.durationMs += durationMs;
      this.#stats.bytes += body.length;
      this.emit({
        type: 'response',
        path,
        status: res.statusCode,
        attempt,
        durationMs: Math.round(durationMs),
        bytes: body.length,
        requestId: header(res.headers, 'x-request-id') ?? null,
      });
      return { kind: 'response', status: res.statusCode, headers: res.headers, body };
    } catch (err) {
      this.#stats.durationMs += performance.now() - started;
      if (timedOut || TIMEOUT_CODES.has(errorCode(err))) return { kind: 'timeout' };
      return { kind: 'connection', code: errorCode(err), cause: err };
    } finally {
      clearTimeout(timer);
    }
  }

  private emit(event: MuxEvent): void {
    const listener = this.#options.onEvent;
    if (!listener) return;
    try {
      listener(event);
    } catch {
      // A broken logger must never break data collection.
    }
  }

  toString(): string {
    return `MuxTransport(${this.#base})`;
  }
}

export { DEFAULT_RETRY_TIMING };
