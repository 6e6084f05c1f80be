/**
 * Lambda entry point (Function URL). It loads the real handler (`invoke.ts`: zod, undici, the AWS SDK,
 * the renderer…) on the first request instead of at import, so the module init of a cold start costs
 * little more than parsing the bundle. `npm run bench` measures both: import, and the first request.
 */
import type { FunctionUrlResponse } from '../commons/http/http-error.js';
import type { LambdaContext } from '../commons/observability/index.js';

let loaded: Promise<typeof import('./invoke.js')> | undefined;

export async function handler(event: unknown, context?: LambdaContext): Promise<FunctionUrlResponse> {
  loaded ??= import('./invoke.js');
  return (await loaded).handler(event, context);
}
