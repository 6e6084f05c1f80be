/**
 * Typed errors of the Mux client. Messages carry the endpoint path (never the query string, never credentials)
 * so they are safe to log and to show in a report's "section unavailable" note.
 */

/** Base class: `instanceof MuxError` catches everything the client throws on purpose. */
export class MuxError extends Error {
  override readonly name: string = 'MuxError';
  constructor(
    message: string,
    /** API path without the query string, e.g. `/data/v1/metrics/views/overall`. */
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Mux answered with a non-2xx status. */
export class MuxApiError extends MuxError {
  override readonly name = 'MuxApiError';
  constructor(
    readonly status: number,
    /** Mux's error type (`not_found`, `invalid_parameters`…) or one derived from the status. */
    readonly type: string,
    readonly messages: readonly string[],
    /** `x-request-id` response header, for Mux support. */
    readonly requestId: string | null,
    path: string,
  ) {
    const detail = messages.length > 0 ? `: ${messages.join('; ')}` : '';
    super(`Mux API ${status} ${type} on ${path}${detail}`, path);
  }
}

/** Mux answered 2xx but the body is not JSON or does not match the expected shape. */
export class MuxResponseError extends MuxError {
  override readonly name = 'MuxResponseError';
  constructor(
    path: string,
    /** Dotted path of the first failing field, e.g. `data.0.views` (empty for a non-JSON body). */
    readonly issuePath: string,
    readonly reason: string,
  ) {
    super(`Unexpected Mux response on ${path}${issuePath ? ` at ${issuePath}` : ''}: ${reason}`, path);
  }
}

/** No complete response within `timeoutMs` (after all retries). */
export class MuxTimeoutError extends MuxError {
  override readonly name = 'MuxTimeoutError';
  constructor(
    path: string,
    readonly timeoutMs: number,
  ) {
    super(`Mux request to ${path} timed out after ${timeoutMs} ms`, path);
  }
}

/** The connection failed or was reset (after all retries). */
export class MuxConnectionError extends MuxError {
  override readonly name = 'MuxConnectionError';
  constructor(
    path: string,
    /** Low-level error code such as `ECONNRESET`, `ECONNREFUSED`, `UND_ERR_SOCKET`. */
    readonly code: string,
    cause?: unknown,
  ) {
    super(`Connection to Mux failed on ${path} (${code})`, path, { cause });
  }
}

const DEFAULT_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_parameters',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'unprocessable_entity',
  429: 'rate_limited',
};

export function defaultErrorType(status: number): string {
  return DEFAULT_TYPES[status] ?? (status >= 500 ? 'server_error' : 'error');
}

const MAX_MESSAGE = 300;

function clean(text: string): string {
  // Mux strings end up in emails and logs: drop control characters and bound the length.
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}…` : flat;
}

function messageOf(item: unknown): string | null {
  if (typeof item === 'string') return clean(item);
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    for (const key of ['message', 'detail', 'title', 'error']) {
      if (typeof o[key] === 'string') return clean(o[key]);
    }
    return clean(JSON.stringify(item));
  }
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  return null;
}

function messagesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map(messageOf).filter((m): m is string => m !== null && m.length > 0);
}

/**
 * Parses the three error body shapes Mux uses, plus anything else:
 * - `{"error":{"type":"not_found","messages":["…"]}}` (the documented one)
 * - `{"errors":["Too many requests, retry later."]}` (429s, seen in next-video #309)
 * - `{"error":"Sequence dimensions require bracket notation…"}` (filter validation)
 * - non-JSON / empty bodies → the (cleaned, truncated) text, type derived from the status.
 */
export function parseErrorBody(status: number, body: string): { type: string; messages: string[] } {
  const fallbackType = defaultErrorType(status);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = clean(body);
    return { type: fallbackType, messages: text ? [text] : [] };
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const o = parsed as Record<string, unknown>;
    const err = o['error'];
    if (err && typeof err === 'object' && !Array.isArray(err)) {
      const e = err as Record<string, unknown>;
      const type = typeof e['type'] === 'string' && e['type'] ? clean(e['type']) : fallbackType;
      const messages = messagesOf(e['messages'] ?? e['message'] ?? []);
      return { type, messages };
    }
    if (typeof err === 'string') return { type: fallbackType, messages: messagesOf(err) };
    if (o['errors'] !== undefined) return { type: fallbackType, messages: messagesOf(o['errors']) };
    if (typeof o['message'] === 'string') return { type: fallbackType, messages: messagesOf(o['message']) };
  }
  return { type: fallbackType, messages: messagesOf(typeof parsed === 'string' ? parsed : JSON.stringify(parsed)) };
}
