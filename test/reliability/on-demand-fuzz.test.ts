/**
 * The REAL on-demand handler (Function URL, payload 2.0) under arbitrary input: methods, paths, queries, headers
 * and bodies (huge, binary, base64, wrong JSON types, `__proto__`), plus non-events. Every answer must be a 2xx/4xx
 * JSON answer with a request id, never a 5xx, never a stack trace or a file path; client mistakes must not reach
 * Mux; recipients outside the configured ones are refused before anything is sent.
 *
 * The input domain is arbitrary-but-invalid (a random request almost never names a real report with valid
 * parameters), so the 1000 cases stay fast; a few valid requests are checked explicitly.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUrlResponse } from '../../functions/commons/http/http-error.js';
import { MAX_BODY_BYTES, parseRequest, type Route } from '../../functions/commons/http/parse-request.js';
import type * as OnDemandModule from '../../functions/on-demand/handler.js';
import { type HandlerWorld, lambdaContext, startWorld, testConfig } from '../helpers/handler-world.js';

let world: HandlerWorld;
let handler: typeof OnDemandModule.handler;

beforeAll(async () => {
  world = await startWorld();
  ({ handler } = await import('../../functions/on-demand/handler.js'));
}, 30_000);
afterAll(async () => {
  await world?.close();
});

const STACK = /\bat .*\.(ts|js|mjs):\d+|node_modules|\/work\/|file:\/\//;

let n = 0;
async function invoke(event: unknown): Promise<FunctionUrlResponse> {
  const ctx = lambdaContext(`fuzz-${++n}`);
  const res = await handler(event, ctx);
  expect(res.headers['x-request-id']).toBe(ctx.awsRequestId);
  return res;
}

/** The contract for every answer to a client: 2xx/4xx, JSON errors with a code and message, no internals. */
function expectClientAnswer(res: FunctionUrlResponse): void {
  expect(res.statusCode).toBeGreaterThanOrEqual(200);
  expect(res.statusCode).toBeLessThan(500);
  expect(res.body).not.toMatch(STACK);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
  }
}

const segment = fc.oneof(
  fc.constantFrom(
    'reports',
    'snapshots',
    'live',
    'send',
    'weekly-qoe',
    'daily-lite',
    'demo',
    '__proto__',
    'constructor',
    'prototype',
    'hasOwnProperty',
    '..',
    '.',
    '%2e%2e',
    '%00',
    '%ZZ',
    '',
    'REPORTS',
    'reports%2Fweekly-qoe',
    '<script>',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
/** Mostly route-shaped (`/reports/{id}/send`…) so the parsers behind the router get exercised too. */
const routeShaped = fc
  .tuple(
    fc.constantFrom('reports', 'snapshots', 'live'),
    fc.option(fc.oneof({ weight: 3, arbitrary: fc.constantFrom('weekly-qoe', 'daily-lite', 'demo') }, segment), {
      nil: undefined,
      freq: 8,
    }),
    fc.option(fc.oneof({ weight: 3, arbitrary: fc.constant('send') }, segment), { nil: undefined, freq: 2 }),
  )
  .map(([head, id, tail]) => `/${[head, id, tail].filter((x) => x !== undefined).join('/')}`);
const rawPath = fc.oneof(
  { weight: 4, arbitrary: routeShaped },
  fc.array(segment, { maxLength: 5 }).map((s) => `/${s.join('/')}`),
  fc.string({ maxLength: 40 }),
  fc.constant(`/${'a'.repeat(10_000)}`),
);
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST') },
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', 'TRACE', ''),
  fc.string({ maxLength: 8 }),
);
const queryValue = fc.oneof(
  fc.constantFrom(
    'html',
    'json',
    'text',
    'eml',
    'xml',
    'last-week',
    '2026-W99',
    '9999-W01',
    '1970-01-01..1970-01-02',
    '2026-11-09..2026-11-02',
    '',
    '%',
    '%00',
  ),
  fc.string({ maxLength: 30 }),
);
const rawQueryString = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  fc
    .array(
      fc.tuple(
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('period', 'format') },
          fc.constantFrom('force', '__proto__', 'constructor', 'period[]', 'toString'),
          fc.string({ maxLength: 10 }),
        ),
        queryValue,
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
  fc.string({ maxLength: 60 }),
);
const headers = fc.dictionary(
  fc.oneof(
    fc.constantFrom('content-type', 'content-length', 'authorization', '__proto__'),
    fc.string({ maxLength: 12 }),
  ),
  fc.oneof(
    fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'multipart/form-data'),
    fc.string({ maxLength: 40 }),
  ),
  { maxKeys: 4 },
);
const bodyAndEncoding: fc.Arbitrary<{ body?: unknown; isBase64Encoded?: unknown }> = fc.oneof(
  fc.constant({}),
  fc.record({ body: fc.string({ maxLength: 200 }), isBase64Encoded: fc.boolean() }),
  fc.record({ body: fc.json({ maxDepth: 3 }), isBase64Encoded: fc.constant(false) }),
  fc.record({
    body: fc.constantFrom(
      '{"__proto__":{"force":true,"recipients":["evil@attacker.example"]}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '{"recipients":"a@example.com"}',
      '{"recipients":[1,2]}',
      '{"recipients":["evil@attacker.example"]}',
      '{"recipients":[]}',
      '{"force":"yes"}',
      '{"period":42}',
      '{"period":"last-week","extra":1}',
      '[]',
      'null',
      'true',
      '1e999',
      '{"a":'.repeat(5000),
    ),
    isBase64Encoded: fc.constant(false),
  }),
  fc.record({
    body: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64')),
    isBase64Encoded: fc.constant(true),
  }),
  fc.record({ body: fc.constant('not base64 !!!'), isBase64Encoded: fc.constant(true) }),
  fc.record({ body: fc.constant(`{"period":"${'x'.repeat(MAX_BODY_BYTES)}"}`), isBase64Encoded: fc.constant(false) }),
  fc.record({ body: fc.anything({ maxDepth: 2 }), isBase64Encoded: fc.anything({ maxDepth: 1 }) }),
);
const KNOWN_REPORTS = new Set(testConfig.reports.map((r) => r.id));
const KNOWN_ENVIRONMENTS = new Set(testConfig.environments.map((e) => e.name));

/**
 * True when the request is valid and would do real work (Mux calls, an email): those are kept out of the
 * random domain and checked explicitly below. Uses the real parser to decide.
 */
function doesWork(event: unknown): boolean {
  let route: Route;
  try {
    route = parseRequest(event);
  } catch {
    return false;
  }
  switch (route.kind) {
    case 'sendReport':
      return KNOWN_REPORTS.has(route.reportId);
    case 'getReport':
      return KNOWN_REPORTS.has(route.reportId) && (route.period === null || route.period === 'last-week');
    case 'live':
      return KNOWN_ENVIRONMENTS.has(route.environment);
    default:
      return false;
  }
}

const functionUrlEvent = fc
  .record({ method, rawPath, rawQueryString, headers, payload: bodyAndEncoding })
  .map(({ method, rawPath, rawQueryString, headers, payload }) => ({
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    ...payload,
    requestContext: { http: { method, path: rawPath, sourceIp: '127.0.0.1' }, requestId: 'fuzz' },
  }))
  .filter((event) => !doesWork(event));
/** POST /reports/{id}/send with arbitrary bodies and headers: the body parser's domain. */
const sendEvent = fc
  .record({
    id: fc.oneof(fc.constantFrom('weekly-qoe', 'daily-lite'), segment),
    headers,
    payload: bodyAndEncoding,
  })
  .map(({ id, headers, payload }) => ({
    version: '2.0',
    rawPath: `/reports/${id}/send`,
    rawQueryString: '',
    headers,
    ...payload,
    requestContext: { http: { method: 'POST', path: `/reports/${id}/send` } },
  }))
  .filter((event) => !doesWork(event));
/** Not Function URL events at all, or events with wrong member types. */
const oddEvent = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.record({
    version: fc.anything({ maxDepth: 1 }),
    rawPath: fc.anything({ maxDepth: 1 }),
    rawQueryString: fc.anything({ maxDepth: 1 }),
    headers: fc.anything({ maxDepth: 1 }),
    requestContext: fc.anything({ maxDepth: 3 }),
  }),
);

describe('on-demand handler under arbitrary input', () => {
  it('always answers 2xx/4xx JSON without internals, and client mistakes do not reach Mux (1200 cases)', async () => {
    const muxBefore = world.fake.requests.length;
    const mailsBefore = (await world.aws.sesStore()).length;
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 5, arbitrary: functionUrlEvent },
          { weight: 2, arbitrary: sendEvent },
          { weight: 1, arbitrary: oddEvent },
        ),
        async (event) => {
          const res = await invoke(event);
          const code = res.statusCode >= 400 ? (JSON.parse(res.body) as { error: { code: string } }).error.code : 'ok';
          statuses.set(`${res.statusCode} ${code}`, (statuses.get(`${res.statusCode} ${code}`) ?? 0) + 1);
          expectClientAnswer(res);
        },
      ),
      { numRuns: 1200 },
    );
    // Almost every random request is a client mistake: refused before any Mux call or email.
    expect(world.fake.requests.length - muxBefore).toBeLessThan(60);
    expect((await world.aws.sesStore()).length).toBe(mailsBefore);
    // The domain exercised several refusals, not one.
    const codes = new Set([...statuses.keys()].map((k) => k.split(' ')[1]));
    for (const code of [
      'bad_request',
      'not_found',
      'method_not_allowed',
      'unknown_field',
      'invalid_field',
      'invalid_json',
    ]) {
      expect(codes, `${code} in ${JSON.stringify(Object.fromEntries(statuses))}`).toContain(code);
    }
  }, 120_000);

  it('refuses any recipient outside the configured ones, before Mux or SES', async () => {
    const configured = (testConfig.reports[0]?.recipients ?? []).map((r) => r.toLowerCase());
    const muxBefore = world.fake.requests.length;
    const mailsBefore = (await world.aws.sesStore()).length;
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(configured),
        fc.array(
          fc.emailAddress().filter((e) => !configured.includes(e.toLowerCase())),
          { minLength: 1, maxLength: 3 },
        ),
        fc.boolean(),
        async (known, strangers, force) => {
          const body = JSON.stringify({ recipients: [...known, ...strangers], force });
          const res = await invoke({
            version: '2.0',
            rawPath: '/reports/weekly-qoe/send',
            rawQueryString: '',
            headers: { 'content-type': 'application/json' },
            body,
            isBase64Encoded: false,
            requestContext: { http: { method: 'POST', path: '/reports/weekly-qoe/send' } },
          });
          expectClientAnswer(res);
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 200 },
    );
    expect(world.fake.requests.length).toBe(muxBefore);
    expect((await world.aws.sesStore()).length).toBe(mailsBefore);
  }, 60_000);

  it('a few valid requests still work (list, JSON preview of a small report, a missing snapshot)', async () => {
    const get = (rawPath: string, rawQueryString = '') =>
      invoke({
        version: '2.0',
        rawPath,
        rawQueryString,
        headers: {},
        isBase64Encoded: false,
        requestContext: { http: { method: 'GET', path: rawPath } },
      });
    const list = await get('/reports');
    expect(list.statusCode).toBe(200);
    expect((JSON.parse(list.body) as { reports: { id: string }[] }).reports.map((r) => r.id)).toContain('weekly-qoe');
    const preview = await get('/reports/daily-lite', 'format=json');
    expect(preview.statusCode).toBe(200);
    expect((JSON.parse(preview.body) as { report: { id: string } }).report.id).toBe('daily-lite');
    const missing = await get('/snapshots/daily-lite', 'period=2020-01-01');
    expectClientAnswer(missing);
    expect(missing.statusCode).toBe(404);
  });
});
