/**
 * Errors and responses of the on-demand Function URL. Every client mistake becomes a 4xx JSON body
 * `{ "error": { "code", "message", "field" } }`; nothing else (no stack, no internal message) leaves the function.
 */

export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'invalid_field'
  | 'unknown_field'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'period_out_of_range'
  | 'recipient_not_allowed'
  | 'upstream_unavailable'
  | 'internal_error';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface FunctionUrlResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function jsonResponse(
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): FunctionUrlResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(value),
  };
}

export function bodyResponse(
  statusCode: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): FunctionUrlResponse {
  return { statusCode, headers: { 'content-type': contentType, ...SECURITY_HEADERS, ...headers }, body };
}

export function errorResponse(err: HttpError): FunctionUrlResponse {
  return jsonResponse(err.status, { error: { code: err.code, message: err.message, field: err.field } }, err.headers);
}
