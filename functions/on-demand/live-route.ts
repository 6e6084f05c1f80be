/** `GET /live/{environment}?format`: what is happening now (Mux monitoring). Loaded on first use (handler.ts). */
import { bodyResponse, type FunctionUrlResponse, jsonResponse } from '../commons/http/http-error.js';
import type { Route } from '../commons/http/parse-request.js';
import { getLiveView, renderLiveHtml } from '../commons/live/index.js';
import { secretsManagerCredentials } from '../commons/pipeline/credentials.js';
import { createMuxClient } from '../commons/pipeline/mux-client.js';
import { CONTENT_TYPES } from '../commons/report/snapshot-store.js';
import { muxOptionsFrom } from '../commons/settings/runtime.js';
import { environmentOr404, type RouteContext } from './route-context.js';

/** `GET /live/{environment}`: what is happening now (Mux monitoring), JSON or a small HTML page. */
export async function getLive(
  ctx: RouteContext,
  route: Extract<Route, { kind: 'live' }>,
): Promise<FunctionUrlResponse> {
  const environment = environmentOr404(ctx.settings.config, route.environment);
  ctx.annotate({ environment: environment.name });
  const client = await createMuxClient(environment, secretsManagerCredentials, {
    ...muxOptionsFrom(ctx.settings),
    onMuxEvent: ctx.onMuxEvent,
  });
  try {
    const view = await getLiveView(client, { environment: environment.name, now: ctx.now });
    return route.format === 'html'
      ? bodyResponse(200, CONTENT_TYPES.html, renderLiveHtml(view))
      : jsonResponse(200, view);
  } finally {
    await client.close();
  }
}
