/**
 * A faithful, deterministic fake of the Mux Data API over real HTTP, for tests, demos and local development.
 * Same paths, envelopes, error shapes, auth, rate limits and request ids as api.mux.com; data comes from a seeded
 * synthetic universe (see universe.ts) and depends only on the seed, the requested window/filters and `now`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnnotationStore } from './annotations.js';
import type { Ctx } from './context.js';
import { loadDocsExamples } from './docs-scenario.js';
import { prng, token } from './hash.js';
import { hostileBody, realQuery } from './hostile-scenario.js';
import { ApiError, DEFAULT_RETENTION, invalid, notFound, type Retention } from './params.js';
import { PLATFORM_SHAPE } from './platform.js';
import { type Regression, type RegressionOption, resolveRegressions } from './regressions.js';
import { rateClass, route } from './router.js';
import { Reply } from './routes-annotations.js';
import { exportFile } from './routes-lists.js';
import { Universe } from './universe.js';

export interface FaultRule {
  /** Substring of the path; '*' matches every path. */
  match: string;
  /** HTTP status, or a transport-level misbehaviour. */
  kind: number | 'hang' | 'reset' | 'malformed' | 'plan-gated';
  /** Probability 0..1 that a matching request is affected (default 1). */
  rate?: number;
  /** Only the first N affected requests. */
  times?: number;
}

export interface FakeMuxOptions {
  port?: number;
  host?: string;
  seed?: number;
  /** The fake's clock; fixed when given, otherwise the wall clock at each request. */
  now?: Date;
  tokenId?: string;
  tokenSecret?: string;
  latencyMs?: number;
  /**
   * The rate limiter's clock in ms (default `Date.now`): a test that asserts an exact count of 429s under a burst
   * passes one it advances itself, since on a busy machine a burst can span a refill of the wall clock.
   */
  rateClock?: () => number;
  /** Requests per second per class (token bucket, burst = rate); false disables. Default { data: 5, monitoring: 1 }. */
  rateLimit?: { data: number; monitoring: number } | false;
  /** Probability of a random 500/502/503 on any request. */
  errorRate?: number;
  faults?: FaultRule[];
  /**
   * `platform`: hundreds of customers on `sub_property_id` (platform.ts); `docs`: the seed pages' bodies;
   * `hostile`: viewer-controlled values replaced by the hostile corpus (hostile-scenario.ts; tests only).
   */
  scenario?: 'synthetic' | 'docs' | 'platform' | 'hostile';
  /** Days of data kept (default 100, Mux's standard retention). */
  retentionDays?: number;
  /** What an older timeframe gets: a 400 (`refuse`, default) or a start clamped to the oldest day kept (`clamp`). */
  retentionMode?: Retention['mode'];
  /** Default true in-process; the CLI logs one line per request unless --quiet. */
  quiet?: boolean;
  /**
   * Planted causes (regressions.ts, fake-mux/README.md): `'browser:Safari:video_startup_time:+400'` or
   * `{ dimension, value, metric, change, window? }`. The default window is the last full ISO week (UTC) before `now`
   * (the wall clock at start-up when `now` is not pinned). Invalid ones make startFakeMux reject (RegressionError).
   */
  regressions?: readonly RegressionOption[];
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** Raw query string without the leading '?'. */
  query: string;
  /** 0 when no HTTP response was sent (hang, reset). */
  status: number;
  at: number;
  requestId: string;
}

export interface FakeMux {
  url: string;
  port: number;
  requests: RequestLogEntry[];
  /** The planted regressions, validated and with their windows resolved. */
  regressions: readonly Regression[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const TOO_MANY = { errors: ['Too many requests, retry later.'] };
const UNAUTHORIZED = { error: { type: 'unauthorized', messages: ['Unauthorized request'] } };

function statusBody(status: number): unknown {
  if (status === 429) return TOO_MANY;
  if (status === 401) return UNAUTHORIZED;
  if (status === 404) return notFound().body;
  if (status === 403)
    return { error: { type: 'forbidden', messages: ['You do not have permission to access this resource'] } };
  if (status >= 400 && status < 500) return { error: { type: 'invalid_parameters', messages: ['Injected fault'] } };
  return { error: { type: 'internal_server_error', messages: ['Something went wrong. Please try again.'] } };
}

function planGatedMessage(path: string): string {
  if (path.includes('/monitoring') || path.includes('/realtime'))
    return 'The Monitoring API is not available on your plan';
  if (path.includes('/exports')) return 'Video view exports are not available on your plan';
  if (path.includes('/incidents')) return 'Alerts and incidents are not available on your plan';
  return 'This feature is not available on your plan';
}

/** Annotation bodies are a few hundred bytes; anything past this is a client bug, not a note. */
const MAX_BODY_BYTES = 64 * 1024;

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw invalid(`Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid('Request body must be JSON');
  }
}

interface Bucket {
  tokens: number;
  last: number;
  rate: number;
}

export async function startFakeMux(options: FakeMuxOptions = {}): Promise<FakeMux> {
  const seed = options.seed ?? 42;
  const tokenId = options.tokenId ?? 'fake-token-id';
  const tokenSecret = options.tokenSecret ?? 'fake-token-secret';
  const expectedAuth = `Basic ${Buffer.from(`${tokenId}:${tokenSecret}`).toString('base64')}`;
  const fixedNow = options.now ? Math.floor(options.now.getTime() / 1000) : null;
  const regressions = resolveRegressions(options.regressions ?? [], fixedNow ?? Math.floor(Date.now() / 1000));
  const universe = new Universe(seed, regressions, options.scenario === 'platform' ? PLATFORM_SHAPE : undefined);
  const annotations = new AnnotationStore(seed);
  const docs = options.scenario === 'docs' ? loadDocsExamples() : new Map<string, string>();
  const quiet = options.quiet ?? true;
  const retention: Retention = {
    days: options.retentionDays ?? DEFAULT_RETENTION.days,
    mode: options.retentionMode ?? DEFAULT_RETENTION.mode,
  };
  const faults: Array<FaultRule & { used: number }> = (options.faults ?? []).map((f) => ({ ...f, used: 0 }));
  const requests: RequestLogEntry[] = [];
  const rand = prng(seed ^ 0x5eed);
  const rl = options.rateLimit === undefined ? { data: 5, monitoring: 1 } : options.rateLimit;
  const clock = options.rateClock ?? Date.now;
  const buckets: Record<'data' | 'monitoring', Bucket> | null = rl
    ? {
        data: { tokens: rl.data, last: clock(), rate: rl.data },
        monitoring: { tokens: rl.monitoring, last: clock(), rate: rl.monitoring },
      }
    : null;
  let counter = 0;
  let baseUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const requestId = token(20, seed, 'request', counter++);
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path,
      query: url.search.slice(1),
      status: 0,
      at: clock(),
      requestId,
    };
    requests.push(entry);
    const log = () => {
      if (!quiet)
        console.log(`${entry.method} ${path}${url.search} -> ${entry.status || 'no response'} (${requestId})`);
    };
    res.setHeader('x-request-id', requestId);
    res.setHeader('server', 'Mux API Server');
    const send = (status: number, body: string | Buffer, contentType = 'application/json; charset=utf-8') => {
      entry.status = status;
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
      log();
    };
    const hostile = options.scenario === 'hostile';
    const json = (status: number, body: unknown) => send(status, JSON.stringify(hostile ? hostileBody(body) : body));

    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));

    const rule = faults.find(
      (f) => (f.match === '*' || path.includes(f.match)) && (f.times === undefined || f.used < f.times),
    );
    if (rule && (rule.rate === undefined || rand() < rule.rate)) {
      rule.used++;
      if (rule.kind === 'hang') return log(); // never answer; close() destroys the socket
      if (rule.kind === 'reset') {
        req.socket.destroy();
        return log();
      }
      if (rule.kind === 'malformed') return send(200, '{"data":{"value":0.97,"total_views":12');
      if (rule.kind === 'plan-gated')
        return json(403, { error: { type: 'forbidden', messages: [planGatedMessage(path)] } });
      return json(rule.kind, statusBody(rule.kind));
    }
    if (options.errorRate && rand() < options.errorRate) {
      const status = [500, 502, 503][Math.floor(rand() * 3)]!;
      return json(status, statusBody(status));
    }

    const nowSec = fixedNow ?? Math.floor(Date.now() / 1000);
    const base = req.headers.host ? `http://${req.headers.host}` : baseUrl;
    const method = req.method ?? 'GET';
    const ctx: Ctx = {
      universe,
      seed,
      nowSec,
      retention,
      method,
      query: hostile ? realQuery(url.searchParams) : url.searchParams,
      segments: [],
      body: undefined,
      baseUrl: base,
      annotations,
    };

    // Export downloads stand in for pre-signed S3 URLs: no Basic auth, no API rate limit.
    const exportMatch = /^\/_exports\/(\d{4}-\d{2}-\d{2})\.csv\.gz$/.exec(path);
    if (exportMatch && req.method === 'GET') {
      const file = exportFile(ctx, exportMatch[1]!);
      return file ? send(200, file, 'application/gzip') : send(404, 'Not Found', 'text/plain');
    }

    if (req.headers.authorization !== expectedAuth) return json(401, UNAUTHORIZED);

    // Rate limit, as Mux documents it: a token bucket per class (burst = rate), `X-RateLimit-Limit` (requests per
    // second) and `X-RateLimit-Remaining` (whole tokens left, rounded down) on every answer, 429 with Mux's body
    // when empty. No `Retry-After` and no `X-RateLimit-Reset`: Mux documents neither (fake-mux/README.md).
    // The bucket is evaluated at the request's arrival (`entry.at`), not after `latencyMs`: Mux's limiter sits in
    // front of the query, and a fake whose event loop is busy must not rate-check the requests that queued
    // meanwhile as if they had all arrived together (same-latency timers fire in arrival order).
    if (buckets) {
      const bucket = buckets[rateClass(path)];
      const t = Math.max(entry.at, bucket.last);
      bucket.tokens = Math.min(bucket.rate, bucket.tokens + ((t - bucket.last) / 1000) * bucket.rate);
      bucket.last = t;
      res.setHeader('X-RateLimit-Limit', String(bucket.rate));
      if (bucket.tokens < 1) {
        res.setHeader('X-RateLimit-Remaining', '0');
        return json(429, TOO_MANY);
      }
      bucket.tokens -= 1;
      res.setHeader('X-RateLimit-Remaining', String(Math.floor(bucket.tokens)));
    }

    if (!path.startsWith('/data/v1/')) return json(404, notFound().body);
    const example = method === 'GET' ? docs.get(path) : undefined;
    if (example !== undefined) return send(200, example);
    try {
      ctx.segments = path.slice('/data/v1/'.length).split('/').map(decodeURIComponent);
      if (method === 'POST' || method === 'PATCH' || method === 'PUT') ctx.body = await readJsonBody(req);
      const out = route(ctx);
      if (!(out instanceof Reply)) return json(200, out);
      if (out.body !== null) return json(out.status, out.body);
      entry.status = out.status;
      res.writeHead(out.status).end();
      return log();
    } catch (err) {
      if (err instanceof ApiError) return json(err.status, err.body);
      if (!quiet) console.error(err);
      return json(500, statusBody(500));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: baseUrl,
    port,
    requests,
    regressions,
    addFault: (rule) => faults.push({ ...rule, used: 0 }),
    clearFaults: () => {
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Hung requests and keep-alive sockets would otherwise keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}
