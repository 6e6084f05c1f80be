/**
 * The one wrapper every handler runs in: a fresh log context for the invocation (Lambda context, cold start,
 * trigger keys), a Mux event recorder for the pipeline's `onMuxEvent`, and — whatever happens — the Mux counters,
 * one "invocation phases" line (./phases.ts) and the invocation's metrics flushed as one EMF line. Handlers keep only their own logic: parse, run, map errors.
 */
import type { z } from 'zod';
import {
  type LambdaContext,
  type LogFields,
  logger,
  type MuxEventRecorder,
  muxEventRecorder,
  publishMetrics,
  startInvocation,
} from './index.js';
import { phaseTimes, startPhases } from './phases.js';

export interface Invocation {
  readonly context: LambdaContext | undefined;
  /** Epoch ms when the invocation started (for `DurationMs`). */
  readonly startedAt: number;
  /** Pass `mux.onEvent` to the pipeline: it counts Mux calls, retries and 429s for the metrics. */
  readonly mux: MuxEventRecorder;
}

/** Runs `work` inside the invocation's log and metrics context; never swallows what `work` throws. */
export async function runInvocation<R>(
  context: LambdaContext | undefined,
  keys: LogFields,
  work: (invocation: Invocation) => Promise<R>,
): Promise<R> {
  const startedAt = Date.now();
  const t0 = performance.now();
  startInvocation(context, keys);
  const init = startPhases();
  const mux = muxEventRecorder();
  try {
    return await work({ context, startedAt, mux });
  } finally {
    mux.flush();
    // Where the time went (observability/phases.ts); `init` only on the first invocation of the process.
    logger.info('invocation phases', {
      totalMs: Math.round((performance.now() - t0) * 10) / 10,
      phasesMs: phaseTimes(),
      ...(init ? { initPhasesMs: init } : {}),
    });
    publishMetrics(startedAt);
  }
}

/**
 * Validates an EventBridge Scheduler event against a strict zod object; the error names the offending field
 * ("invalid event: scheduledTime is required", "invalid event: unknown field "x" (expected …)").
 * `fail` builds the handler's own error class from the message.
 */
export function parseSchedulerEvent<S extends z.ZodObject>(
  schema: S,
  event: unknown,
  fail: (message: string) => Error,
): z.output<S> {
  const expected = Object.keys(schema.shape).join(', ');
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw fail(`invalid event: expected an object { ${expected} }`);
  }
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw fail(`invalid event: unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} (expected ${expected})`);
  }
  const field = issue.path.map(String).join('.') || '(root)';
  const present = issue.path.length > 0 && Object.hasOwn(event, String(issue.path[0]));
  throw fail(`invalid event: ${field} ${present ? issue.message : 'is required'}`);
}
