/**
 * Lambda entry point (daily EventBridge Scheduler). It loads the real handler (`invoke.ts`) on the first
 * invocation instead of at import, so the module init of a cold start costs little more than parsing
 * the bundle. `npm run bench` measures both: import, and the first invocation.
 */

import type { ArchiveExportsResult } from '../commons/exports/archive.js';
import type { LambdaContext } from '../commons/observability/index.js';

export type { ArchiveEvent } from './invoke.js';

let loaded: Promise<typeof import('./invoke.js')> | undefined;

export async function handler(event: unknown, context?: LambdaContext): Promise<ArchiveExportsResult> {
  loaded ??= import('./invoke.js');
  return (await loaded).handler(event, context);
}
