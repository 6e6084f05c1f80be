/**
 * Maps what the pipeline throws to an HTTP answer. Rules: a client mistake is a 4xx naming the field;
 * Mux or the credentials failing is a 502 (not the caller's fault, and not ours either); anything else
 * is a 500 with a generic message and the request id (the full error goes to the log, never to the caller).
 */
// Leaf modules only (error classes, no SDK, no undici, no nodemailer): this mapping is loaded for every request,
// including the ones that never touch Mux or AWS (GET /reports).
import { SecretError } from '../commons/aws/secret-error.js';
import { ConfigError } from '../commons/config/errors.js';
import { DeliveryError, RecipientNotAllowedError, RecipientsWithoutEmailError } from '../commons/delivery/errors.js';
import { HttpError } from '../commons/http/http-error.js';
import { MuxApiError, MuxError } from '../commons/mux/errors.js';
import { PeriodError } from '../commons/period/types.js';
import { PeriodRefusedError, ReportError } from '../commons/report/report-error.js';

/** What the handler knows when the error happened (for messages). */
export interface ErrorContext {
  requestId: string;
  environment?: string | undefined;
}

/** The first error in the cause chain (including itself) that matches. */
function findCause<T extends Error>(error: unknown, match: (e: Error) => e is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 6; depth++) {
    if (match(current)) return current;
    current = current.cause;
  }
  return undefined;
}

const isMuxError = (e: Error): e is MuxError => e instanceof MuxError;
const isSecretError = (e: Error): e is SecretError => e instanceof SecretError;

/** By name: the live module is loaded lazily, so the handler does not import its class up front. */
function isLiveViewError(error: unknown): error is Error & { reasons: readonly string[] } {
  return (
    error instanceof Error && error.name === 'LiveViewError' && Array.isArray((error as { reasons?: unknown }).reasons)
  );
}

export function recipientNotAllowed(address: string): HttpError {
  return new HttpError(
    403,
    'recipient_not_allowed',
    `recipient ${address} is not one of the report's configured recipients`,
    'recipients',
  );
}

/** The HTTP error for a thrown value; `expected: false` means "log it in full, it is our bug or outage". */
export function toHttpError(error: unknown, ctx: ErrorContext): { error: HttpError; expected: boolean } {
  if (error instanceof HttpError) return { error, expected: true };
  if (error instanceof PeriodError) {
    return { error: new HttpError(400, 'invalid_field', `period: ${error.message}`, 'period'), expected: true };
  }
  if (error instanceof PeriodRefusedError) {
    // Mux refused the period itself (e.g. older than the data it keeps): the caller's choice of period, so a 4xx.
    return { error: new HttpError(400, 'period_out_of_range', error.message, 'period'), expected: true };
  }
  if (error instanceof ConfigError) {
    // findReport / environmentOf: an id that is not configured.
    const message = error.issues[0]?.message ?? 'not found';
    return { error: new HttpError(404, 'not_found', message, 'reportId'), expected: true };
  }
  const env = ctx.environment ? `environment ${ctx.environment}` : 'the environment';

  const secret = findCause(error, isSecretError);
  if (secret) {
    return {
      error: new HttpError(
        502,
        'upstream_unavailable',
        `the Mux credentials of ${env} could not be read (request id ${ctx.requestId})`,
      ),
      expected: false,
    };
  }
  const mux = findCause(error, isMuxError);
  if (mux) {
    if (mux instanceof MuxApiError && (mux.status === 401 || mux.status === 403)) {
      return {
        error: new HttpError(502, 'upstream_unavailable', `Mux rejected the credentials of ${env}`),
        expected: false,
      };
    }
    const detail = mux instanceof MuxApiError ? ` (HTTP ${mux.status})` : '';
    return {
      error: new HttpError(
        502,
        'upstream_unavailable',
        `Mux Data did not answer for ${env}${detail}; try again later (request id ${ctx.requestId})`,
      ),
      expected: false,
    };
  }
  if (isLiveViewError(error)) {
    // Every live part failed; the reasons are built to be shown (paths and statuses only).
    const message = error.reasons.every((r) => r.endsWith('Mux rejected the access token'))
      ? `Mux rejected the credentials of ${env}`
      : `live view of ${env} unavailable: ${error.reasons.join('; ')}`;
    return { error: new HttpError(502, 'upstream_unavailable', message), expected: false };
  }
  if (error instanceof ReportError) {
    return {
      error: new HttpError(
        502,
        'upstream_unavailable',
        `the report could not be produced from Mux Data (request id ${ctx.requestId})`,
      ),
      expected: false,
    };
  }
  if (error instanceof RecipientNotAllowedError) return { error: recipientNotAllowed(error.address), expected: true };
  if (error instanceof RecipientsWithoutEmailError) {
    return { error: new HttpError(400, 'invalid_field', error.message, 'recipients'), expected: true };
  }
  if (error instanceof DeliveryError) {
    return {
      error: new HttpError(502, 'upstream_unavailable', `the email could not be sent (request id ${ctx.requestId})`),
      expected: false,
    };
  }
  return {
    error: new HttpError(500, 'internal_error', `internal error (request id ${ctx.requestId})`),
    expected: false,
  };
}
