/**
 * On-demand API behind a Lambda Function URL (payload format 2.0, IAM auth at the URL):
 *   GET  /reports                       configured reports
 *   GET  /reports/{id}?period&format    preview (html | json | text | eml), nothing archived or sent
 *   POST /reports/{id}/send             generate, archive, email (exactly once per period unless force)
 *   GET  /snapshots/{id}?period         an archived snapshot
 *   GET  /live/{environment}?format     live view (Mux monitoring)
 * See docs/function-url.md. Every answer is JSON or the requested format; errors are
 * `{ "error": { code, message, field } }` without stacks; every answer carries `x-request-id`.
 */
import { randomUUID } from 'node:crypto';
import { errorResponse, type FunctionUrlResponse, HttpError } from '../commons/http/http-error.js';
import { parseRequest, type Route } from '../commons/http/parse-request.js';
import { appendLogKeys, type LambdaContext, logger, metrics } from '../commons/observability/index.js';
import { type Invocation, runInvocation } from '../commons/observability/invocation.js';
import { secretsManagerCredentials } from '../commons/pipeline/run-report.js';
import { getSettings } from '../commons/settings/index.js';
import { type ErrorContext, toHttpError } from './errors.js';
import { getLive, getReport, getSnapshot, listReports, type RouteContext, sendReport } from './routes.js';

/** Function URL responses are limited to 6 MB; stay clear of it (headers and encoding take some). */
export const MAX_RESPONSE_BYTES = 5_500_000;

async function dispatch(route: Route, ctx: RouteContext): Promise<FunctionUrlResponse> {
  switch (route.kind) {
    case 'listReports':
      return listReports(ctx);
    case 'getReport':
      return getReport(ctx, route);
    case 'sendReport':
      return sendReport(ctx, route.reportId, route.body);
    case 'getSnapshot':
      return getSnapshot(ctx, route);
    case 'live':
      return getLive(ctx, route);
  }
}

function capSize(response: FunctionUrlResponse, requestId: string): FunctionUrlResponse {
  if (Buffer.byteLength(response.body, 'utf8') <= MAX_RESPONSE_BYTES) return response;
  logger.error('response too large for a Function URL', { bytes: Buffer.byteLength(response.body, 'utf8') });
  return errorResponse(
    new HttpError(
      500,
      'internal_error',
      `the response would exceed the Function URL limit of 6 MB (request id ${requestId}); ask for format=json`,
    ),
  );
}

function describeRoute(event: unknown): { method?: string; path?: string } {
  if (event === null || typeof event !== 'object') return {};
  const e = event as { rawPath?: unknown; requestContext?: { http?: { method?: unknown } } };
  return {
    ...(typeof e.requestContext?.http?.method === 'string' ? { method: e.requestContext.http.method } : {}),
    ...(typeof e.rawPath === 'string' ? { path: e.rawPath.slice(0, 200) } : {}),
  };
}

export function handler(event: unknown, context?: LambdaContext): Promise<FunctionUrlResponse> {
  return runInvocation(context, { trigger: 'function-url', ...describeRoute(event) }, (invocation) =>
    answer(event, invocation),
  );
}

async function answer(event: unknown, { context, startedAt, mux }: Invocation): Promise<FunctionUrlResponse> {
  const requestId = context?.awsRequestId ?? randomUUID();
  const errorCtx: ErrorContext = { requestId };
  let response: FunctionUrlResponse;
  try {
    const route = parseRequest(event);
    appendLogKeys({ route: route.kind });
    const ctx: RouteContext = {
      settings: getSettings(),
      credentials: secretsManagerCredentials,
      now: new Date(),
      onMuxEvent: mux.onEvent,
      lambdaContext: context,
      annotate(keys) {
        if (keys.environment) errorCtx.environment = keys.environment;
        if (keys.reportId) metrics.addMetadata('reportId', keys.reportId);
        appendLogKeys(keys);
      },
    };
    response = capSize(await dispatch(route, ctx), requestId);
  } catch (error) {
    const mapped = toHttpError(error, errorCtx);
    if (mapped.expected) {
      logger.info('request refused', {
        status: mapped.error.status,
        code: mapped.error.code,
        field: mapped.error.field,
        reason: mapped.error.message,
      });
    } else {
      // In full for us (stack, causes); the caller gets the generic message and the request id.
      logger.error('request failed', { status: mapped.error.status, code: mapped.error.code, error });
    }
    response = errorResponse(mapped.error);
  }
  logger.info('request done', { status: response.statusCode, durationMs: Date.now() - startedAt });
  response.headers['x-request-id'] = requestId;
  return response;
}
