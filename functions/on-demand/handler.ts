/**
 * On-demand API behind a Lambda Function URL (payload format 2.0, IAM auth at the URL):
 *   GET  /reports                       configured reports
 *   GET  /reports/{id}?period&format    preview (html | json | text | eml), nothing archived or sent
 *   POST /reports/{id}/send             generate, archive, email (exactly once per period unless force)
 *   GET  /snapshots/{id}?period         an archived snapshot
 *   GET  /live/{environment}?format     live view (Mux monitoring)
 * See docs/function-url.md. Every answer is JSON or the requested format; errors are
 * `{ "error": { code, message, field } }` without stacks; every answer carries `x-request-id`.
 *
 * What every request needs is loaded and done at init (Lambda runs init on a boosted CPU, once per container):
 * the request parser, the error mapping, the logger and metrics, and the settings with the validated config.
 * Each route module that only some requests need is `import()`ed on its first use and is a separate chunk of
 * the bundle: `GET /reports` loads no Mux client, no AWS SDK, no renderer (`npm run bench` measures it).
 */
import { randomUUID } from 'node:crypto';
import { errorResponse, type FunctionUrlResponse, HttpError } from '../commons/http/http-error.js';
import { parseRequest, type Route } from '../commons/http/parse-request.js';
import { appendLogKeys, type LambdaContext, logger, metrics } from '../commons/observability/index.js';
import { type Invocation, runInvocation } from '../commons/observability/invocation.js';
import { timed } from '../commons/observability/phases.js';
import { getSettings, preloadSettings } from '../commons/settings/index.js';
import { type ErrorContext, toHttpError } from './errors.js';
import { listReports } from './list-reports.js';
import type { RouteContext } from './route-context.js';

await timed('config', preloadSettings);

/** Function URL responses are limited to 6 MB; stay clear of it (headers and encoding take some). */
export const MAX_RESPONSE_BYTES = 5_500_000;

async function dispatch(route: Route, ctx: RouteContext): Promise<FunctionUrlResponse> {
  switch (route.kind) {
    case 'listReports':
      return listReports(ctx);
    case 'getReport':
      return (await timed('import', () => import('./report-routes.js'))).getReport(ctx, route);
    case 'sendReport':
      return (await timed('import', () => import('./report-routes.js'))).sendReport(ctx, route.reportId, route.body);
    case 'getSnapshot':
      return (await timed('import', () => import('./snapshot-route.js'))).getSnapshot(ctx, route);
    case 'live':
      return (await timed('import', () => import('./live-route.js'))).getLive(ctx, route);
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
      settings: await getSettings(),
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
