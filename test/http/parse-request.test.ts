import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorResponse, HttpError } from '../../functions/commons/http/http-error.js';
import { MAX_BODY_BYTES, parseRequest } from '../../functions/commons/http/parse-request.js';

function event(
  method: string,
  rawPath: string,
  rawQueryString = '',
  body?: string,
  extra: Record<string, unknown> = {},
) {
  return {
    version: '2.0',
    rawPath,
    rawQueryString,
    headers: { 'content-type': 'application/json' },
    body,
    isBase64Encoded: false,
    requestContext: { http: { method } },
    ...extra,
  };
}

function expectHttpError(fn: () => unknown, status: number, code: string, field?: string | null): HttpError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    const e = err as HttpError;
    expect({ status: e.status, code: e.code }).toEqual({ status, code });
    if (field !== undefined) expect(e.field).toBe(field);
    return e;
  }
  throw new Error('expected an HttpError');
}

describe('parseRequest routes', () => {
  it('parses the five routes with defaults', () => {
    expect(parseRequest(event('GET', '/reports'))).toEqual({ kind: 'listReports' });
    expect(parseRequest(event('GET', '/reports/weekly-qoe'))).toEqual({
      kind: 'getReport',
      reportId: 'weekly-qoe',
      period: null,
      format: 'html',
    });
    expect(parseRequest(event('GET', '/reports/weekly-qoe', 'period=2026-W46&format=json'))).toEqual({
      kind: 'getReport',
      reportId: 'weekly-qoe',
      period: '2026-W46',
      format: 'json',
    });
    expect(parseRequest(event('POST', '/reports/weekly-qoe/send', '', '{"period":"last-week","force":true}'))).toEqual({
      kind: 'sendReport',
      reportId: 'weekly-qoe',
      body: { period: 'last-week', force: true },
    });
    expect(parseRequest(event('POST', '/reports/weekly-qoe/send'))).toEqual({
      kind: 'sendReport',
      reportId: 'weekly-qoe',
      body: { force: false },
    });
    expect(parseRequest(event('GET', '/snapshots/weekly-qoe', 'period=2026-11-02..2026-11-09'))).toEqual({
      kind: 'getSnapshot',
      reportId: 'weekly-qoe',
      period: '2026-11-02..2026-11-09',
    });
    expect(parseRequest(event('GET', '/live/demo', 'format=html'))).toEqual({
      kind: 'live',
      environment: 'demo',
      format: 'html',
    });
  });

  it('accepts a base64 body', () => {
    const body = Buffer.from('{"recipients":["a@example.com"]}').toString('base64');
    const route = parseRequest(event('POST', '/reports/r1/send', '', body, { isBase64Encoded: true }));
    expect(route).toEqual({
      kind: 'sendReport',
      reportId: 'r1',
      body: { recipients: ['a@example.com'], force: false },
    });
  });

  it('refuses client mistakes with precise 4xx errors naming the field', () => {
    expectHttpError(() => parseRequest(event('DELETE', '/reports')), 405, 'method_not_allowed', 'method');
    expectHttpError(() => parseRequest(event('GET', '/reports/x/send')), 405, 'method_not_allowed');
    expectHttpError(() => parseRequest(event('GET', '/nope')), 404, 'not_found', 'path');
    expectHttpError(() => parseRequest(event('GET', '/reports/Bad_ID')), 404, 'not_found', 'reportId');
    expectHttpError(() => parseRequest(event('GET', '/reports/r1', 'format=pdf')), 400, 'invalid_field', 'format');
    expectHttpError(() => parseRequest(event('GET', '/reports/r1', 'foo=1')), 400, 'unknown_field', 'foo');
    expectHttpError(
      () => parseRequest(event('GET', '/reports/r1', 'period=a&period=b')),
      400,
      'invalid_field',
      'period',
    );
    expectHttpError(() => parseRequest(event('POST', '/reports/r1/send', '', '{nope')), 400, 'invalid_json', 'body');
    expectHttpError(() => parseRequest(event('POST', '/reports/r1/send', '', '[1]')), 400, 'invalid_field', 'body');
    expectHttpError(
      () => parseRequest(event('POST', '/reports/r1/send', '', '{"force":"yes"}')),
      400,
      'invalid_field',
      'force',
    );
    expectHttpError(
      () => parseRequest(event('POST', '/reports/r1/send', '', '{"recipients":["not-an-email"]}')),
      400,
      'invalid_field',
      'recipients.0',
    );
    expectHttpError(
      () => parseRequest(event('POST', '/reports/r1/send', '', '{"extra":1}')),
      400,
      'unknown_field',
      'extra',
    );
    expectHttpError(
      () => parseRequest(event('POST', '/reports/r1/send', '', '{"__proto__":{"polluted":true}}')),
      400,
      'unknown_field',
      '__proto__',
    );
    expectHttpError(
      () => parseRequest(event('POST', '/reports/r1/send', '', 'x'.repeat(MAX_BODY_BYTES + 1))),
      413,
      'payload_too_large',
    );
    expectHttpError(() => parseRequest({ hello: 'world' }), 400, 'bad_request');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('error responses are JSON with code, message and field and no stack', () => {
    const err = expectHttpError(() => parseRequest(event('PUT', '/reports')), 405, 'method_not_allowed');
    const res = errorResponse(err);
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe('GET');
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'method_not_allowed', message: 'method PUT is not allowed here (allowed: GET)', field: 'method' },
    });
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('parseRequest under hostile input (property-based)', () => {
  const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', 'X\u0000');
  const segment = fc.oneof(
    fc.constantFrom(
      'reports',
      'snapshots',
      'live',
      'send',
      'weekly-qoe',
      '__proto__',
      'constructor',
      '..',
      '%00',
      '%E0%A4%A',
    ),
    fc.string({ maxLength: 20 }),
  );
  const path = fc.array(segment, { maxLength: 5 }).map((s) => `/${s.join('/')}`);
  const query = fc.oneof(
    fc.constant(''),
    fc.string({ maxLength: 200 }),
    fc
      .array(
        fc.tuple(fc.constantFrom('period', 'format', '__proto__', 'x', 'period[]'), fc.string({ maxLength: 30 })),
        {
          maxLength: 4,
        },
      )
      .map((kv) => kv.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')),
  );
  const jsonish = fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 300 }),
    fc.constant('{"__proto__":{"isAdmin":true}}'),
    fc.constant('{"constructor":{"prototype":{"x":1}}}'),
    fc
      .record({
        period: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        recipients: fc.oneof(fc.array(fc.string()), fc.string(), fc.array(fc.emailAddress())),
        force: fc.oneof(fc.boolean(), fc.string(), fc.integer()),
      })
      .map((v) => JSON.stringify(v)),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
  );
  const headers = fc.dictionary(
    fc.constantFrom('content-type', 'Content-Type', 'x-forwarded-for', 'authorization'),
    fc.string(),
  );

  it('always answers a route or a 4xx HttpError, never anything else (2000 cases)', () => {
    fc.assert(
      fc.property(methods, path, query, fc.option(jsonish), fc.boolean(), headers, (m, p, q, body, b64, h) => {
        const ev = {
          rawPath: p,
          rawQueryString: q,
          headers: h,
          body: body === null ? undefined : b64 ? Buffer.from(body).toString('base64') : body,
          isBase64Encoded: b64,
          requestContext: { http: { method: m } },
        };
        try {
          const route = parseRequest(ev);
          expect(typeof route.kind).toBe('string');
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          expect(err.status).toBeGreaterThanOrEqual(400);
          expect(err.status).toBeLessThan(500);
          const res = errorResponse(err);
          const parsed = JSON.parse(res.body) as { error: { code: string; message: string } };
          expect(parsed.error.code).toBe(err.code);
          expect(res.body).not.toMatch(/\n\s+at /);
        }
        expect(Object.prototype).not.toHaveProperty('isAdmin');
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary non-object events are a 400, not a crash', () => {
    fc.assert(
      fc.property(fc.anything(), (ev) => {
        try {
          parseRequest(ev);
        } catch (err) {
          expect(err).toBeInstanceOf(HttpError);
          expect((err as HttpError).status).toBeLessThan(500);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
