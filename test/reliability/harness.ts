/**
 * Shared setup for the reliability tests: the fake Mux, the local AWS look-alikes, a rewriting proxy in front of
 * the fake (the fake cannot serve wrong types, nulls or hostile strings natively) and a throttling proxy in front
 * of SES. Everything binds to 127.0.0.1.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parseConfig } from '../../functions/commons/config/load.js';
import type { Config } from '../../functions/commons/config/schema.js';
import { closeServer, forward, listen, readBody } from '../../support/http-server.js';

export const NOW = new Date('2026-11-23T09:00:00Z');
export const PERIOD_SPEC = '2026-W46';
export const RECIPIENT = 'team@example.com';
export const FROM = 'reports@example.com';

/** A rule of the rewriting proxy: the first matching rule with uses left rewrites the JSON body. */
export interface RewriteRule {
  /** Substring of the request path. */
  match: string;
  rewrite: (body: unknown) => unknown;
  times?: number;
}

export interface RewriteProxy {
  url: string;
  rules: (RewriteRule & { used: number })[];
  add(rule: RewriteRule): void;
  clear(): void;
  close(): Promise<void>;
}

/** Forwards GETs to `target` (same path, query and Authorization) and rewrites matching 2xx JSON bodies. */
export async function startRewriteProxy(target: string): Promise<RewriteProxy> {
  const rules: RewriteProxy['rules'] = [];
  const server = http.createServer(async (req, res) => {
    try {
      const upstream = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: req.headers.authorization ? { authorization: req.headers.authorization } : {},
      });
      let body = Buffer.from(await upstream.arrayBuffer());
      const path = new URL(req.url ?? '/', 'http://proxy').pathname;
      const rule = rules.find((r) => path.includes(r.match) && (r.times === undefined || r.used < r.times));
      if (rule && upstream.ok) {
        rule.used++;
        body = Buffer.from(JSON.stringify(rule.rewrite(JSON.parse(body.toString('utf8')))));
      }
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
        'content-length': body.length,
      });
      res.end(body);
    } catch {
      res.destroy();
    }
  });
  const url = await listen(server);
  return {
    url,
    rules,
    add: (rule) => rules.push({ ...rule, used: 0 }),
    clear: () => {
      rules.length = 0;
    },
    close: () => closeServer(server),
  };
}

/** SES v1 (query protocol) in front of `target`: answers the first `throttle` SendRawEmail calls with `Throttling`. */
export interface SesThrottleProxy {
  url: string;
  /** Number of SendRawEmail calls still to refuse (Infinity = all). */
  throttle: number;
  refused: number;
  close(): Promise<void>;
}

export async function startSesThrottleProxy(target: string): Promise<SesThrottleProxy> {
  const state = { throttle: 0, refused: 0 };
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const action = new URLSearchParams(body.toString('utf8')).get('Action');
    if (req.method === 'POST' && action === 'SendRawEmail' && state.throttle > 0) {
      state.throttle--;
      state.refused++;
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(
        '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type>' +
          '<Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error>' +
          '<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>',
      );
      return;
    }
    const upstream = await forward(target, req, body);
    const text = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' });
    res.end(text);
  });
  const url = await listen(server);
  return {
    url,
    get throttle() {
      return state.throttle;
    },
    set throttle(n: number) {
      state.throttle = n;
    },
    get refused() {
      return state.refused;
    },
    close: () => closeServer(server),
  } as SesThrottleProxy;
}

/** A port nothing listens on (bound, read, released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await listen(server);
  const { port } = server.address() as AddressInfo;
  await closeServer(server);
  return port;
}

/**
 * One environment + one weekly report. A distinct environment name per run gives the run its own
 * rate-limit bucket (`limiterFor` is per environment and process), so hundreds of runs are not paced
 * at one shared 50 req/s.
 */
export function makeConfig(opts: { envName: string; reportId: string; title?: string; secretName?: string }): Config {
  return parseConfig(
    {
      environments: [
        {
          name: opts.envName,
          ...(opts.secretName ? { secretName: opts.secretName } : {}),
          rateLimit: { dataPerSecond: 50, monitoringPerSecond: 10 },
        },
      ],
      reports: [
        {
          id: opts.reportId,
          title: opts.title ?? 'Weekly QoE',
          environment: opts.envName,
          cadence: 'weekly',
          timeZone: 'UTC',
          recipients: [RECIPIENT],
          from: FROM,
        },
      ],
    },
    'reliability-test',
  );
}

/**
 * Deep copy of `value` with every number inside `data` replaced by `f(n)` (null → keep). Numeric strings count as
 * numbers: Mux sends timeseries values and views as strings (`"154240"`, its OpenAPI description), so does the fake.
 */
export function mapNumbers(value: unknown, f: (n: number) => unknown): unknown {
  if (typeof value === 'number') return f(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return f(Number(value));
  if (Array.isArray(value)) return value.map((v) => mapNumbers(v, f));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapNumbers(v, f)]));
  }
  return value;
}

/** Rewrites the envelope's `data` only (the envelope itself stays valid). */
export function rewriteData(f: (data: unknown) => unknown): (body: unknown) => unknown {
  return (body) => {
    if (body === null || typeof body !== 'object' || !('data' in body)) return body;
    return { ...body, data: f((body as { data: unknown }).data) };
  };
}

/** Every leaf value (not keys, not array length) set to null. */
export function nullLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullLeaves);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullLeaves(v)]));
  }
  return null;
}

/** Every string value under `keys` (anywhere in the tree) replaced by `to`. */
export function replaceStrings(value: unknown, keys: readonly string[], to: string): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, keys, to));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        keys.includes(k) && typeof v === 'string' ? to : replaceStrings(v, keys, to),
      ]),
    );
  }
  return value;
}

export interface IdempotencyRecord {
  id: string;
  status: string;
}

export async function idempotencyRecords(ddb: DynamoDBClient, table: string): Promise<IdempotencyRecord[]> {
  const res = await ddb.send(new ScanCommand({ TableName: table }));
  return (res.Items ?? []).map((i) => ({ id: i['id']?.S ?? '', status: i['status']?.S ?? '' }));
}

/** Every object of the bucket (optionally under a prefix), with its body as text. */
export async function readBucket(s3: S3Client, bucket: string, prefix = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
    );
    for (const o of page.Contents ?? []) {
      if (!o.Key) continue;
      const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
      out.set(o.Key, (await obj.Body?.transformToString('utf8')) ?? '');
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** The few entities the templates produce, decoded, so a reason can be looked up in the HTML part. */
export function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}
