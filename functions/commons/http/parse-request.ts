/**
 * Turns a Lambda Function URL event (payload format 2.0) into a typed route, or throws an HttpError (4xx).
 * Only syntax is checked here (methods, paths, query names, body shape and size); whether a report or a
 * period exists is the handler's business, because it needs the configuration.
 */

import { SLUG_PATTERN } from '../catalog/ids.js';
import * as z from '../validation/zod-mini.js';
import { HttpError } from './http-error.js';

export const FORMATS = ['html', 'json', 'text', 'eml'] as const;
export type ReportFormat = (typeof FORMATS)[number];
export const LIVE_FORMATS = ['json', 'html'] as const;
export type LiveFormat = (typeof LIVE_FORMATS)[number];

/** Largest POST body we accept (a send request is a few hundred bytes). */
export const MAX_BODY_BYTES = 16 * 1024;

export type Route =
  | { kind: 'listReports' }
  | { kind: 'getReport'; reportId: string; period: string | null; format: ReportFormat; segment?: string }
  | { kind: 'sendReport'; reportId: string; body: SendBody }
  | { kind: 'getSnapshot'; reportId: string; period: string | null }
  | { kind: 'live'; environment: string; format: LiveFormat };

/** The boundary schema of the event: only what we read, everything else ignored. */
// `zod/mini`: what every request loads (GET /reports included) stays light; same validation as classic zod.
const eventSchema = z.looseObject({
  rawPath: z.string(),
  rawQueryString: z._default(z.optional(z.string()), ''),
  headers: z._default(z.optional(z.record(z.string(), z.string())), {}),
  body: z.nullish(z.string()),
  isBase64Encoded: z._default(z.optional(z.boolean()), false),
  requestContext: z.looseObject({ http: z.looseObject({ method: z.string() }) }),
});

const periodParam = z.string().check(z.minLength(1), z.maxLength(64));

/** Built on the first POST: the other routes never need it (every schema built at init is part of a cold start). */
const sendBodySchema = lazy(() =>
  z.strictObject({
    period: z.optional(periodParam),
    recipients: z.optional(
      z.array(z.email({ message: 'must be an email address' })).check(z.minLength(1), z.maxLength(500)),
    ),
    force: z._default(z.optional(z.boolean()), false),
  }),
);
export type SendBody = z.infer<ReturnType<typeof sendBodySchema>>;

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

function pathId(raw: string, field: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'invalid_field', `${field} is not valid URL encoding`, field);
  }
  if (!SLUG_PATTERN.test(id)) {
    throw new HttpError(
      404,
      'not_found',
      `no ${field === 'environment' ? 'environment' : 'report'} "${truncate(id)}"`,
      field,
    );
  }
  return id;
}

function truncate(s: string, max = 64): string {
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Parses the query string, refusing names we don't know and repeated names (ambiguous). */
function parseQuery(raw: string, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (raw.length > 2048)
    throw new HttpError(414, 'bad_request', 'query string is too long (max 2048 characters)', 'query');
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(raw);
  } catch {
    throw new HttpError(400, 'bad_request', 'query string is malformed', 'query');
  }
  for (const [name, value] of params) {
    if (!allowed.includes(name)) {
      const hint = allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (this route takes no parameters)';
      throw new HttpError(400, 'unknown_field', `unknown query parameter "${truncate(name, 40)}"${hint}`, name);
    }
    if (name in out) throw new HttpError(400, 'invalid_field', `query parameter "${name}" is repeated`, name);
    out[name] = value;
  }
  return out;
}

function parsePeriod(q: Record<string, string>): string | null {
  const p = q['period'];
  if (p === undefined) return null;
  const r = periodParam.safeParse(p);
  if (!r.success) throw new HttpError(400, 'invalid_field', 'period must be 1–64 characters', 'period');
  return p;
}

function parseEnum<T extends string>(value: string | undefined, allowed: readonly T[], field: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new HttpError(400, 'invalid_field', `${field} must be one of ${allowed.join(', ')}`, field);
}

function decodeBody(body: string | null | undefined, isBase64: boolean): string {
  if (body == null || body === '') return '';
  if (body.length > MAX_BODY_BYTES * 2) throw tooLarge();
  const buf = isBase64 ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (buf.byteLength > MAX_BODY_BYTES) throw tooLarge();
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  return text;
}

function tooLarge(): HttpError {
  return new HttpError(413, 'payload_too_large', `request body is larger than ${MAX_BODY_BYTES} bytes`, 'body');
}

function parseSendBody(text: string, headers: Record<string, string>): SendBody {
  if (text.trim() === '') return sendBodySchema().parse({});
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  if (contentType && !/^application\/json\b/i.test(contentType.trim())) {
    throw new HttpError(415, 'unsupported_media_type', 'request body must be application/json', 'content-type');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'request body is not valid JSON', 'body');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_field', 'request body must be a JSON object', 'body');
  }
  const parsed = sendBodySchema().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const key = String(issue.keys[0] ?? '');
      throw new HttpError(
        400,
        'unknown_field',
        `unknown field "${truncate(key, 40)}" (allowed: period, recipients, force)`,
        truncate(key, 40),
      );
    }
    const field = issue.path.map(String).join('.') || 'body';
    throw new HttpError(400, 'invalid_field', `${field}: ${issue.message}`, field);
  }
  return parsed.data;
}

function methodNotAllowed(method: string, allow: string): HttpError {
  return new HttpError(
    405,
    'method_not_allowed',
    `method ${truncate(method, 16)} is not allowed here (allowed: ${allow})`,
    'method',
    {
      allow,
    },
  );
}

export function parseRequest(event: unknown): Route {
  // jitless: zod would first compile a parser for the object (`new Function`), costly on a cold request, to save
  // microseconds on warm ones.
  const parsedEvent = eventSchema.safeParse(event, { jitless: true });
  if (!parsedEvent.success) throw new HttpError(400, 'bad_request', 'not a Function URL request', null);
  const ev = parsedEvent.data;
  const method = ev.requestContext.http.method.toUpperCase();
  const segments = ev.rawPath.split('/').filter((s) => s.length > 0);
  const [head, id, tail, ...rest] = segments;
  const query = ev.rawQueryString;

  if (head === 'reports' && id === undefined) {
    if (method !== 'GET') throw methodNotAllowed(method, 'GET');
    parseQuery(query, []);
    return { kind: 'listReports' };
  }
  if (head === 'reports' && id !== undefined && tail === undefined) {
    if (method !== 'GET') throw methodNotAllowed(method, 'GET');
    const q = parseQuery(query, ['period', 'format', 'segment']);
    return {
      kind: 'getReport',
      reportId: pathId(id, 'reportId'),
      period: parsePeriod(q),
      format: parseEnum(q['format'], FORMATS, 'format', 'html'),
      // One value of a fan-out report (config/fan-out.ts); checked against the report's fanOut by the route.
      ...(q['segment'] !== undefined ? { segment: q['segment'] } : {}),
    };
  }
  if (head === 'reports' && id !== undefined && tail === 'send' && rest.length === 0) {
    if (method !== 'POST') throw methodNotAllowed(method, 'POST');
    parseQuery(query, []);
    const reportId = pathId(id, 'reportId');
    const text = decodeBody(ev.body, ev.isBase64Encoded);
    return { kind: 'sendReport', reportId, body: parseSendBody(text, ev.headers) };
  }
  if (head === 'snapshots' && id !== undefined && tail === undefined) {
    if (method !== 'GET') throw methodNotAllowed(method, 'GET');
    const q = parseQuery(query, ['period']);
    return { kind: 'getSnapshot', reportId: pathId(id, 'reportId'), period: parsePeriod(q) };
  }
  if (head === 'live' && id !== undefined && tail === undefined) {
    if (method !== 'GET') throw methodNotAllowed(method, 'GET');
    const q = parseQuery(query, ['format']);
    return {
      kind: 'live',
      environment: pathId(id, 'environment'),
      format: parseEnum(q['format'], LIVE_FORMATS, 'format', 'json'),
    };
  }
  throw new HttpError(
    404,
    'not_found',
    'no such route (try GET /reports, GET /reports/{id}, POST /reports/{id}/send, GET /snapshots/{id}, GET /live/{environment})',
    'path',
  );
}
