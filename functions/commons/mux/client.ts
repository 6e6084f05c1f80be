/**
 * `MuxClient`: typed access to the Mux Data REST API calls the product makes (historical metrics, incidents, errors,
 * views, exports, monitoring). One instance per environment and run; share a `SharedLimiter` between clients of the
 * same environment. Call `close()` when done to release keep-alive sockets.
 */
import { inspect } from 'node:util';
import type { Dispatcher } from 'undici';
import { SharedLimiter, type SharedLimiterOptions } from './rate-limiter.js';
import { Annotations } from './resources/annotations.js';
import { Dimensions } from './resources/dimensions.js';
import { Errors } from './resources/errors.js';
import { Exports } from './resources/exports.js';
import { Incidents } from './resources/incidents.js';
import { Metrics } from './resources/metrics.js';
import { Monitoring } from './resources/monitoring.js';
import { VideoViews } from './resources/video-views.js';
import { DEFAULT_RETRY_TIMING, type RetryTiming } from './retry.js';
import { type MuxEvent, type MuxStats, MuxTransport } from './transport.js';

export interface MuxClientOptions {
  tokenId: string;
  tokenSecret: string;
  /** Default `process.env.MUX_BASE_URL ?? 'https://api.mux.com'`. */
  baseUrl?: string;
  /** Per attempt (headers + body), default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt, default 4. */
  maxRetries?: number;
  /** Backoff tuning (tests shrink these). */
  retry?: Partial<RetryTiming>;
  /**
   * Used only when `limiter` is not given: Mux's limits for the environment, defaults 5 (data) and 1 (monitoring)
   * requests/second; the client paces below them by `jitterToleranceMs` (default 200 ms, see rate-limiter.ts).
   */
  rateLimit?: SharedLimiterOptions;
  /**
   * Max in-flight requests of this client, default 4: enough for Mux's 5 req/s while a request takes up to
   * 4 / 5 s = 800 ms (a week-long breakdown can take a few hundred ms at Mux).
   */
  concurrency?: number;
  /** One per environment, shared by every client of that environment. */
  limiter?: SharedLimiter;
  /** Custom undici dispatcher (not closed by `close()`). */
  dispatcher?: Dispatcher;
  userAgent?: string;
  /** Request/retry/429 events for logs and metrics; never contains credentials. Exceptions are swallowed. */
  onEvent?: (event: MuxEvent) => void;
}

export class MuxClient {
  readonly #transport: MuxTransport;
  readonly metrics: Metrics;
  readonly incidents: Incidents;
  readonly annotations: Annotations;
  readonly errors: Errors;
  readonly dimensions: Dimensions;
  readonly videoViews: VideoViews;
  readonly exports: Exports;
  readonly monitoring: Monitoring;
  readonly limiter: SharedLimiter;

  constructor(options: MuxClientOptions) {
    if (!options.tokenId || !options.tokenSecret) throw new TypeError('MuxClient needs tokenId and tokenSecret');
    const baseUrl = options.baseUrl ?? process.env['MUX_BASE_URL'] ?? 'https://api.mux.com';
    let parsed: URL;
    try {
      parsed = new URL(baseUrl);
    } catch {
      throw new TypeError(`MuxClient baseUrl is not a URL: ${baseUrl}`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new TypeError(`MuxClient baseUrl must be http(s): ${baseUrl}`);
    }
    if (parsed.username || parsed.password) throw new TypeError('MuxClient baseUrl must not contain credentials');
    const timeoutMs = options.timeoutMs ?? 30_000;
    const maxRetries = options.maxRetries ?? 4;
    if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0 (got ${timeoutMs})`);
    if (!Number.isInteger(maxRetries) || maxRetries < 0)
      throw new RangeError(`maxRetries must be >= 0 (got ${maxRetries})`);
    this.limiter = options.limiter ?? new SharedLimiter(options.rateLimit ?? {});
    this.#transport = new MuxTransport({
      tokenId: options.tokenId,
      tokenSecret: options.tokenSecret,
      baseUrl: `${parsed.origin}${parsed.pathname}`,
      timeoutMs,
      maxRetries,
      retry: { ...DEFAULT_RETRY_TIMING, ...options.retry },
      limiter: this.limiter,
      concurrency: options.concurrency ?? 4,
      userAgent: options.userAgent ?? 'mux-qoe-reports',
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    this.metrics = new Metrics(this.#transport);
    this.incidents = new Incidents(this.#transport);
    this.annotations = new Annotations(this.#transport);
    this.errors = new Errors(this.#transport);
    this.dimensions = new Dimensions(this.#transport);
    this.videoViews = new VideoViews(this.#transport);
    this.exports = new Exports(this.#transport);
    this.monitoring = new Monitoring(this.#transport);
  }

  get baseUrl(): string {
    return this.#transport.baseUrl;
  }

  /** Statistics of this client since construction. */
  stats(): MuxStats {
    return this.#transport.stats();
  }

  /** Release keep-alive sockets (no-op for a caller-provided dispatcher). */
  close(): Promise<void> {
    return this.#transport.close();
  }

  toString(): string {
    return `MuxClient(${this.baseUrl})`;
  }

  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
